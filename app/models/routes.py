"""Routes: ordered steps through workstations, versioned as immutable revisions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, BigId, TimestampMixin, UTCDateTime
from app.kit.time import utcnow


class Route(TimestampMixin, Base):
    __tablename__ = "routes"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    part_id: Mapped[int] = mapped_column(ForeignKey("parts.id", ondelete="RESTRICT"), index=True)
    current_revision: Mapped[int] = mapped_column(Integer, default=1)


class RouteRevision(Base):
    """One immutable version of a route's steps; orders pin the revision they start with."""

    __tablename__ = "route_revisions"
    __table_args__ = (UniqueConstraint("route_id", "revision"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    route_id: Mapped[int] = mapped_column(ForeignKey("routes.id", ondelete="RESTRICT"))
    revision: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, server_default=func.current_timestamp()
    )
    created_by: Mapped[str] = mapped_column(String(100))


class RouteStep(Base):
    __tablename__ = "route_steps"
    __table_args__ = (
        UniqueConstraint("revision_id", "seq"),
        CheckConstraint("seq >= 1", name="seq_positive"),
        CheckConstraint("ideal_cycle_s IS NULL OR ideal_cycle_s > 0", name="ideal_cycle"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("route_revisions.id", ondelete="RESTRICT"))
    seq: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    workstation_id: Mapped[int] = mapped_column(
        ForeignKey("workstations.id", ondelete="RESTRICT"), index=True
    )
    is_gate: Mapped[bool] = mapped_column(Boolean, default=False)
    ideal_cycle_s: Mapped[float | None] = mapped_column(Float, nullable=True)
