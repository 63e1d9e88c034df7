"""Production orders and the database counters that number them."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import BigInteger, CheckConstraint, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, BigId, TimestampMixin, UTCDateTime


class Counter(Base):
    """Named gap-free counters, advanced with `UPDATE … RETURNING` (the row lock serializes)."""

    __tablename__ = "counters"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


ORDER_NUMBER_COUNTER = "order_number"


class OrderStatus(StrEnum):
    NEW = "new"
    SCHEDULED = "scheduled"
    RUNNING = "running"
    PAUSED = "paused"
    BLOCKED = "blocked"
    COMPLETE = "complete"
    CLOSED = "closed"
    CANCELLED = "cancelled"
    REJECTED = "rejected"


_STATUSES = ", ".join(f"'{s.value}'" for s in OrderStatus)


class Tracking(StrEnum):
    """How an order's production is tracked: serialized units, or quantity batches."""

    SERIAL = "serial"
    BATCH = "batch"


class Order(TimestampMixin, Base):
    """A production order (ISA-95 work order) for a quantity of one part along one route."""

    __tablename__ = "orders"
    __table_args__ = (
        CheckConstraint(f"status IN ({_STATUSES})", name="status"),
        CheckConstraint(
            f"status_before_block IS NULL OR status_before_block IN ({_STATUSES})",
            name="status_before_block",
        ),
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("priority BETWEEN 1 AND 5", name="priority_range"),
        CheckConstraint("tracking IN ('serial', 'batch')", name="tracking"),
        CheckConstraint(
            "started >= 0 AND completed >= 0 AND scrapped >= 0 AND completed + scrapped <= started",
            name="counters",
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    part_id: Mapped[int] = mapped_column(ForeignKey("parts.id", ondelete="RESTRICT"), index=True)
    route_id: Mapped[int] = mapped_column(ForeignKey("routes.id", ondelete="RESTRICT"))
    route_revision_id: Mapped[int] = mapped_column(
        ForeignKey("route_revisions.id", ondelete="RESTRICT"), index=True
    )
    quantity: Mapped[int] = mapped_column(Integer)
    priority: Mapped[int] = mapped_column(Integer, default=3)
    due_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    # Where the order starts on the schedule (`GET /schedule`); `due_date` is where it ends.
    planned_start: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    line_id: Mapped[int | None] = mapped_column(
        ForeignKey("lines.id", ondelete="RESTRICT"), nullable=True, index=True
    )
    external_ref: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    # The part's BOM revision when the order was created (null: the part had no BOM).
    bom_revision_id: Mapped[int | None] = mapped_column(
        ForeignKey("bom_revisions.id", ondelete="RESTRICT"), nullable=True, index=True
    )
    tracking: Mapped[str] = mapped_column(
        String(8), default=Tracking.SERIAL.value, server_default=Tracking.SERIAL.value
    )
    status: Mapped[str] = mapped_column(String(16), default=OrderStatus.NEW.value, index=True)
    status_before_block: Mapped[str | None] = mapped_column(String(16), nullable=True)
    started: Mapped[int] = mapped_column(Integer, default=0)
    completed: Mapped[int] = mapped_column(Integer, default=0)
    scrapped: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
