"""machines: automatic andon issues, machine presence (the silence timeout)

`issues.automatic` marks an issue a machine opened by reporting `down` (its workstation's
`auto_issue_type`); the partial unique index keeps at most one such issue open or
acknowledged per workstation, whatever the number of consumers racing. `machine_presence` is when each workstation's
machine last spoke and whether the silence checker recorded it as silent.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-21 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_ACTIVE_AUTOMATIC = "automatic AND status IN ('open', 'acknowledged')"


def upgrade() -> None:
    op.create_table(
        "machine_presence",
        sa.Column("workstation_id", _ID, autoincrement=False, nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("silent_since", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["workstation_id"],
            ["workstations.id"],
            name=op.f("fk_machine_presence_workstation_id_workstations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("workstation_id", name=op.f("pk_machine_presence")),
    )
    with op.batch_alter_table("issues", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("automatic", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    op.create_index(
        "ux_issues_automatic_active",
        "issues",
        ["workstation_id"],
        unique=True,
        postgresql_where=sa.text(_ACTIVE_AUTOMATIC),
        sqlite_where=sa.text(_ACTIVE_AUTOMATIC),
    )


def downgrade() -> None:
    op.drop_index("ux_issues_automatic_active", table_name="issues")
    with op.batch_alter_table("issues", schema=None) as batch_op:
        batch_op.drop_column("automatic")
    op.drop_table("machine_presence")
