"""completed batch steps indexed for quality analytics and yield alerts

Completed batch steps get two partial indexes: by completion time (quality analytics over a
window add the batch quantities completed in it: `app.analytics.quality.batches`) and by
workstation and completion time (the `yield_below` alert rule reads the latest completions
at a workstation: `app.quality.alerts.rules`). Only completed steps are in them, and a step
enters them once, with its completion.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-14 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_DONE = "status = 'done'"
_DONE_INDEXES = (
    ("ix_batch_steps_done_at", ["completed_at"]),
    ("ix_batch_steps_done_workstation", ["workstation_id", "completed_at"]),
)


def upgrade() -> None:
    for name, columns in _DONE_INDEXES:
        op.create_index(
            name,
            "batch_steps",
            columns,
            unique=False,
            postgresql_where=sa.text(_DONE),
            sqlite_where=sa.text(_DONE),
        )


def downgrade() -> None:
    for name, _ in _DONE_INDEXES:
        op.drop_index(name, table_name="batch_steps")
