"""work queues: units and batches in progress by order and step

`GET /workstations/{id}/queue` reads, per order and route step, the units in progress there
in waiting order (`updated_at`, then id), a page at a time, and the batches in progress at
that step: two partial indexes serve these reads without sorting or reading finished rows.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 18:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_units_queue",
        "units",
        ["order_id", "step", "updated_at", "id"],
        unique=False,
        postgresql_where=sa.text("status = 'in_progress'"),
        sqlite_where=sa.text("status = 'in_progress'"),
    )
    op.create_index(
        "ix_batches_queue",
        "batches",
        ["order_id", "step"],
        unique=False,
        postgresql_where=sa.text("status = 'in_progress'"),
        sqlite_where=sa.text("status = 'in_progress'"),
    )


def downgrade() -> None:
    op.drop_index("ix_batches_queue", table_name="batches")
    op.drop_index("ix_units_queue", table_name="units")
