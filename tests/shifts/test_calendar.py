"""The pure shift calendar: expectations computed by hand (Europe/Berlin: CET = UTC+1,
CEST = UTC+2; 2026-03-29 02:00 CET → 03:00 CEST, 2026-10-25 03:00 CEST → 02:00 CET)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from app.shifts.calendar import Pattern, break_problem, expand, overlaps, to_utc

BERLIN = ZoneInfo("Europe/Berlin")
UTC_ZONE = ZoneInfo("UTC")
EVERY_DAY = (1, 2, 3, 4, 5, 6, 7)


def u(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def night(days: tuple[int, ...] = EVERY_DAY, breaks: tuple[tuple[int, int], ...] = ()) -> Pattern:
    return Pattern(1, "Night", None, 22 * 60, 6 * 60, days, breaks)


def test_a_shift_crossing_midnight_in_utc() -> None:
    # Thursday 2026-01-15 22:00 UTC to Friday 06:00 with a break 02:00-02:30.
    (i,) = expand([night(breaks=((120, 150),))], u(2026, 1, 15, 23), u(2026, 1, 16, 1), UTC_ZONE)
    assert (i.start, i.end) == (u(2026, 1, 15, 22), u(2026, 1, 16, 6))
    assert i.breaks == ((u(2026, 1, 16, 2), u(2026, 1, 16, 2, 30)),)
    assert i.planned_busy_seconds == 8 * 3600 - 1800
    assert i.busy_seconds_between(u(2026, 1, 16, 1), u(2026, 1, 16, 3)) == 3600 + 1800


def test_berlin_spring_forward_night_is_seven_hours() -> None:
    # Saturday 2026-03-28 22:00 CET (21:00 UTC) to Sunday 06:00 CEST (04:00 UTC).
    found = expand([night()], u(2026, 3, 28, 12), u(2026, 3, 29, 12), BERLIN)
    i = next(x for x in found if x.start == u(2026, 3, 28, 21))
    assert i.end == u(2026, 3, 29, 4) and i.planned_busy_seconds == 7 * 3600


def test_berlin_fall_back_night_is_nine_hours() -> None:
    # Saturday 2026-10-24 22:00 CEST (20:00 UTC) to Sunday 06:00 CET (05:00 UTC).
    found = expand([night()], u(2026, 10, 24, 12), u(2026, 10, 25, 12), BERLIN)
    i = next(x for x in found if x.start == u(2026, 10, 24, 20))
    assert i.end == u(2026, 10, 25, 5) and i.planned_busy_seconds == 9 * 3600


def test_nonexistent_and_ambiguous_local_times() -> None:
    # 02:30 does not exist on 2026-03-29: it moves to the jump, 03:00 CEST = 01:00 UTC.
    assert to_utc(datetime(2026, 3, 29, 2, 30), BERLIN) == u(2026, 3, 29, 1)
    assert to_utc(datetime(2026, 3, 29, 3, 0), BERLIN) == u(2026, 3, 29, 1)
    # 02:30 happens twice on 2026-10-25: the first (CEST) one, 00:30 UTC.
    assert to_utc(datetime(2026, 10, 25, 2, 30), BERLIN) == u(2026, 10, 25, 0, 30)
    # A break 02:00-02:30 on the spring night lies in the skipped hour: no time at all.
    (i,) = [
        x
        for x in expand([night(breaks=((120, 150),))], u(2026, 3, 28), u(2026, 3, 30), BERLIN)
        if x.start == u(2026, 3, 28, 21)
    ]
    assert i.breaks == () and i.planned_busy_seconds == 7 * 3600
    # A shift inside the skipped hour has no instance that night.
    gap = Pattern(2, "Gap", None, 2 * 60 + 10, 2 * 60 + 50, EVERY_DAY)
    assert [x.start.day for x in expand([gap], u(2026, 3, 28), u(2026, 3, 31), BERLIN)] == [
        28,
        30,
    ]


def test_sunday_night_crosses_into_monday() -> None:
    sunday = night(days=(7,))
    # Sunday 2026-01-18 22:00 CET (21:00 UTC) to Monday 06:00 CET (05:00 UTC).
    (i,) = expand([sunday], u(2026, 1, 19, 3), u(2026, 1, 19, 4), BERLIN)
    assert (i.start, i.end) == (u(2026, 1, 18, 21), u(2026, 1, 19, 5))
    # It occupies Monday's early hours in the weekly pattern.
    early_monday = Pattern(3, "Early", None, 5 * 60, 13 * 60, (1,))
    late_monday = Pattern(4, "Late", None, 6 * 60, 14 * 60, (1,))
    assert overlaps(sunday, early_monday) and not overlaps(sunday, late_monday)


def test_day_shift_and_24_hours() -> None:
    day = Pattern(5, "Day", 1, 6 * 60, 14 * 60, (1, 2, 3, 4, 5))
    found = expand([day], u(2026, 1, 12), u(2026, 1, 19), UTC_ZONE)  # Monday to Monday
    assert [x.start.day for x in found] == [12, 13, 14, 15, 16]
    full = Pattern(6, "Full", None, 6 * 60, 6 * 60, (1,))
    (i,) = expand([full], u(2026, 1, 12, 12), u(2026, 1, 12, 13), UTC_ZONE)
    assert i.end - i.start == u(2026, 1, 13) - u(2026, 1, 12)


def test_break_rules() -> None:
    assert break_problem(night(breaks=((23 * 60 + 30, 15),))) is None  # across midnight
    assert break_problem(night(breaks=((21 * 60, 22 * 60 + 30),))) is not None  # starts before
    assert break_problem(night(breaks=((5 * 60, 7 * 60),))) is not None  # ends after
    assert break_problem(night(breaks=((120, 120),))) is not None  # empty
    assert break_problem(night(breaks=((120, 180), (150, 200)))) == "breaks overlap each other"
    assert break_problem(night(breaks=((120, 150), (150, 180)))) is None  # adjacent
