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
from datetime import UTC, datetime, timedelta

from app.simulator.plant import ShiftSpec


class Clock:
    origin: datetime
    live: bool = False

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
    def __init__(self, origin: datetime) -> None:
        self.origin = origin.astimezone(UTC)

    def stamp(self, t: float) -> datetime:
        return self.plant(t)

    def command_at(self, t: float) -> datetime | None:
        return self.plant(t)


class LiveClock(Clock):
    live = True

    def __init__(self, speed: float = 1.0, origin: datetime | None = None) -> None:
        if speed <= 0:
            raise ValueError("speed must be positive")
        self.speed = speed
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
    start: datetime
    end: datetime


def _hm(text: str) -> timedelta:
    hours, minutes = text.split(":")
    return timedelta(hours=int(hours), minutes=int(minutes))


def shifts_on(day: datetime, shifts: list[ShiftSpec]) -> list[ShiftTime]:
    """The shifts starting on `day` (midnight UTC), in start order."""
    found = []
    for shift in shifts:
        if day.isoweekday() not in shift.days:
            continue
        start, end = day + _hm(shift.start), day + _hm(shift.end)
        if end <= start:
            end += timedelta(days=1)
        found.append(ShiftTime(shift.name, start, end))
    return sorted(found, key=lambda s: s.start)


def in_shift(at: datetime, shifts: list[ShiftSpec]) -> bool:
    day = at.replace(hour=0, minute=0, second=0, microsecond=0)
    for d in (day - timedelta(days=1), day):
        if any(s.start <= at < s.end for s in shifts_on(d, shifts)):
            return True
    return False


def midnight(at: datetime) -> datetime:
    return at.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
