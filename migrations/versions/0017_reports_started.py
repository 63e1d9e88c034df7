"""reports: units started read from their `created` history row

`units` rows are rewritten on every move (not a HOT update: indexed columns change), so each
index on `units` takes a new entry per move. The reports' `ix_units_created_at` goes; units
started in a window are read from a partial index of `created` history rows, which takes one
entry per unit and none per move.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-22 12:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CREATED = sa.text("type = 'created'")


def upgrade() -> None:
    op.drop_index("ix_units_created_at", table_name="units")
    op.create_index(
        "ix_unit_events_created_at",
        "unit_events",
        ["at"],
        unique=False,
        postgresql_where=_CREATED,
        sqlite_where=_CREATED,
    )


def downgrade() -> None:
    op.drop_index("ix_unit_events_created_at", table_name="unit_events")
    op.create_index("ix_units_created_at", "units", ["created_at"], unique=False)
