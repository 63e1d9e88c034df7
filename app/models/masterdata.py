"""Shop-floor configuration: lines, workstations, parts, defect codes."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Float,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, BigId, TimestampMixin


class Line(TimestampMixin, Base):
    __tablename__ = "lines"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))


class Workstation(TimestampMixin, Base):
    """A work center on a line (ISA-95 work unit) where route steps are performed."""

    __tablename__ = "workstations"
    __table_args__ = (
        UniqueConstraint("line_id", "code"),
        CheckConstraint("ideal_cycle_s > 0", name="ideal_cycle_s"),
        CheckConstraint("silence_timeout_s > 0", name="silence_timeout_s"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(200))
    line_id: Mapped[int] = mapped_column(ForeignKey("lines.id", ondelete="RESTRICT"), index=True)
    # Settings for machine data: OEE, automatic issues (`app.issues.automatic`), silence.
    ideal_cycle_s: Mapped[float | None] = mapped_column(Float, nullable=True)
    auto_issue_type: Mapped[str | None] = mapped_column(String(32), nullable=True)
    silence_timeout_s: Mapped[int | None] = mapped_column(Integer, nullable=True)


class Part(TimestampMixin, Base):
    """A part number; its serial counter is advanced atomically by unit generation."""

    __tablename__ = "parts"
    __table_args__ = (
        CheckConstraint("serial_digits BETWEEN 1 AND 12", name="serial_digits"),
        CheckConstraint("serial_counter >= 0", name="serial_counter"),
        CheckConstraint("kind IN ('product', 'component', 'material')", name="kind"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    number: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    serial_prefix: Mapped[str] = mapped_column(String(20), unique=True)
    serial_digits: Mapped[int] = mapped_column(Integer)
    serial_counter: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    # What the part is (`app.models.materials.PartKind`) and its unit of measure (lots, BOMs).
    kind: Mapped[str] = mapped_column(String(16), default="product", server_default="product")
    uom: Mapped[str] = mapped_column(String(16), default="pcs", server_default="pcs")


class Severity(StrEnum):
    MINOR = "minor"
    MAJOR = "major"
    CRITICAL = "critical"


class DefectCode(TimestampMixin, Base):
    __tablename__ = "defect_codes"
    __table_args__ = (
        CheckConstraint("severity IN ('minor', 'major', 'critical')", name="severity"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    description: Mapped[str] = mapped_column(String(500))
    severity: Mapped[str] = mapped_column(String(16))
