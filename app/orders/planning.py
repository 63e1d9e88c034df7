"""An order's plan: when it starts (`planned_start`, an instant) and when it is due
(`due_date`, a plant-local calendar day)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from app.kit.errors import Invalid


def planned_utc(value: datetime | None) -> datetime | None:
    """The planned start as a UTC instant (422 when it has no UTC equivalent)."""
    if value is None:
        return None
    try:
        return value.astimezone(UTC)
    except OverflowError as exc:  # e.g. 0001-01-01T00:00:00+05:00
        raise _invalid("the timestamp is out of range in UTC") from exc


def check_plan(planned_start: datetime | None, due_date: date | None, zone: ZoneInfo) -> None:
    """The planned start's plant-local day may not be after the due date (422)."""
    if planned_start is None or due_date is None:
        return
    try:
        local_day = planned_start.astimezone(zone).date()
    except OverflowError as exc:
        raise _invalid("the timestamp is out of range in the plant's time zone") from exc
    if local_day > due_date:
        raise _invalid(
            f"the planned start ({local_day} in the plant's time zone) is after the due date "
            f"({due_date})"
        )


def _invalid(msg: str) -> Invalid:
    return Invalid(
        f"body.planned_start: {msg}", errors=[{"loc": ["body", "planned_start"], "msg": msg}]
    )
