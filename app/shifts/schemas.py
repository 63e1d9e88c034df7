"""Request and response bodies for shifts, the shift calendar and downtime reasons."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import ConfigDict, Field, Strict, StringConstraints, field_validator

from app.kit.schemas import MAX_ID, Code, InputSchema, Name, OutputSchema, Parsed, PatchSchema
from app.models import DowntimeCategory

ClockTime = Annotated[
    str,
    StringConstraints(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$"),
    Field(description="local wall-clock time `HH:MM` (00:00-23:59)", examples=["06:00"]),
]
Weekday = Annotated[int, Strict(), Field(ge=1, le=7)]
LineRef = Annotated[int, Strict(), Field(ge=1, le=MAX_ID)]

_SHIFT_EXAMPLE: dict[str, Any] = {
    "name": "Night",
    "start": "22:00",
    "end": "06:00",
    "days": [1, 2, 3, 4, 5],
    "line_id": None,
    "breaks": [{"start": "02:00", "end": "02:30"}],
}


class BreakIn(InputSchema):
    start: ClockTime = Field(description="break start, local `HH:MM`")
    end: ClockTime = Field(description="break end, local `HH:MM` (may be after midnight)")


def _days(value: list[int] | None) -> list[int] | None:
    if value is not None and len(set(value)) != len(value):
        raise ValueError("days must not repeat")
    return sorted(value) if value is not None else None


class ShiftCreate(InputSchema):
    """A weekly shift in the plant's time zone (`TAKT_TIMEZONE`)."""

    model_config = ConfigDict(json_schema_extra={"examples": [_SHIFT_EXAMPLE]})

    name: Name = Field(description="display name", examples=["Night"])
    start: ClockTime = Field(description="start, local `HH:MM`")
    end: ClockTime = Field(
        description="end, local `HH:MM`; earlier than `start`: the shift crosses midnight; "
        "equal to `start`: a 24-hour shift"
    )
    days: list[Weekday] = Field(
        min_length=1,
        max_length=7,
        description="ISO weekdays the shift starts on (1 = Monday … 7 = Sunday), no repeats",
        examples=[[1, 2, 3, 4, 5]],
    )
    line_id: LineRef | None = Field(None, description="the line; null: every line")
    breaks: list[BreakIn] = Field(
        default_factory=list,
        max_length=24,
        description="planned breaks within the shift, not overlapping each other",
    )

    _unique_days = field_validator("days")(_days)


class ShiftUpdate(PatchSchema):
    """Change a shift; the result is checked like a new one (breaks, overlaps)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"end": "06:30"}]})
    nullable = frozenset({"line_id"})

    name: Name | None = Field(None, description="new display name")
    start: ClockTime | None = Field(None, description="new start, local `HH:MM`")
    end: ClockTime | None = Field(None, description="new end, local `HH:MM`")
    days: list[Weekday] | None = Field(
        None, min_length=1, max_length=7, description="new ISO weekdays the shift starts on"
    )
    line_id: LineRef | None = Field(None, description="new line; null: every line")
    breaks: list[BreakIn] | None = Field(None, max_length=24, description="new breaks")

    _unique_days = field_validator("days")(_days)


class BreakOut(OutputSchema):
    start: str = Field(description="break start, local `HH:MM`")
    end: str = Field(description="break end, local `HH:MM`")


class ShiftOut(OutputSchema):
    id: int = Field(description="shift id")
    name: str = Field(description="display name")
    start: str = Field(description="start, local `HH:MM`")
    end: str = Field(description="end, local `HH:MM` (not after `start`: next day)")
    days: list[int] = Field(description="ISO weekdays the shift starts on")
    line_id: int | None = Field(description="the line; null: every line")
    breaks: list[BreakOut] = Field(description="planned breaks, local times")
    created_at: datetime = Field(description="when the shift was created")
    updated_at: datetime = Field(description="when the shift last changed")


class BreakWindow(OutputSchema):
    start: datetime = Field(description="break start (UTC)")
    end: datetime = Field(description="break end (UTC)")


class ShiftInstanceOut(OutputSchema):
    shift_id: int = Field(description="the shift")
    name: str = Field(description="the shift's name")
    line_id: int | None = Field(description="the shift's line; null: every line")
    start: datetime = Field(description="start of this occurrence (UTC)")
    end: datetime = Field(description="end of this occurrence (UTC)")
    breaks: list[BreakWindow] = Field(description="its breaks (UTC)")
    planned_busy_seconds: float = Field(
        description="planned busy time: the occurrence's length minus its breaks, in seconds"
    )


class ShiftCalendarOut(OutputSchema):
    timezone: str = Field(description="the plant's time zone the shifts are expanded in")
    items: list[ShiftInstanceOut] = Field(description="occurrences overlapping the window")


# -- downtime reasons -------------------------------------------------------------------------


class DowntimeReasonCreate(InputSchema):
    """Why a machine stood still, with its ISO 22400 loss category."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"code": "TOOL-BRK", "name": "Tool breakage", "category": "equipment_failure"}
            ]
        }
    )

    code: Code = Field(description="unique reason code (machines send it as `reason_code`)")
    name: Name = Field(description="display name", examples=["Tool breakage"])
    category: Annotated[DowntimeCategory, Parsed] = Field(
        description="loss category: " + ", ".join(f"`{c.value}`" for c in DowntimeCategory)
    )


class DowntimeReasonUpdate(PatchSchema):
    model_config = ConfigDict(json_schema_extra={"examples": [{"category": "minor_stop"}]})

    code: Code | None = Field(None, description="new unique reason code")
    name: Name | None = Field(None, description="new display name")
    category: Annotated[DowntimeCategory, Parsed] | None = Field(
        None, description="new loss category"
    )


class DowntimeReasonOut(OutputSchema):
    id: int = Field(description="downtime reason id")
    code: str = Field(description="unique reason code")
    name: str = Field(description="display name")
    category: DowntimeCategory = Field(description="loss category")
    created_at: datetime = Field(description="when the reason was created")
    updated_at: datetime = Field(description="when the reason last changed")
