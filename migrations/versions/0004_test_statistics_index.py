"""test statistics: a covering index on measurements per test and time

Revision ID: 0004
Revises: 0003
`ix_measurements_test_statistics` replaces `ix_measurements_test_definition_id_at` (same key);
on PostgreSQL it includes the summary columns test statistics aggregate, so they are read
from the index alone (an index-only scan per test definition) instead of the wide rows.
Create Date: 2026-12-01 14:10:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The columns test statistics read from a measurement (app.models.quality.MEASUREMENT_SUMMARY).
_SUMMARY = ["mean", "m2", "min_value", "max_value", "workstation_id", "points", "result"]


def upgrade() -> None:
    with op.batch_alter_table("measurements", schema=None) as batch_op:
        batch_op.create_index(
            "ix_measurements_test_statistics",
            ["test_definition_id", "at"],
            unique=False,
            postgresql_include=_SUMMARY,
        )
        batch_op.drop_index("ix_measurements_test_definition_id_at")


def downgrade() -> None:
    with op.batch_alter_table("measurements", schema=None) as batch_op:
        batch_op.create_index(
            "ix_measurements_test_definition_id_at", ["test_definition_id", "at"], unique=False
        )
        batch_op.drop_index("ix_measurements_test_statistics")
