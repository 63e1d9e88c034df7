"""reports: orders' planned start, units by creation and finish time

`orders.planned_start` (optional, a UTC instant) is where an order starts on the schedule
(`GET /schedule`). The production report counts units started and finished in a window:
`ix_units_created_at` and the partial `ix_units_finished_at` (finished units only) read
those without scanning every unit ever built.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-21 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_FINISHED = "finished_at IS NOT NULL"


def upgrade() -> None:
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.add_column(sa.Column("planned_start", sa.DateTime(timezone=True), nullable=True))
    op.create_index("ix_units_created_at", "units", ["created_at"], unique=False)
    op.create_index(
        "ix_units_finished_at",
        "units",
        ["finished_at"],
        unique=False,
        postgresql_where=sa.text(_FINISHED),
        sqlite_where=sa.text(_FINISHED),
    )


def downgrade() -> None:
    op.drop_index("ix_units_finished_at", table_name="units")
    op.drop_index("ix_units_created_at", table_name="units")
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_column("planned_start")
