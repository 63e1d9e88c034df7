"""outbox event names up to 32 characters; completed batch steps indexed

`outbox_events.type` was VARCHAR(16), the length of the longest unit event name; the batch
WIP events `batch_step_started` (18) and `batch_step_completed` (20) do not fit, and
PostgreSQL refuses them. On PostgreSQL a longer VARCHAR is a catalogue change (no rewrite);
SQLite does not enforce the length, but the table is rebuilt so the schema says it (its two
partial indexes are recreated as they were).

Completed batch steps get two partial indexes: by completion time (quality analytics over a
window add the batch quantities completed in it) and by workstation and completion time
(the `yield_below` alert rule reads the latest completions at a workstation).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-14 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (index, columns, unique, where): the outbox's partial indexes (migration 0005)
_INDEXES = (
    ("ix_outbox_events_seq", ["seq"], True, "seq IS NOT NULL"),
    ("ix_outbox_events_pending", ["id"], False, "seq IS NULL"),
)


def _type_length(old: int, new: int) -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column(
            "outbox_events",
            "type",
            existing_type=sa.String(length=old),
            type_=sa.String(length=new),
            existing_nullable=False,
        )
        return
    for name, *_ in _INDEXES:
        op.drop_index(name, table_name="outbox_events")
    with op.batch_alter_table("outbox_events", schema=None) as batch_op:
        batch_op.alter_column(
            "type",
            existing_type=sa.String(length=old),
            type_=sa.String(length=new),
            existing_nullable=False,
        )
    for name, columns, unique, where in _INDEXES:
        op.create_index(name, "outbox_events", columns, unique=unique, sqlite_where=sa.text(where))


_DONE = "status = 'done'"
_DONE_INDEXES = (
    ("ix_batch_steps_done_at", ["completed_at"]),
    ("ix_batch_steps_done_workstation", ["workstation_id", "completed_at"]),
)


def upgrade() -> None:
    _type_length(16, 32)
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
    _type_length(32, 16)
