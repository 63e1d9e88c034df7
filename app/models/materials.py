"""Materials: BOM revisions, material lots, consumption and sub-assemblies (genealogy).

Every row here is append-only except a lot's `remaining`/`status` (decremented by a conditional
`UPDATE … WHERE remaining >= :quantity`, never below zero: the CHECK is the last word) and an
assembly's removal columns (set once).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, BigId, UTCDateTime, partial_index
from app.kit.time import utcnow


class PartKind(StrEnum):
    PRODUCT = "product"
    COMPONENT = "component"
    MATERIAL = "material"


class LotStatus(StrEnum):
    AVAILABLE = "available"
    ON_HOLD = "on_hold"
    CONSUMED = "consumed"


def _in(values: type[StrEnum]) -> str:
    return ", ".join(f"'{v.value}'" for v in values)


class BomRevision(Base):
    """One immutable version of a part's bill of materials; orders pin the one they start with."""

    __tablename__ = "bom_revisions"
    __table_args__ = (UniqueConstraint("part_id", "revision"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    part_id: Mapped[int] = mapped_column(ForeignKey("parts.id", ondelete="RESTRICT"))
    revision: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, server_default=func.current_timestamp()
    )
    created_by: Mapped[str] = mapped_column(String(100))


class BomItem(Base):
    """A component of a BOM revision: `quantity` per unit made, consumed at route step `step`."""

    __tablename__ = "bom_items"
    __table_args__ = (
        UniqueConstraint("bom_revision_id", "component_part_id"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("step IS NULL OR step >= 1", name="step_positive"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    bom_revision_id: Mapped[int] = mapped_column(
        ForeignKey("bom_revisions.id", ondelete="RESTRICT")
    )
    component_part_id: Mapped[int] = mapped_column(
        ForeignKey("parts.id", ondelete="RESTRICT"), index=True
    )
    quantity: Mapped[float] = mapped_column(Float)
    step: Mapped[int | None] = mapped_column(Integer, nullable=True)


class Lot(Base):
    """A received quantity of a component or material part, identified by `code` per part."""

    __tablename__ = "lots"
    __table_args__ = (
        UniqueConstraint("part_id", "code"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("remaining >= 0 AND remaining <= quantity", name="remaining_in_range"),
        CheckConstraint(f"status IN ({_in(LotStatus)})", name="status"),
        Index("ix_lots_status_part_id", "status", "part_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    part_id: Mapped[int] = mapped_column(ForeignKey("parts.id", ondelete="RESTRICT"))
    code: Mapped[str] = mapped_column(String(64))
    quantity: Mapped[float] = mapped_column(Float)
    remaining: Mapped[float] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(16), default=LotStatus.AVAILABLE.value)
    supplier: Mapped[str | None] = mapped_column(String(200), nullable=True)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    received_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, server_default=func.current_timestamp()
    )
    received_by: Mapped[str] = mapped_column(String(100))
    hold_reason: Mapped[str | None] = mapped_column(Text, nullable=True)


class Consumption(Base):
    """Append-only: a quantity of a lot consumed by a unit or a batch at its current step."""

    __tablename__ = "consumptions"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("(unit_id IS NULL) <> (batch_id IS NULL)", name="unit_or_batch"),
        Index("ix_consumptions_lot_id", "lot_id"),
        partial_index("ix_consumptions_unit_id", "unit_id", where="unit_id IS NOT NULL"),
        partial_index("ix_consumptions_batch_id", "batch_id", where="batch_id IS NOT NULL"),
        Index("ix_consumptions_order_id", "order_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    lot_id: Mapped[int] = mapped_column(ForeignKey("lots.id", ondelete="RESTRICT"))
    quantity: Mapped[float] = mapped_column(Float)
    unit_id: Mapped[int | None] = mapped_column(
        ForeignKey("units.id", ondelete="RESTRICT"), nullable=True
    )
    batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("batches.id", ondelete="RESTRICT"), nullable=True
    )
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="RESTRICT"))
    step: Mapped[int] = mapped_column(Integer)
    workstation_id: Mapped[int | None] = mapped_column(
        ForeignKey("workstations.id", ondelete="RESTRICT"), nullable=True
    )
    actor: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Assembly(Base):
    """A child unit installed into a parent unit; removal closes the row (set once).

    A child is installed in at most one parent at a time: a partial unique index on the
    open rows, so two parents claiming one child at once cannot both win.
    """

    __tablename__ = "assemblies"
    __table_args__ = (
        CheckConstraint("parent_unit_id <> child_unit_id", name="not_itself"),
        Index("ix_assemblies_parent_unit_id", "parent_unit_id"),
        Index("ix_assemblies_child_unit_id", "child_unit_id"),
        partial_index(
            "uq_assemblies_child_installed",
            "child_unit_id",
            where="removed_at IS NULL",
            unique=True,
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    parent_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"))
    child_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"))
    step: Mapped[int] = mapped_column(Integer)
    installed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    installed_by: Mapped[str] = mapped_column(String(100))
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    removed_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    removed_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
