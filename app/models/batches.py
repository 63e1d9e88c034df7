"""Quantity batches (non-serialized production), their steps and their append-only history."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    Boolean,
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


class BatchStatus(StrEnum):
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    SCRAPPED = "scrapped"


class BatchStepStatus(StrEnum):
    PENDING = "pending"
    IN_PROGRESS = "in_progress"
    DONE = "done"


class BatchEventType(StrEnum):
    """Batch history event types (the first two are WIP events on the realtime bus)."""

    STEP_STARTED = "batch_step_started"
    STEP_COMPLETED = "batch_step_completed"
    CREATED = "batch_created"
    MEASURED = "batch_measured"
    # Scrapped with its order (a cancel, or a completion that scraps what is open).
    SCRAPPED = "batch_scrapped"
    # A lot consumed at the batch's current step (`app.models.materials.Consumption`).
    CONSUMED = "batch_consumed"


def _in(values: type[StrEnum]) -> str:
    return ", ".join(f"'{v.value}'" for v in values)


class Batch(Base):
    """A quantity of an order's part going through the order's pinned route, step by step.

    `good` is what is still good (the quantity passed by the last completed step; the whole
    `quantity` before the first) and `scrap` everything scrapped so far, so `good + scrap =
    quantity` always. `step` is the step in progress or the next to start; once the batch is
    finished, the step that finished it.
    """

    __tablename__ = "batches"
    __table_args__ = (
        CheckConstraint(f"status IN ({_in(BatchStatus)})", name="status"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("good >= 0 AND scrap >= 0 AND good + scrap = quantity", name="quantities"),
        CheckConstraint("step >= 1", name="step_positive"),
        Index("ix_batches_order_id_id", "order_id", "id"),
        # Work queues: an order's batches in progress at a step.
        partial_index("ix_batches_queue", "order_id", "step", where="status = 'in_progress'"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="RESTRICT"))
    part_id: Mapped[int] = mapped_column(ForeignKey("parts.id", ondelete="RESTRICT"), index=True)
    route_revision_id: Mapped[int] = mapped_column(
        ForeignKey("route_revisions.id", ondelete="RESTRICT")
    )
    line_id: Mapped[int | None] = mapped_column(
        ForeignKey("lines.id", ondelete="RESTRICT"), nullable=True
    )
    quantity: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default=BatchStatus.IN_PROGRESS.value)
    step: Mapped[int] = mapped_column(Integer, default=1)
    good: Mapped[int] = mapped_column(Integer)
    scrap: Mapped[int] = mapped_column(Integer, default=0)
    notes: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, server_default=func.current_timestamp()
    )
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, server_default=func.current_timestamp()
    )
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class BatchStep(Base):
    """One route step of a batch: who started and completed it, when, with what quantities.

    A step is ready when it is `pending` with a `quantity_in` (the first step gets the
    batch's quantity, each later one the previous step's `good` when that completes).
    """

    __tablename__ = "batch_steps"
    __table_args__ = (
        UniqueConstraint("batch_id", "seq"),
        CheckConstraint(f"status IN ({_in(BatchStepStatus)})", name="status"),
        CheckConstraint("seq >= 1", name="seq_positive"),
        CheckConstraint(
            "status = 'pending' OR quantity_in IS NOT NULL", name="started_with_quantity"
        ),
        CheckConstraint(
            "(status = 'done') = (good IS NOT NULL AND scrap IS NOT NULL"
            " AND good + scrap = quantity_in)",
            name="done_with_quantities",
        ),
        # WIP per workstation and work queues: only steps that are ready or running.
        partial_index(
            "ix_batch_steps_open_workstation",
            "workstation_id",
            where="status = 'in_progress' OR (status = 'pending' AND quantity_in IS NOT NULL)",
        ),
        # Quality analytics: the steps completed in a window; yield alerts: the latest
        # completions at a workstation.
        partial_index("ix_batch_steps_done_at", "completed_at", where="status = 'done'"),
        partial_index(
            "ix_batch_steps_done_workstation",
            "workstation_id",
            "completed_at",
            where="status = 'done'",
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("batches.id", ondelete="RESTRICT"))
    seq: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    workstation_id: Mapped[int] = mapped_column(ForeignKey("workstations.id", ondelete="RESTRICT"))
    is_gate: Mapped[bool] = mapped_column(Boolean, default=False)
    ideal_cycle_s: Mapped[float | None] = mapped_column(Float, nullable=True)
    status: Mapped[str] = mapped_column(String(16), default=BatchStepStatus.PENDING.value)
    quantity_in: Mapped[int | None] = mapped_column(Integer, nullable=True)
    good: Mapped[int | None] = mapped_column(Integer, nullable=True)
    scrap: Mapped[int | None] = mapped_column(Integer, nullable=True)
    defect_code_id: Mapped[int | None] = mapped_column(
        ForeignKey("defect_codes.id", ondelete="RESTRICT"), nullable=True
    )
    notes: Mapped[str | None] = mapped_column(Text, nullable=True)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    started_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    completed_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    seconds: Mapped[float | None] = mapped_column(Float, nullable=True)


class BatchEvent(Base):
    """Append-only batch history: creation, each step's start and completion, measurements."""

    __tablename__ = "batch_events"
    __table_args__ = (
        CheckConstraint(f"type IN ({_in(BatchEventType)})", name="type"),
        Index("ix_batch_events_batch_id_id", "batch_id", "id"),
        Index("ix_batch_events_at", "at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("batches.id", ondelete="RESTRICT"))
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="RESTRICT"))
    type: Mapped[str] = mapped_column(String(24))
    step: Mapped[int | None] = mapped_column(Integer, nullable=True)
    workstation_id: Mapped[int | None] = mapped_column(
        ForeignKey("workstations.id", ondelete="RESTRICT"), nullable=True
    )
    quantity: Mapped[int | None] = mapped_column(Integer, nullable=True)
    good: Mapped[int | None] = mapped_column(Integer, nullable=True)
    scrap: Mapped[int | None] = mapped_column(Integer, nullable=True)
    defect_code_id: Mapped[int | None] = mapped_column(
        ForeignKey("defect_codes.id", ondelete="RESTRICT"), nullable=True
    )
    notes: Mapped[str | None] = mapped_column(Text, nullable=True)
    actor: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
