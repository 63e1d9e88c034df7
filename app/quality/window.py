"""Time-window query parameters (`from` inclusive, `to` exclusive) shared by quality lists and
analytics."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import Depends, Query
from pydantic import AwareDatetime

from app.kit.errors import Invalid
from app.kit.time import utcnow

DEFAULT_ANALYTICS_WINDOW = timedelta(days=7)


@dataclass(frozen=True)
class Window:
    since: datetime | None
    until: datetime | None


def _invalid(name: str, msg: str) -> Invalid:
    return Invalid(f"query.{name}: {msg}", errors=[{"loc": ["query", name], "msg": msg}])


def _utc(value: datetime | None, name: str) -> datetime | None:
    if value is None:
        return None
    try:
        return value.astimezone(UTC)
    except OverflowError as exc:  # e.g. 0001-01-01T00:00:00+05:00 has no UTC equivalent
        raise _invalid(name, "the timestamp is out of range in UTC") from exc


def time_window(
    since: Annotated[
        AwareDatetime | None,
        Query(
            alias="from",
            description="at or after this time: ISO 8601 with an offset (URL-encode `+` as "
            "`%2B`), e.g. `2026-01-31T08:00:00Z`",
        ),
    ] = None,
    until: Annotated[
        AwareDatetime | None,
        Query(alias="to", description="before this time: ISO 8601 with an offset"),
    ] = None,
) -> Window:
    start, end = _utc(since, "from"), _utc(until, "to")
    if start is not None and end is not None and start >= end:
        raise _invalid("to", "`to` must be later than `from`")
    return Window(start, end)


@dataclass(frozen=True)
class ClosedWindow:
    since: datetime
    until: datetime


def analytics_window(window: Annotated[Window, Depends(time_window)]) -> ClosedWindow:
    """Analytics always cover a closed window: `to` defaults to now, `from` to 7 days
    before `to`."""
    until = window.until or utcnow()
    try:
        since = window.since or until - DEFAULT_ANALYTICS_WINDOW
    except OverflowError:  # `to` within 7 days of year 1
        since = datetime.min.replace(tzinfo=UTC)
    if since >= until:
        raise _invalid("from", "`from` must be earlier than `to`")
    return ClosedWindow(since, until)


TimeWindow = Annotated[Window, Depends(time_window)]
AnalyticsWindow = Annotated[ClosedWindow, Depends(analytics_window)]
