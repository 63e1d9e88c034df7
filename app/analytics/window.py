"""The window of a report: always closed, `to` defaulting to now and `from` to 7 days before
`to` (the parameters and their rule are `app.kit.window`'s)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import Depends

from app.kit.time import utcnow
from app.kit.window import TimeWindow, check_order

DEFAULT_ANALYTICS_WINDOW = timedelta(days=7)


@dataclass(frozen=True)
class ClosedWindow:
    since: datetime
    until: datetime


async def analytics_window(window: TimeWindow) -> ClosedWindow:
    """`to` defaults to now, `from` to 7 days before `to`."""
    until = window.until or utcnow()
    try:
        since = window.since or until - DEFAULT_ANALYTICS_WINDOW
    except OverflowError:  # `to` within 7 days of year 1
        since = datetime.min.replace(tzinfo=UTC)
    check_order(since, until)
    return ClosedWindow(since, until)


AnalyticsWindow = Annotated[ClosedWindow, Depends(analytics_window)]
