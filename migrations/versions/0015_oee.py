"""oee: unit events by the workstation they left

OEE counts the units that finished a step at a workstation within each piece of planned
busy time: `unit_events` by (`from_workstation_id`, `at`), on PostgreSQL covering what the
count reads (`type`, `order_id`, `from_step`: an index-only scan).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-21 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_unit_events_from_workstation_id_at",
        "unit_events",
        ["from_workstation_id", "at"],
        unique=False,
        postgresql_include=["type", "order_id", "from_step"],
    )


def downgrade() -> None:
    op.drop_index("ix_unit_events_from_workstation_id_at", table_name="unit_events")
