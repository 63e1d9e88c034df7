"""The planned busy time of a report, as pieces of UTC time per line and per bucket: pure
time arithmetic, no database.

A piece is a stretch of a shift instance, clipped to the window, without its breaks; with
`group_by=day` a piece is also split at the plant's local midnights. Every figure of the
report (states, counts, unit and batch events, blocking issues) is attributed to the bucket of
the piece its time falls into; what happens outside every piece is outside planned busy time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from app.shifts.calendar import Instance, Pattern, expand, to_utc


class OeeGroupBy(StrEnum):
    WORKSTATION = "workstation"
    LINE = "line"
    SHIFT = "shift"
    DAY = "day"


@dataclass(frozen=True)
class Piece:
    """Planned busy time [start, end) of `line_id` in bucket `bucket`."""

    bucket: int
    line_id: int
    start: datetime
    end: datetime

    @property
    def seconds(self) -> float:
        return (self.end - self.start).total_seconds()


@dataclass
class Plan:
    """The pieces, and each bucket's key in report order (by the first instant it covers)."""

    pieces: list[Piece] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    _ids: dict[str, int] = field(default_factory=dict)
    _first: dict[str, datetime] = field(default_factory=dict)

    def bucket(self, key: str, at: datetime) -> int:
        if key not in self._ids:
            self._ids[key] = len(self.keys)
            self.keys.append(key)
        self._first[key] = min(at, self._first.get(key, at))
        return self._ids[key]

    def ordered_keys(self) -> list[str]:
        return sorted(self.keys, key=lambda k: (self._first[k], k))

    def busy_seconds(self) -> dict[tuple[int, int], float]:
        """PBT per (line, bucket)."""
        out: dict[tuple[int, int], float] = {}
        for p in self.pieces:
            out[p.line_id, p.bucket] = out.get((p.line_id, p.bucket), 0.0) + p.seconds
        return out


def busy_spans(
    instance: Instance, since: datetime, until: datetime
) -> list[tuple[datetime, datetime]]:
    """The instance within [since, until) without its breaks, as ordered disjoint spans."""
    begin, end = max(instance.start, since), min(instance.end, until)
    spans: list[tuple[datetime, datetime]] = []
    cursor = begin
    for b0, b1 in sorted(instance.breaks):
        if b1 <= cursor or b0 >= end:
            continue
        if b0 > cursor:
            spans.append((cursor, b0))
        cursor = max(cursor, b1)
    if cursor < end:
        spans.append((cursor, end))
    return spans


def split_days(
    start: datetime, end: datetime, zone: ZoneInfo
) -> list[tuple[date, datetime, datetime]]:
    """[start, end) cut at the plant's local midnights, each part with its local day."""
    out = []
    day = start.astimezone(zone).date()
    while start < end:
        midnight = to_utc(datetime.combine(day + timedelta(days=1), time()), zone)
        stop = min(end, midnight)
        if stop > start:
            out.append((day, start, stop))
        start = max(start, stop)
        day += timedelta(days=1)
    return out


def build(
    patterns: Sequence[Pattern],
    line_ids: Sequence[int],
    since: datetime,
    until: datetime,
    zone: ZoneInfo,
    group_by: OeeGroupBy,
) -> Plan:
    """The pieces of every line in `line_ids`: its own shifts and every-line shifts."""
    plan = Plan()
    if since >= until:
        return plan
    common = [p for p in patterns if p.line_id is None]
    shared = expand(common, since, until, zone) if common else []
    for line_id in line_ids:
        own = [p for p in patterns if p.line_id == line_id]
        instances = shared + (expand(own, since, until, zone) if own else [])
        for instance in sorted(instances, key=lambda i: (i.start, i.shift_id)):
            local_start = instance.start.astimezone(zone)
            label = f"{local_start.date().isoformat()} {instance.name}"
            for s0, s1 in busy_spans(instance, since, until):
                if group_by is OeeGroupBy.DAY:
                    for day, d0, d1 in split_days(s0, s1, zone):
                        b = plan.bucket(day.isoformat(), d0)
                        plan.pieces.append(Piece(b, line_id, d0, d1))
                    continue
                key = label if group_by is OeeGroupBy.SHIFT else ""
                plan.pieces.append(Piece(plan.bucket(key, instance.start), line_id, s0, s1))
    return plan
