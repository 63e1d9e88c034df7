"""Shift patterns and their instances: pure time arithmetic, no database.

A shift is a weekly pattern in the plant's local wall-clock time: it starts at `start` on each
ISO weekday in `days` and lasts until the next `end` (the same day, or the next day when `end`
is not after `start`; `end == start` is a 24-hour shift). Breaks are wall-clock times within
the shift.

Turning a local wall-clock time into an instant follows two rules (daylight saving):
- an ambiguous time (fall back: the hour that happens twice) is its first occurrence
  (`fold=0`, still summer time);
- a nonexistent time (spring forward: the hour that is skipped) moves forward to the instant
  the clocks jump (02:30 on a night where 02:00 becomes 03:00 is 03:00).
So an instance lasts as long as the clock says, in real time: a 22:00-06:00 shift is 7 hours
on the spring-forward night and 9 hours on the fall-back night.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

DAY = 24 * 60  # minutes
WEEK = 7 * DAY


def minutes(hhmm: str) -> int:
    """`HH:MM` as minutes after midnight (the text is validated before it gets here)."""
    hours, mins = hhmm.split(":")
    return int(hours) * 60 + int(mins)


def duration(start: int, end: int) -> int:
    """Length in minutes of a shift from `start` to `end` (minutes after midnight)."""
    return (end - start) % DAY or DAY


@dataclass(frozen=True)
class Pattern:
    """A shift's weekly pattern: times in minutes after local midnight."""

    id: int
    name: str
    line_id: int | None
    start: int
    end: int
    days: tuple[int, ...]
    breaks: tuple[tuple[int, int], ...] = ()

    @property
    def minutes(self) -> int:
        return duration(self.start, self.end)

    def break_offsets(self) -> list[tuple[int, int]]:
        """Each break as (start, end) minutes after the shift's start."""
        return [break_offset(self.start, b) for b in self.breaks]

    def week_intervals(self) -> list[tuple[int, int]]:
        """The minutes of the week [0, 7 days) the shift occupies, Monday 00:00 = 0; an
        occurrence running past Sunday midnight wraps to Monday's early hours."""
        out: list[tuple[int, int]] = []
        for day in self.days:
            begin = (day - 1) * DAY + self.start
            end = begin + self.minutes
            if end <= WEEK:
                out.append((begin, end))
            else:
                out.extend([(begin, WEEK), (0, end - WEEK)])
        return out


def break_offset(shift_start: int, span: tuple[int, int]) -> tuple[int, int]:
    """A break's (start, end) in minutes after the shift's start; the end counts from the
    start of the break, so a break never has negative length."""
    begin = (span[0] - shift_start) % DAY
    return begin, begin + ((span[1] - span[0]) % DAY)


def break_problem(pattern: Pattern) -> str | None:
    """Why the breaks do not fit the shift (outside it, empty, overlapping), or None."""
    for raw in pattern.breaks:
        begin, end = break_offset(pattern.start, raw)
        if begin == end or end > pattern.minutes:
            return f"the break {_hhmm(raw[0])}-{_hhmm(raw[1])} does not lie within the shift"
    spans = sorted(pattern.break_offsets())
    for (_, end), (begin, _) in pairwise(spans):
        if begin < end:
            return "breaks overlap each other"
    return None


def _hhmm(value: int) -> str:
    return f"{value // 60:02d}:{value % 60:02d}"


def overlaps(a: Pattern, b: Pattern) -> bool:
    """Whether two weekly patterns share any minute of local wall-clock time."""
    return any(
        x0 < y1 and y0 < x1 for x0, x1 in a.week_intervals() for y0, y1 in b.week_intervals()
    )


def same_lines(a: int | None, b: int | None) -> bool:
    """Whether shifts for lines `a` and `b` apply to a common line (None = every line)."""
    return a is None or b is None or a == b


# -- instances --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Instance:
    """One occurrence of a shift, in UTC."""

    shift_id: int
    name: str
    line_id: int | None
    start: datetime
    end: datetime
    breaks: tuple[tuple[datetime, datetime], ...]

    @property
    def planned_busy_seconds(self) -> float:
        """Planned busy time: the instance's length minus its breaks."""
        return self.busy_seconds_between(self.start, self.end)

    def busy_seconds_between(self, since: datetime, until: datetime) -> float:
        """Planned busy seconds of the instance within [since, until)."""
        total = _overlap(self.start, self.end, since, until)
        return total - sum(_overlap(b0, b1, since, until) for b0, b1 in self.breaks)


def _overlap(a0: datetime, a1: datetime, b0: datetime, b1: datetime) -> float:
    return max(0.0, (min(a1, b1) - max(a0, b0)).total_seconds())


def to_utc(local: datetime, zone: ZoneInfo) -> datetime:
    """A naive local wall-clock time as a UTC instant: ambiguous → first occurrence,
    nonexistent → the instant the clocks jump forward."""
    first = local.replace(tzinfo=zone, fold=0).astimezone(UTC)
    if first.astimezone(zone).replace(tzinfo=None) == local:
        return first
    # In a gap: the jump lies between reading `local` with the offset after it and before it.
    low = local.replace(tzinfo=zone, fold=1).astimezone(UTC)
    before = low.astimezone(zone).utcoffset()
    lo, hi = 0, int((first - low).total_seconds())
    while lo < hi:  # the first second with the new offset
        mid = (lo + hi) // 2
        if (low + timedelta(seconds=mid)).astimezone(zone).utcoffset() == before:
            lo = mid + 1
        else:
            hi = mid
    return low + timedelta(seconds=lo)


def _at(day: date, offset: int) -> datetime:
    return datetime.combine(day, time()) + timedelta(minutes=offset)


def occurrences(pattern: Pattern, day: date, zone: ZoneInfo) -> Instance | None:
    """The instance starting on local `day`, None when the shift does not start that day (or
    falls entirely into a skipped hour)."""
    if day.isoweekday() not in pattern.days:
        return None
    start = to_utc(_at(day, pattern.start), zone)
    end = to_utc(_at(day, pattern.start + pattern.minutes), zone)
    if end <= start:
        return None
    breaks = []
    for b0, b1 in pattern.break_offsets():
        begin = max(start, to_utc(_at(day, pattern.start + b0), zone))
        finish = min(end, to_utc(_at(day, pattern.start + b1), zone))
        if finish > begin:
            breaks.append((begin, finish))
    return Instance(pattern.id, pattern.name, pattern.line_id, start, end, tuple(breaks))


def expand(
    patterns: Iterable[Pattern], since: datetime, until: datetime, zone: ZoneInfo
) -> list[Instance]:
    """Every instance overlapping [since, until) (aware datetimes), by start, then shift id."""
    patterns = list(patterns)
    first = since.astimezone(zone).date() - timedelta(days=1)  # a shift lasts at most a day
    last = until.astimezone(zone).date()
    out: list[Instance] = []
    day = first
    while day <= last:
        for pattern in patterns:
            found = occurrences(pattern, day, zone)
            if found is not None and found.start < until and found.end > since:
                out.append(found)
        day += timedelta(days=1)
    return sorted(out, key=lambda i: (i.start, i.shift_id))


def current(patterns: Sequence[Pattern], now: datetime, zone: ZoneInfo) -> Instance | None:
    """The instance running at `now` (the earliest-starting one, should several)."""
    running = expand(patterns, now, now + timedelta(microseconds=1), zone)
    return running[0] if running else None
