"""Labour: who worked on which job (a unit's or a batch's step), from when to when."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Float, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, BigId, UTCDateTime, partial_index
from app.kit.time import utcnow


class LabourEntry(Base):
    """One person on one job: a unit's or a batch's step. Open while `ended_at` is NULL.

    A person may be on several jobs at once, and several people on one job; one person is on
    one job at most once at a time (partial unique indexes, so concurrent clock-ons of the
    same person on the same job cannot both succeed).
    """

    __tablename__ = "labour_entries"
    __table_args__ = (
        CheckConstraint("(unit_id IS NULL) <> (batch_id IS NULL)", name="one_job"),
        CheckConstraint(
            "(ended_at IS NULL) = (seconds IS NULL) AND (seconds IS NULL OR seconds >= 0)",
            name="ended_with_seconds",
        ),
        partial_index(
            "ux_labour_entries_open_unit",
            "user_id",
            "unit_id",
            "step",
            where="ended_at IS NULL AND unit_id IS NOT NULL",
            unique=True,
        ),
        partial_index(
            "ux_labour_entries_open_batch",
            "user_id",
            "batch_id",
            "step",
            where="ended_at IS NULL AND batch_id IS NOT NULL",
            unique=True,
        ),
        # Closing a job's open entries when the unit moves or the batch step completes.
        partial_index("ix_labour_entries_open_unit_id", "unit_id", where="ended_at IS NULL"),
        partial_index("ix_labour_entries_open_batch_id", "batch_id", where="ended_at IS NULL"),
        Index("ix_labour_entries_user_id_started_at", "user_id", "started_at"),
        Index("ix_labour_entries_order_id", "order_id"),
        Index("ix_labour_entries_started_at", "started_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    username: Mapped[str] = mapped_column(String(64))
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
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    seconds: Mapped[float | None] = mapped_column(Float, nullable=True)
    started_by: Mapped[str] = mapped_column(String(100))
    ended_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
