"""The periods a production report is grouped into, in the plant's time zone: local days,
ISO weeks (Monday first), months, or shift instances (`app.shifts.calendar`). Pure time
arithmetic: each bucket is a UTC interval clipped to the report's window, with the hours
its throughput is measured against."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from app.shifts import calendar


class GroupBy(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    SHIFT = "shift"
    LINE = "line"
    PART = "part"

    @property
    def is_period(self) -> bool:
        return self not in (GroupBy.LINE, GroupBy.PART)


@dataclass(frozen=True)
class Bucket:
    """A period of the report: [since, until) in UTC; `line_id` limits a shift instance of
    one line to that line's production; `hours` is what throughput is measured against."""

    key: str
    since: datetime
    until: datetime
    hours: float
    line_id: int | None = None


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    return calendar.to_utc(datetime.combine(day, time()), zone)


def _start_of(day: date, group_by: GroupBy) -> date:
    if group_by == GroupBy.WEEK:
        return day - timedelta(days=day.weekday())
    if group_by == GroupBy.MONTH:
        return day.replace(day=1)
    return day


def _next(day: date, group_by: GroupBy) -> date:
    if group_by == GroupBy.WEEK:
        return day + timedelta(days=7)
    if group_by == GroupBy.MONTH:
        return (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return day + timedelta(days=1)


def _key(day: date, group_by: GroupBy) -> str:
    if group_by == GroupBy.WEEK:
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    if group_by == GroupBy.MONTH:
        return f"{day.year}-{day.month:02d}"
    return day.isoformat()


def periods(since: datetime, until: datetime, group_by: GroupBy, zone: ZoneInfo) -> list[Bucket]:
    """Every local day, week or month overlapping [since, until), clipped to it."""
    out: list[Bucket] = []
    day = _start_of(since.astimezone(zone).date(), group_by)
    while True:
        start, following = _midnight(day, zone), _next(day, group_by)
        if start >= until:
            break
        end = _midnight(following, zone)
        lo, hi = max(start, since), min(end, until)
        if hi > lo:
            out.append(Bucket(_key(day, group_by), lo, hi, (hi - lo).total_seconds() / 3600))
        day = following
    return out


def shifts(
    instances: Sequence[calendar.Instance], since: datetime, until: datetime, zone: ZoneInfo
) -> list[Bucket]:
    """One bucket per shift instance, clipped to the window; its hours are the instance's
    planned busy time (breaks excluded) within the window."""
    out = []
    for i in instances:
        lo, hi = max(i.start, since), min(i.end, until)
        if hi <= lo:
            continue
        key = f"{i.start.astimezone(zone).date().isoformat()} {i.name}"
        hours = i.busy_seconds_between(since, until) / 3600
        out.append(Bucket(key, lo, hi, hours, i.line_id))
    return out
