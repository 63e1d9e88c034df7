"""The plant calendar (shifts) and the reasons machines stand still (downtime reasons)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, BigId, TimestampMixin

_Json = JSON().with_variant(JSONB(), "postgresql")


class Shift(TimestampMixin, Base):
    """A weekly shift pattern in the plant's local wall-clock time (`TAKT_TIMEZONE`).

    `start`/`end` are `HH:MM`; `end` not after `start` crosses midnight (equal: 24 hours).
    `days` are the ISO weekdays the shift starts on; `breaks` a list of `{"start", "end"}`
    (`HH:MM`) within the shift. `line_id` NULL: the shift applies to every line.
    """

    __tablename__ = "shifts"
    __table_args__ = (
        CheckConstraint("start_time LIKE '__:__'", name="start_time"),
        CheckConstraint("end_time LIKE '__:__'", name="end_time"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    start: Mapped[str] = mapped_column("start_time", String(5))
    end: Mapped[str] = mapped_column("end_time", String(5))
    days: Mapped[list[int]] = mapped_column(_Json)
    line_id: Mapped[int | None] = mapped_column(
        ForeignKey("lines.id", ondelete="RESTRICT"), nullable=True, index=True
    )
    breaks: Mapped[list[dict[str, Any]]] = mapped_column(_Json)


class DowntimeCategory(StrEnum):
    """Loss categories (ISO 22400 / the six big losses) a downtime reason belongs to."""

    EQUIPMENT_FAILURE = "equipment_failure"
    SETUP_ADJUSTMENT = "setup_adjustment"
    MINOR_STOP = "minor_stop"
    REDUCED_SPEED = "reduced_speed"
    MATERIAL_SHORTAGE = "material_shortage"
    NO_OPERATOR = "no_operator"
    PLANNED = "planned"
    UNQUALIFIED = "unqualified"


_CATEGORIES = ", ".join(f"'{c.value}'" for c in DowntimeCategory)


class DowntimeReason(TimestampMixin, Base):
    __tablename__ = "downtime_reasons"
    __table_args__ = (CheckConstraint(f"category IN ({_CATEGORIES})", name="category"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(24))
