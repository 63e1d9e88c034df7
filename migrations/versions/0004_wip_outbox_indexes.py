"""wip_events: two fewer index entries per WIP event

Revision ID: 0004
Revises: 0003
Every unit command inserts an outbox row and the sequencer updates it once (setting `seq`, a
non-HOT update). `ix_wip_events_at` served no query (retention walks the `seq` index), and
`ix_wip_events_seq` indexed the NULL `seq` of every pending row for nothing: every query by
`seq` implies `seq IS NOT NULL`, so it becomes a partial index (still unique).
Create Date: 2026-12-01 17:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_wip_events_at", table_name="wip_events")
    op.drop_index("ix_wip_events_seq", table_name="wip_events")
    op.create_index(
        "ix_wip_events_seq",
        "wip_events",
        ["seq"],
        unique=True,
        postgresql_where=sa.text("seq IS NOT NULL"),
        sqlite_where=sa.text("seq IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_wip_events_seq", table_name="wip_events")
    op.create_index("ix_wip_events_seq", "wip_events", ["seq"], unique=True)
    op.create_index("ix_wip_events_at", "wip_events", ["at"], unique=False)
