"""The simulated world's clocks, and the plant's shift calendar in plant time.

Plant time is seconds since the clock's origin (a datetime): the discrete-event loop orders
events by it. A back-fill clock maps plant time to history (`origin + t`) and never waits; a
live clock starts at the wall clock and runs `speed` times faster, waiting for the wall clock
to catch up with each event, and its commands take the wall clock's time.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo

from app.simulator.plant import ShiftSpec


class Clock:
    origin: datetime
    live: bool = False
    zone: tzinfo = UTC  # the plant's: shift times are its wall times

    def plant(self, t: float) -> datetime:
        """The plant's datetime at plant time `t` (shifts, order due dates)."""
        return self.origin + timedelta(seconds=t)

    def stamp(self, t: float) -> datetime:
        """The time a command at plant time `t` writes."""
        raise NotImplementedError

    def command_at(self, t: float) -> datetime | None:
        """The `at` a command at plant time `t` is given (None: the wall clock)."""
        raise NotImplementedError

    async def wait(self, t: float) -> None:
        """Return once plant time `t` has come."""


class BackfillClock(Clock):
    def __init__(self, origin: datetime, zone: tzinfo = UTC) -> None:
        self.origin = origin.astimezone(UTC)
        self.zone = zone

    def stamp(self, t: float) -> datetime:
        return self.plant(t)

    def command_at(self, t: float) -> datetime | None:
        return self.plant(t)


class LiveClock(Clock):
    live = True

    def __init__(
        self, speed: float = 1.0, origin: datetime | None = None, zone: tzinfo = UTC
    ) -> None:
        if speed <= 0:
            raise ValueError("speed must be positive")
        self.speed = speed
        self.zone = zone
        self.origin = (origin or datetime.now(UTC)).astimezone(UTC)
        self._wall_origin = self.origin
        self._mono_origin = time.monotonic()

    def stamp(self, t: float) -> datetime:
        return self._wall_origin + timedelta(seconds=t / self.speed)

    def command_at(self, t: float) -> datetime | None:
        return None

    async def wait(self, t: float) -> None:
        delay = self._mono_origin + t / self.speed - time.monotonic()
        # Even when behind: yield, so the server sharing the event loop keeps serving.
        await asyncio.sleep(max(0.0, delay))


@dataclass(frozen=True)
class ShiftTime:
    name: str
    start: datetime  # UTC
    end: datetime


def _hm(text: str) -> timedelta:
    hours, minutes = text.split(":")
    return timedelta(hours=int(hours), minutes=int(minutes))


def _local(day: datetime, offset: timedelta, zone: tzinfo) -> datetime:
    """Wall time `offset` after local midnight `day`, in UTC (as Takt's shifts read it)."""
    return (day.replace(tzinfo=None) + offset).replace(tzinfo=zone).astimezone(UTC)


def shifts_on(day: datetime, shifts: list[ShiftSpec], zone: tzinfo = UTC) -> list[ShiftTime]:
    """The shifts starting on `day` (a local midnight in `zone`), in start order; shift times
    are wall times in the plant's zone, as Takt's shifts are."""
    found = []
    for shift in shifts:
        if day.isoweekday() not in shift.days:
            continue
        start, end = _hm(shift.start), _hm(shift.end)
        if end <= start:
            end += timedelta(days=1)
        found.append(ShiftTime(shift.name, _local(day, start, zone), _local(day, end, zone)))
    return sorted(found, key=lambda s: s.start)


def in_shift(at: datetime, shifts: list[ShiftSpec], zone: tzinfo = UTC) -> bool:
    day = midnight(at, zone)
    for d in (next_day(day, zone, -1), day):
        if any(s.start <= at < s.end for s in shifts_on(d, shifts, zone)):
            return True
    return False


def midnight(at: datetime, zone: tzinfo = UTC) -> datetime:
    """The local midnight (in `zone`) of the day `at` falls on."""
    return at.astimezone(zone).replace(hour=0, minute=0, second=0, microsecond=0)


def next_day(day: datetime, zone: tzinfo = UTC, days: int = 1) -> datetime:
    """The local midnight `days` after the local midnight `day`."""
    return (day.replace(tzinfo=None) + timedelta(days=days)).replace(tzinfo=zone)
