"""The planned busy time of OEE (pure: no database): daylight saving both ways, breaks,
local midnight, the window's edges."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from app.analytics.oee.plan import OeeGroupBy, build
from app.shifts.calendar import Pattern

BERLIN = ZoneInfo("Europe/Berlin")
NIGHT = Pattern(1, "Night", None, 22 * 60, 6 * 60, (6,), ((2 * 60, 2 * 60 + 30),))


def utc(month: int, day: int, hour: int) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=UTC)


def test_spring_forward_night_is_seven_hours_and_its_break_has_no_length() -> None:
    plan = build([NIGHT], [1], utc(3, 28, 0), utc(3, 30, 0), BERLIN, OeeGroupBy.SHIFT)
    assert plan.ordered_keys() == ["2026-03-28 Night"]
    assert plan.busy_seconds() == {(1, 0): 7 * 3600}  # 02:00-02:30 does not exist that night


def test_fall_back_night_is_nine_hours_minus_its_break() -> None:
    plan = build([NIGHT], [1], utc(10, 24, 0), utc(10, 26, 0), BERLIN, OeeGroupBy.SHIFT)
    # 22:00 CEST (20:00Z) to 06:00 CET (05:00Z); the break 02:00-02:30 is the first 02:00.
    assert [(p.start, p.end) for p in plan.pieces] == [
        (utc(10, 24, 20), datetime(2026, 10, 25, 0, 0, tzinfo=UTC)),
        (datetime(2026, 10, 25, 0, 30, tzinfo=UTC), utc(10, 25, 5)),
    ]
    assert plan.busy_seconds() == {(1, 0): 9 * 3600 - 1800}


def test_days_cut_at_local_midnight_and_the_window_clips() -> None:
    plan = build([NIGHT], [1, 2], utc(3, 28, 22), utc(3, 29, 3), BERLIN, OeeGroupBy.DAY)
    # Saturday 23:00 CET = 22:00Z to midnight (23:00Z), then Sunday to 03:00Z.
    assert plan.ordered_keys() == ["2026-03-28", "2026-03-29"]
    busy = plan.busy_seconds()
    assert busy[1, plan.keys.index("2026-03-28")] == 3600
    assert busy[2, plan.keys.index("2026-03-29")] == 4 * 3600
    assert build([NIGHT], [1], utc(3, 29, 3), utc(3, 29, 3), BERLIN, OeeGroupBy.DAY).pieces == []
