"""quantity batches and labour

Orders get `tracking`; batches, their steps and history; labour entries (one person on one
job at most once at a time: partial unique indexes); measurements and quality events may
concern a batch instead of a unit (quality events with the quantity they concern).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 13:40:32.223463
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "batches",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("order_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("part_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "route_revision_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column("line_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("good", sa.Integer(), nullable=False),
        sa.Column("scrap", sa.Integer(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('in_progress', 'completed', 'scrapped')", name=op.f("ck_batches_status")
        ),
        sa.CheckConstraint(
            "good >= 0 AND scrap >= 0 AND good + scrap = quantity",
            name=op.f("ck_batches_quantities"),
        ),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_batches_quantity_positive")),
        sa.CheckConstraint("step >= 1", name=op.f("ck_batches_step_positive")),
        sa.ForeignKeyConstraint(
            ["line_id"], ["lines.id"], name=op.f("fk_batches_line_id_lines"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["orders.id"],
            name=op.f("fk_batches_order_id_orders"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["part_id"], ["parts.id"], name=op.f("fk_batches_part_id_parts"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["route_revision_id"],
            ["route_revisions.id"],
            name=op.f("fk_batches_route_revision_id_route_revisions"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_batches")),
    )
    op.create_index("ix_batches_order_id_id", "batches", ["order_id", "id"], unique=False)
    op.create_index(op.f("ix_batches_part_id"), "batches", ["part_id"], unique=False)
    op.create_table(
        "batch_events",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("batch_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("order_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("type", sa.String(length=24), nullable=False),
        sa.Column("step", sa.Integer(), nullable=True),
        sa.Column(
            "workstation_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("quantity", sa.Integer(), nullable=True),
        sa.Column("good", sa.Integer(), nullable=True),
        sa.Column("scrap", sa.Integer(), nullable=True),
        sa.Column(
            "defect_code_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "type IN ('batch_step_started', 'batch_step_completed', 'batch_created', "
            "'batch_measured', 'batch_scrapped')",
            name=op.f("ck_batch_events_type"),
        ),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["batches.id"],
            name=op.f("fk_batch_events_batch_id_batches"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["defect_code_id"],
            ["defect_codes.id"],
            name=op.f("fk_batch_events_defect_code_id_defect_codes"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["orders.id"],
            name=op.f("fk_batch_events_order_id_orders"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["workstation_id"],
            ["workstations.id"],
            name=op.f("fk_batch_events_workstation_id_workstations"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_batch_events")),
    )
    op.create_index("ix_batch_events_at", "batch_events", ["at"], unique=False)
    op.create_index("ix_batch_events_batch_id_id", "batch_events", ["batch_id", "id"], unique=False)
    op.create_table(
        "batch_steps",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("batch_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "workstation_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("is_gate", sa.Boolean(), nullable=False),
        sa.Column("ideal_cycle_s", sa.Float(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("quantity_in", sa.Integer(), nullable=True),
        sa.Column("good", sa.Integer(), nullable=True),
        sa.Column("scrap", sa.Integer(), nullable=True),
        sa.Column(
            "defect_code_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("started_by", sa.String(length=100), nullable=True),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("completed_by", sa.String(length=100), nullable=True),
        sa.Column("seconds", sa.Float(), nullable=True),
        sa.CheckConstraint(
            "(status = 'done') = (good IS NOT NULL AND scrap IS NOT NULL AND good + scrap = quantity_in)",
            name=op.f("ck_batch_steps_done_with_quantities"),
        ),
        sa.CheckConstraint(
            "status = 'pending' OR quantity_in IS NOT NULL",
            name=op.f("ck_batch_steps_started_with_quantity"),
        ),
        sa.CheckConstraint(
            "status IN ('pending', 'in_progress', 'done')", name=op.f("ck_batch_steps_status")
        ),
        sa.CheckConstraint("seq >= 1", name=op.f("ck_batch_steps_seq_positive")),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["batches.id"],
            name=op.f("fk_batch_steps_batch_id_batches"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["defect_code_id"],
            ["defect_codes.id"],
            name=op.f("fk_batch_steps_defect_code_id_defect_codes"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["workstation_id"],
            ["workstations.id"],
            name=op.f("fk_batch_steps_workstation_id_workstations"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_batch_steps")),
        sa.UniqueConstraint("batch_id", "seq", name=op.f("uq_batch_steps_batch_id_seq")),
    )
    op.create_index(
        "ix_batch_steps_open_workstation",
        "batch_steps",
        ["workstation_id"],
        unique=False,
        postgresql_where=sa.text(
            "status = 'in_progress' OR (status = 'pending' AND quantity_in IS NOT NULL)"
        ),
        sqlite_where=sa.text(
            "status = 'in_progress' OR (status = 'pending' AND quantity_in IS NOT NULL)"
        ),
    )
    op.create_table(
        "labour_entries",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("user_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("unit_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("batch_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("order_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column(
            "workstation_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("seconds", sa.Float(), nullable=True),
        sa.Column("started_by", sa.String(length=100), nullable=False),
        sa.Column("ended_by", sa.String(length=100), nullable=True),
        sa.CheckConstraint(
            "(ended_at IS NULL) = (seconds IS NULL) AND (seconds IS NULL OR seconds >= 0)",
            name=op.f("ck_labour_entries_ended_with_seconds"),
        ),
        sa.CheckConstraint(
            "(unit_id IS NULL) <> (batch_id IS NULL)", name=op.f("ck_labour_entries_one_job")
        ),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["batches.id"],
            name=op.f("fk_labour_entries_batch_id_batches"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["orders.id"],
            name=op.f("fk_labour_entries_order_id_orders"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["units.id"],
            name=op.f("fk_labour_entries_unit_id_units"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_labour_entries_user_id_users"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["workstation_id"],
            ["workstations.id"],
            name=op.f("fk_labour_entries_workstation_id_workstations"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_labour_entries")),
    )
    op.create_index(
        "ix_labour_entries_open_batch_id",
        "labour_entries",
        ["batch_id"],
        unique=False,
        postgresql_where=sa.text("ended_at IS NULL"),
        sqlite_where=sa.text("ended_at IS NULL"),
    )
    op.create_index(
        "ix_labour_entries_open_unit_id",
        "labour_entries",
        ["unit_id"],
        unique=False,
        postgresql_where=sa.text("ended_at IS NULL"),
        sqlite_where=sa.text("ended_at IS NULL"),
    )
    op.create_index("ix_labour_entries_order_id", "labour_entries", ["order_id"], unique=False)
    op.create_index("ix_labour_entries_started_at", "labour_entries", ["started_at"], unique=False)
    op.create_index(
        "ix_labour_entries_user_id_started_at",
        "labour_entries",
        ["user_id", "started_at"],
        unique=False,
    )
    op.create_index(
        "ux_labour_entries_open_batch",
        "labour_entries",
        ["user_id", "batch_id", "step"],
        unique=True,
        postgresql_where=sa.text("ended_at IS NULL AND batch_id IS NOT NULL"),
        sqlite_where=sa.text("ended_at IS NULL AND batch_id IS NOT NULL"),
    )
    op.create_index(
        "ux_labour_entries_open_unit",
        "labour_entries",
        ["user_id", "unit_id", "step"],
        unique=True,
        postgresql_where=sa.text("ended_at IS NULL AND unit_id IS NOT NULL"),
        sqlite_where=sa.text("ended_at IS NULL AND unit_id IS NOT NULL"),
    )
    # Event names such as `batch_step_completed` are longer than unit events'.
    with op.batch_alter_table("outbox_events", schema=None) as batch_op:
        batch_op.alter_column(
            "type", existing_type=sa.String(length=16), type_=sa.String(length=24)
        )
    with op.batch_alter_table("measurements", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "batch_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
            )
        )
        batch_op.alter_column("unit_id", existing_type=sa.BigInteger(), nullable=True)
        batch_op.create_foreign_key(
            op.f("fk_measurements_batch_id_batches"),
            "batches",
            ["batch_id"],
            ["id"],
            ondelete="RESTRICT",
        )
        batch_op.create_check_constraint(
            op.f("ck_measurements_unit_or_batch"), "(unit_id IS NULL) <> (batch_id IS NULL)"
        )
    op.create_index(
        "ix_measurements_batch_gate",
        "measurements",
        ["batch_id", "test_definition_id", "id"],
        unique=False,
        postgresql_where=sa.text("batch_id IS NOT NULL"),
        sqlite_where=sa.text("batch_id IS NOT NULL"),
    )
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("tracking", sa.String(length=8), server_default="serial", nullable=False)
        )
        batch_op.create_check_constraint(
            op.f("ck_orders_tracking"), "tracking IN ('serial', 'batch')"
        )
    with op.batch_alter_table("quality_events", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "batch_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
            )
        )
        batch_op.add_column(sa.Column("quantity", sa.Integer(), server_default="1", nullable=False))
        batch_op.create_foreign_key(
            op.f("fk_quality_events_batch_id_batches"),
            "batches",
            ["batch_id"],
            ["id"],
            ondelete="RESTRICT",
        )
        batch_op.create_check_constraint(
            op.f("ck_quality_events_quantity_positive"), "quantity >= 1"
        )
    op.create_index(
        "ix_quality_events_batch_id_id",
        "quality_events",
        ["batch_id", "id"],
        unique=False,
        postgresql_where=sa.text("batch_id IS NOT NULL"),
        sqlite_where=sa.text("batch_id IS NOT NULL"),
    )


def downgrade() -> None:
    op.execute("DELETE FROM outbox_events WHERE type LIKE 'batch%'")
    with op.batch_alter_table("outbox_events", schema=None) as batch_op:
        batch_op.alter_column(
            "type", existing_type=sa.String(length=24), type_=sa.String(length=16)
        )
    op.drop_index("ix_quality_events_batch_id_id", table_name="quality_events")
    with op.batch_alter_table("quality_events", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_quality_events_quantity_positive"), type_="check")
        batch_op.drop_constraint(op.f("fk_quality_events_batch_id_batches"), type_="foreignkey")
        batch_op.drop_column("quantity")
        batch_op.drop_column("batch_id")
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_orders_tracking"), type_="check")
        batch_op.drop_column("tracking")
    op.drop_index("ix_measurements_batch_gate", table_name="measurements")
    op.execute("DELETE FROM measurements WHERE unit_id IS NULL")
    with op.batch_alter_table("measurements", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_measurements_unit_or_batch"), type_="check")
        batch_op.drop_constraint(op.f("fk_measurements_batch_id_batches"), type_="foreignkey")
        batch_op.alter_column("unit_id", existing_type=sa.BigInteger(), nullable=False)
        batch_op.drop_column("batch_id")
    op.drop_index(
        "ux_labour_entries_open_unit",
        table_name="labour_entries",
        postgresql_where=sa.text("ended_at IS NULL AND unit_id IS NOT NULL"),
        sqlite_where=sa.text("ended_at IS NULL AND unit_id IS NOT NULL"),
    )
    op.drop_index(
        "ux_labour_entries_open_batch",
        table_name="labour_entries",
        postgresql_where=sa.text("ended_at IS NULL AND batch_id IS NOT NULL"),
        sqlite_where=sa.text("ended_at IS NULL AND batch_id IS NOT NULL"),
    )
    op.drop_index("ix_labour_entries_user_id_started_at", table_name="labour_entries")
    op.drop_index("ix_labour_entries_started_at", table_name="labour_entries")
    op.drop_index("ix_labour_entries_order_id", table_name="labour_entries")
    op.drop_index(
        "ix_labour_entries_open_unit_id",
        table_name="labour_entries",
        postgresql_where=sa.text("ended_at IS NULL"),
        sqlite_where=sa.text("ended_at IS NULL"),
    )
    op.drop_index(
        "ix_labour_entries_open_batch_id",
        table_name="labour_entries",
        postgresql_where=sa.text("ended_at IS NULL"),
        sqlite_where=sa.text("ended_at IS NULL"),
    )
    op.drop_table("labour_entries")
    op.drop_index(
        "ix_batch_steps_open_workstation",
        table_name="batch_steps",
        postgresql_where=sa.text(
            "status = 'in_progress' OR (status = 'pending' AND quantity_in IS NOT NULL)"
        ),
        sqlite_where=sa.text(
            "status = 'in_progress' OR (status = 'pending' AND quantity_in IS NOT NULL)"
        ),
    )
    op.drop_table("batch_steps")
    op.drop_index("ix_batch_events_batch_id_id", table_name="batch_events")
    op.drop_index("ix_batch_events_at", table_name="batch_events")
    op.drop_table("batch_events")
    op.drop_index(op.f("ix_batches_part_id"), table_name="batches")
    op.drop_index("ix_batches_order_id_id", table_name="batches")
    op.drop_table("batches")
