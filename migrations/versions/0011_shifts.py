"""shifts, downtime reasons, machine-state reasons, workstation settings

Shifts are weekly patterns in the plant's local time (`TAKT_TIMEZONE`) with their breaks as a
JSON list; downtime reasons carry an ISO 22400 loss category; a machine-state interval may
name its downtime reason; workstations get `ideal_cycle_s`, `auto_issue_type` (an issue type
code, not yet a foreign key) and `silence_timeout_s`.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-20 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
_CATEGORIES = (
    "equipment_failure",
    "setup_adjustment",
    "minor_stop",
    "reduced_speed",
    "material_shortage",
    "no_operator",
    "planned",
    "unqualified",
)


def _timestamps() -> list[sa.Column[object]]:
    return [
        sa.Column(
            name,
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        )
        for name in ("created_at", "updated_at")
    ]


def upgrade() -> None:
    op.create_table(
        "shifts",
        sa.Column("id", _ID, nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("start_time", sa.String(length=5), nullable=False),
        sa.Column("end_time", sa.String(length=5), nullable=False),
        sa.Column("days", _JSON, nullable=False),
        sa.Column("line_id", _ID, nullable=True),
        sa.Column("breaks", _JSON, nullable=False),
        *_timestamps(),
        sa.CheckConstraint("start_time LIKE '__:__'", name=op.f("ck_shifts_start_time")),
        sa.CheckConstraint("end_time LIKE '__:__'", name=op.f("ck_shifts_end_time")),
        sa.ForeignKeyConstraint(
            ["line_id"], ["lines.id"], name=op.f("fk_shifts_line_id_lines"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shifts")),
    )
    op.create_index(op.f("ix_shifts_line_id"), "shifts", ["line_id"], unique=False)
    categories = ", ".join(f"'{c}'" for c in _CATEGORIES)
    op.create_table(
        "downtime_reasons",
        sa.Column("id", _ID, nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("category", sa.String(length=24), nullable=False),
        *_timestamps(),
        sa.CheckConstraint(
            f"category IN ({categories})", name=op.f("ck_downtime_reasons_category")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_downtime_reasons")),
        sa.UniqueConstraint("code", name=op.f("uq_downtime_reasons_code")),
    )
    with op.batch_alter_table("machine_states", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reason_id", _ID, nullable=True))
        batch_op.create_foreign_key(
            op.f("fk_machine_states_reason_id_downtime_reasons"),
            "downtime_reasons",
            ["reason_id"],
            ["id"],
            ondelete="RESTRICT",
        )
        batch_op.create_index(
            batch_op.f("ix_machine_states_reason_id"), ["reason_id"], unique=False
        )
    with op.batch_alter_table("workstations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ideal_cycle_s", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("auto_issue_type", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("silence_timeout_s", sa.Integer(), nullable=True))
        batch_op.create_check_constraint(op.f("ck_workstations_ideal_cycle_s"), "ideal_cycle_s > 0")
        batch_op.create_check_constraint(
            op.f("ck_workstations_silence_timeout_s"), "silence_timeout_s > 0"
        )


def downgrade() -> None:
    with op.batch_alter_table("workstations", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_workstations_silence_timeout_s"), type_="check")
        batch_op.drop_constraint(op.f("ck_workstations_ideal_cycle_s"), type_="check")
        batch_op.drop_column("silence_timeout_s")
        batch_op.drop_column("auto_issue_type")
        batch_op.drop_column("ideal_cycle_s")
    with op.batch_alter_table("machine_states", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_machine_states_reason_id"))
        batch_op.drop_constraint(
            op.f("fk_machine_states_reason_id_downtime_reasons"), type_="foreignkey"
        )
        batch_op.drop_column("reason_id")
    op.drop_table("downtime_reasons")
    op.drop_index(op.f("ix_shifts_line_id"), table_name="shifts")
    op.drop_table("shifts")
