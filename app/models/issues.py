"""Andon: issue types (configuration) and issues raised on the shop floor."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, BigId, TimestampMixin, UTCDateTime, partial_index
from app.kit.time import utcnow


class IssueSeverity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class IssueStatus(StrEnum):
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    RESOLVED = "resolved"
    CLOSED = "closed"


def _in(values: type[StrEnum]) -> str:
    return ", ".join(f"'{v.value}'" for v in values)


# An issue holds what it blocks while it is open or acknowledged.
ACTIVE_BLOCKING = "blocking AND status IN ('open', 'acknowledged')"
ACTIVE_AUTOMATIC = "automatic AND status IN ('open', 'acknowledged')"


class IssueType(TimestampMixin, Base):
    """A kind of issue (material shortage, machine breakdown, quality hold, …)."""

    __tablename__ = "issue_types"
    __table_args__ = (CheckConstraint(f"severity IN ({_in(IssueSeverity)})", name="severity"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    blocking: Mapped[bool] = mapped_column(Boolean)
    severity: Mapped[str] = mapped_column(String(8))


class Issue(Base):
    """One issue. `blocking` is the type's at opening time: what an issue blocks never
    changes under it. `line_id` is the line named, or the named workstation's line."""

    __tablename__ = "issues"
    __table_args__ = (
        CheckConstraint(f"status IN ({_in(IssueStatus)})", name="status"),
        Index("ix_issues_status", "status"),
        Index("ix_issues_type_id", "type_id"),
        Index("ix_issues_order_id", "order_id"),
        Index("ix_issues_line_id", "line_id"),
        Index("ix_issues_workstation_id", "workstation_id"),
        # What blocks an order: its open and acknowledged blocking issues (counted under the
        # order's row lock when one is resolved).
        partial_index("ix_issues_blocking_order", "order_id", where=ACTIVE_BLOCKING),
        # What will block workstations and lines (`workstation_blocked`, a later round).
        partial_index(
            "ix_issues_blocking_place", "line_id", "workstation_id", where=ACTIVE_BLOCKING
        ),
        # At most one active automatic issue per workstation (`app.issues.automatic`).
        partial_index(
            "ux_issues_automatic_active", "workstation_id", where=ACTIVE_AUTOMATIC, unique=True
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    type_id: Mapped[int] = mapped_column(ForeignKey("issue_types.id", ondelete="RESTRICT"))
    blocking: Mapped[bool] = mapped_column(Boolean)
    # Opened by a machine reporting `down` (its workstation's `auto_issue_type`).
    automatic: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    status: Mapped[str] = mapped_column(String(16), default=IssueStatus.OPEN.value)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text, nullable=True)
    order_id: Mapped[int | None] = mapped_column(
        ForeignKey("orders.id", ondelete="RESTRICT"), nullable=True
    )
    line_id: Mapped[int | None] = mapped_column(
        ForeignKey("lines.id", ondelete="RESTRICT"), nullable=True
    )
    workstation_id: Mapped[int | None] = mapped_column(
        ForeignKey("workstations.id", ondelete="RESTRICT"), nullable=True
    )
    unit_id: Mapped[int | None] = mapped_column(
        ForeignKey("units.id", ondelete="RESTRICT"), nullable=True
    )
    opened_by: Mapped[str] = mapped_column(String(100))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    acknowledged_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    resolved_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    resolution: Mapped[str | None] = mapped_column(Text, nullable=True)
    closed_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
