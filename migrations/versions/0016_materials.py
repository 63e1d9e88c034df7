"""materials: part kinds and units of measure, BOM revisions, lots, consumption, assemblies

Parts get `kind` and `uom`; orders pin a BOM revision; lots (remaining never below zero nor
above the received quantity: a CHECK); consumption by units and batches (append-only);
assemblies (a child open in one parent at most: a partial unique index). Unit and batch
history learn the material event types.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-22 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

_UNIT_EVENTS = (
    "'created', 'moved', 'gate_passed', 'gate_failed', 'reworked', 'scrapped', 'completed', "
    "'measured'"
)
_UNIT_MATERIAL_EVENTS = ", 'consumed', 'installed', 'removed'"
_BATCH_EVENTS = (
    "'batch_step_started', 'batch_step_completed', 'batch_created', 'batch_measured', "
    "'batch_scrapped'"
)
_BATCH_MATERIAL_EVENTS = ", 'batch_consumed'"


def _event_types(unit: str, batch: str) -> None:
    with op.batch_alter_table("unit_events", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_unit_events_type"), type_="check")
        batch_op.create_check_constraint(op.f("ck_unit_events_type"), f"type IN ({unit})")
    with op.batch_alter_table("batch_events", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_batch_events_type"), type_="check")
        batch_op.create_check_constraint(op.f("ck_batch_events_type"), f"type IN ({batch})")


revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "bom_revisions",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("part_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["part_id"],
            ["parts.id"],
            name=op.f("fk_bom_revisions_part_id_parts"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bom_revisions")),
        sa.UniqueConstraint("part_id", "revision", name=op.f("uq_bom_revisions_part_id_revision")),
    )
    op.create_table(
        "lots",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("part_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("quantity", sa.Float(), nullable=False),
        sa.Column("remaining", sa.Float(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("supplier", sa.String(length=200), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "received_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column("received_by", sa.String(length=100), nullable=False),
        sa.Column("hold_reason", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "status IN ('available', 'on_hold', 'consumed')", name=op.f("ck_lots_status")
        ),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_lots_quantity_positive")),
        sa.CheckConstraint(
            "remaining >= 0 AND remaining <= quantity", name=op.f("ck_lots_remaining_in_range")
        ),
        sa.ForeignKeyConstraint(
            ["part_id"], ["parts.id"], name=op.f("fk_lots_part_id_parts"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lots")),
        sa.UniqueConstraint("part_id", "code", name=op.f("uq_lots_part_id_code")),
    )
    with op.batch_alter_table("lots", schema=None) as batch_op:
        batch_op.create_index("ix_lots_status_part_id", ["status", "part_id"], unique=False)

    op.create_table(
        "bom_items",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "bom_revision_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "component_part_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column("quantity", sa.Float(), nullable=False),
        sa.Column("step", sa.Integer(), nullable=True),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_bom_items_quantity_positive")),
        sa.CheckConstraint("step IS NULL OR step >= 1", name=op.f("ck_bom_items_step_positive")),
        sa.ForeignKeyConstraint(
            ["bom_revision_id"],
            ["bom_revisions.id"],
            name=op.f("fk_bom_items_bom_revision_id_bom_revisions"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["component_part_id"],
            ["parts.id"],
            name=op.f("fk_bom_items_component_part_id_parts"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bom_items")),
        sa.UniqueConstraint(
            "bom_revision_id",
            "component_part_id",
            name=op.f("uq_bom_items_bom_revision_id_component_part_id"),
        ),
    )
    with op.batch_alter_table("bom_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_bom_items_component_part_id"), ["component_part_id"], unique=False
        )

    op.create_table(
        "assemblies",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "parent_unit_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "child_unit_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("installed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("installed_by", sa.String(length=100), nullable=False),
        sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("removed_by", sa.String(length=100), nullable=True),
        sa.Column("removed_reason", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "parent_unit_id <> child_unit_id", name=op.f("ck_assemblies_not_itself")
        ),
        sa.ForeignKeyConstraint(
            ["child_unit_id"],
            ["units.id"],
            name=op.f("fk_assemblies_child_unit_id_units"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["parent_unit_id"],
            ["units.id"],
            name=op.f("fk_assemblies_parent_unit_id_units"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assemblies")),
    )
    with op.batch_alter_table("assemblies", schema=None) as batch_op:
        batch_op.create_index("ix_assemblies_child_unit_id", ["child_unit_id"], unique=False)
        batch_op.create_index("ix_assemblies_parent_unit_id", ["parent_unit_id"], unique=False)
        batch_op.create_index(
            "uq_assemblies_child_installed",
            ["child_unit_id"],
            unique=True,
            postgresql_where=sa.text("removed_at IS NULL"),
            sqlite_where=sa.text("removed_at IS NULL"),
        )

    op.create_table(
        "consumptions",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("lot_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("quantity", sa.Float(), nullable=False),
        sa.Column("unit_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("batch_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("order_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column(
            "workstation_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(unit_id IS NULL) <> (batch_id IS NULL)", name=op.f("ck_consumptions_unit_or_batch")
        ),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_consumptions_quantity_positive")),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["batches.id"],
            name=op.f("fk_consumptions_batch_id_batches"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["lot_id"], ["lots.id"], name=op.f("fk_consumptions_lot_id_lots"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["orders.id"],
            name=op.f("fk_consumptions_order_id_orders"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["units.id"],
            name=op.f("fk_consumptions_unit_id_units"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["workstation_id"],
            ["workstations.id"],
            name=op.f("fk_consumptions_workstation_id_workstations"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consumptions")),
    )
    with op.batch_alter_table("consumptions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_consumptions_batch_id",
            ["batch_id"],
            unique=False,
            postgresql_where=sa.text("batch_id IS NOT NULL"),
            sqlite_where=sa.text("batch_id IS NOT NULL"),
        )
        batch_op.create_index("ix_consumptions_lot_id", ["lot_id"], unique=False)
        batch_op.create_index("ix_consumptions_order_id", ["order_id"], unique=False)
        batch_op.create_index(
            "ix_consumptions_unit_id",
            ["unit_id"],
            unique=False,
            postgresql_where=sa.text("unit_id IS NOT NULL"),
            sqlite_where=sa.text("unit_id IS NOT NULL"),
        )

    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "bom_revision_id",
                sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                nullable=True,
            )
        )
        batch_op.create_index(
            batch_op.f("ix_orders_bom_revision_id"), ["bom_revision_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_orders_bom_revision_id_bom_revisions"),
            "bom_revisions",
            ["bom_revision_id"],
            ["id"],
            ondelete="RESTRICT",
        )

    with op.batch_alter_table("parts", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kind", sa.String(length=16), server_default="product", nullable=False)
        )
        batch_op.add_column(
            sa.Column("uom", sa.String(length=16), server_default="pcs", nullable=False)
        )
        batch_op.create_check_constraint(
            op.f("ck_parts_kind"), "kind IN ('product', 'component', 'material')"
        )

    _event_types(_UNIT_EVENTS + _UNIT_MATERIAL_EVENTS, _BATCH_EVENTS + _BATCH_MATERIAL_EVENTS)


def downgrade() -> None:
    _event_types(_UNIT_EVENTS, _BATCH_EVENTS)
    with op.batch_alter_table("parts", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_parts_kind"), type_="check")
        batch_op.drop_column("uom")
        batch_op.drop_column("kind")

    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_orders_bom_revision_id_bom_revisions"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_orders_bom_revision_id"))
        batch_op.drop_column("bom_revision_id")

    with op.batch_alter_table("consumptions", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_consumptions_unit_id",
            postgresql_where=sa.text("unit_id IS NOT NULL"),
            sqlite_where=sa.text("unit_id IS NOT NULL"),
        )
        batch_op.drop_index("ix_consumptions_order_id")
        batch_op.drop_index("ix_consumptions_lot_id")
        batch_op.drop_index(
            "ix_consumptions_batch_id",
            postgresql_where=sa.text("batch_id IS NOT NULL"),
            sqlite_where=sa.text("batch_id IS NOT NULL"),
        )

    op.drop_table("consumptions")
    with op.batch_alter_table("assemblies", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_assemblies_child_installed",
            postgresql_where=sa.text("removed_at IS NULL"),
            sqlite_where=sa.text("removed_at IS NULL"),
        )
        batch_op.drop_index("ix_assemblies_parent_unit_id")
        batch_op.drop_index("ix_assemblies_child_unit_id")

    op.drop_table("assemblies")
    with op.batch_alter_table("bom_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bom_items_component_part_id"))

    op.drop_table("bom_items")
    with op.batch_alter_table("lots", schema=None) as batch_op:
        batch_op.drop_index("ix_lots_status_part_id")

    op.drop_table("lots")
    op.drop_table("bom_revisions")
