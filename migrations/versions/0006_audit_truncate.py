"""audit_log refuses TRUNCATE; measurements remember whether they failed a gate

Revision ID: 0006
Revises: 0005
The audit log refused UPDATE and DELETE row by row, but on PostgreSQL `TRUNCATE audit_log`
fires no row trigger and emptied it: a statement-level BEFORE TRUNCATE trigger now refuses
it too (SQLite has no TRUNCATE; its `DELETE` without WHERE already fires the row trigger).
A role that owns the table can still disable the triggers: production should run the
application as a role that does not own the tables (see `TAKT_MIGRATION_DATABASE_URL` and
`app.db.migrate.grant_app_role`).

`measurements.failed_gate`: set when the measurement failed the gate its unit waited at, so
`GET /units/{serial}/measurements` reports what the command reported.
Create Date: 2026-12-10 12:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        # The function of migration 0001 raises for any operation (TG_OP names it).
        op.execute(
            "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
            "FOR EACH STATEMENT EXECUTE FUNCTION takt_audit_log_immutable()"
        )
    op.add_column(
        "measurements",
        sa.Column("failed_gate", sa.Boolean(), server_default=sa.false(), nullable=False),
    )


def downgrade() -> None:
    with op.batch_alter_table("measurements", schema=None) as batch_op:
        batch_op.drop_column("failed_gate")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log")
