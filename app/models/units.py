"""Serialized units and their append-only history."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, BigId, UTCDateTime, partial_index
from app.kit.time import utcnow


class UnitStatus(StrEnum):
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    SCRAPPED = "scrapped"


class Awaiting(StrEnum):
    MOVE = "move"
    GATE_DECISION = "gate_decision"
    DISPOSITION = "disposition"


class EventType(StrEnum):
    """Unit history event types; all but `measured` and the material ones change WIP."""

    CREATED = "created"
    MOVED = "moved"
    GATE_PASSED = "gate_passed"
    GATE_FAILED = "gate_failed"
    REWORKED = "reworked"
    SCRAPPED = "scrapped"
    COMPLETED = "completed"
    MEASURED = "measured"
    # Materials (no WIP change, no workstation columns): a lot consumed, a child unit
    # installed into or removed from a parent (on both units' histories).
    CONSUMED = "consumed"
    INSTALLED = "installed"
    REMOVED = "removed"


def _in(values: type[StrEnum]) -> str:
    return ", ".join(f"'{v.value}'" for v in values)


class Unit(Base):
    """One serialized unit. `step` 0 means created but not yet entered the route."""

    __tablename__ = "units"
    __table_args__ = (
        CheckConstraint(f"status IN ({_in(UnitStatus)})", name="status"),
        CheckConstraint(f"awaiting IS NULL OR awaiting IN ({_in(Awaiting)})", name="awaiting"),
        CheckConstraint(
            "(status = 'in_progress') = (awaiting IS NOT NULL)", name="awaiting_iff_in_progress"
        ),
        CheckConstraint("step >= 0", name="step_non_negative"),
        Index("ix_units_order_id_status", "order_id", "status"),
        Index("ix_units_status_line_id", "status", "line_id"),
        # WIP per workstation: only in-progress units are indexed, so the index stays WIP-sized.
        partial_index("ix_units_wip_workstation", "workstation_id", where="status = 'in_progress'"),
        # Work queues: an order's units in progress at a step, longest waiting first.
        partial_index(
            "ix_units_queue", "order_id", "step", "updated_at", "id", where="status = 'in_progress'"
        ),
        # Production reports: units finished in a window (a move leaves the partial index
        # alone; units started are read from their `created` history row).
        partial_index("ix_units_finished_at", "finished_at", where="finished_at IS NOT NULL"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    serial: Mapped[str] = mapped_column(String(64), unique=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="RESTRICT"))
    part_id: Mapped[int] = mapped_column(ForeignKey("parts.id", ondelete="RESTRICT"), index=True)
    route_revision_id: Mapped[int] = mapped_column(
        ForeignKey("route_revisions.id", ondelete="RESTRICT")
    )
    line_id: Mapped[int | None] = mapped_column(
        ForeignKey("lines.id", ondelete="RESTRICT"), nullable=True
    )
    status: Mapped[str] = mapped_column(String(16), default=UnitStatus.IN_PROGRESS.value)
    step: Mapped[int] = mapped_column(Integer, default=0)
    workstation_id: Mapped[int | None] = mapped_column(
        ForeignKey("workstations.id", ondelete="RESTRICT"), nullable=True
    )
    awaiting: Mapped[str | None] = mapped_column(String(16), nullable=True)
    rework_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, server_default=func.current_timestamp()
    )
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, server_default=func.current_timestamp()
    )
    step_entered_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class UnitEvent(Base):
    """Append-only unit history: one row per transition, gate decision or measurement."""

    __tablename__ = "unit_events"
    __table_args__ = (
        CheckConstraint(f"type IN ({_in(EventType)})", name="type"),
        CheckConstraint("result IS NULL OR result IN ('pass', 'fail')", name="result"),
        Index("ix_unit_events_unit_id_id", "unit_id", "id"),
        Index("ix_unit_events_at", "at"),
        # Production reports: units started in a window (one entry per unit, none per move).
        partial_index("ix_unit_events_created_at", "at", where="type = 'created'"),
        Index("ix_unit_events_order_id", "order_id"),
        # OEE: what left a workstation in a piece of planned busy time.
        Index(
            "ix_unit_events_from_workstation_id_at",
            "from_workstation_id",
            "at",
            postgresql_include=["type", "order_id", "from_step"],
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"))
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="RESTRICT"))
    type: Mapped[str] = mapped_column(String(16))
    from_step: Mapped[int | None] = mapped_column(Integer, nullable=True)
    to_step: Mapped[int | None] = mapped_column(Integer, nullable=True)
    from_workstation_id: Mapped[int | None] = mapped_column(
        ForeignKey("workstations.id", ondelete="RESTRICT"), nullable=True
    )
    to_workstation_id: Mapped[int | None] = mapped_column(
        ForeignKey("workstations.id", ondelete="RESTRICT"), nullable=True
    )
    result: Mapped[str | None] = mapped_column(String(8), nullable=True)
    defect_code_id: Mapped[int | None] = mapped_column(
        ForeignKey("defect_codes.id", ondelete="RESTRICT"), nullable=True
    )
    notes: Mapped[str | None] = mapped_column(Text, nullable=True)
    actor: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
