"""A command given a time runs at it: what it writes carries that time, not the wall clock's;
other commands keep the wall clock."""

from __future__ import annotations

from datetime import UTC, datetime

from app.auth.principal import SYSTEM
from app.config import Settings
from app.db.session import Database
from app.kit.time import utcnow
from app.units import generation
from tests.simulator.support import scalar
from tests.support import create_line, create_order, create_part, create_route, create_workstation

AT = datetime(2025, 6, 1, 8, 30, 15, tzinfo=UTC)


async def test_a_command_runs_at_the_time_it_is_given(
    app: object, admin: object, settings: Settings
) -> None:
    line = await create_line(admin)  # type: ignore[arg-type]
    ws = await create_workstation(admin, line["id"])  # type: ignore[arg-type]
    part = await create_part(admin)  # type: ignore[arg-type]
    await create_route(admin, part["id"], [ws["id"]])  # type: ignore[arg-type]
    order = await create_order(admin, part["id"], quantity=3)  # type: ignore[arg-type]

    db = Database(settings)
    try:
        async with db.command(at=AT) as cmd:
            assert cmd.now == AT and utcnow() == AT
            made = await generation.generate_units(cmd, SYSTEM, order["number"], 2)
        assert utcnow() != AT  # only for the command's duration
        assert {u.created_at for u in made} == {AT}
        async with db.command() as cmd:
            later = await generation.generate_units(cmd, SYSTEM, order["number"], 1)
        assert abs((later[0].created_at - datetime.now(UTC)).total_seconds()) < 60
    finally:
        await db.dispose()
    stamp = AT.isoformat()
    for sql in (
        "SELECT min(at) FROM unit_events WHERE type = 'created'",
        "SELECT min(at) FROM outbox_events WHERE type = 'created'",
        "SELECT min(created_at) FROM units",
        "SELECT max(at) FROM audit_log WHERE action = 'generate_units' AND at < '2026-01-01'",
    ):
        value = await scalar(settings, sql)
        shown = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
        shown = shown if shown.tzinfo else shown.replace(tzinfo=UTC)
        assert shown.astimezone(UTC).isoformat() == stamp, sql


def test_shifts_are_wall_times_in_the_plant_zone() -> None:
    from zoneinfo import ZoneInfo

    from app.simulator.clock import in_shift, midnight, shifts_on
    from app.simulator.plant import ShiftSpec

    berlin = ZoneInfo("Europe/Berlin")
    shifts = [
        ShiftSpec(name="Day", start="06:00", end="14:00", days=[1]),
        ShiftSpec(name="Night", start="22:00", end="06:00", days=[1]),
    ]
    winter = midnight(datetime(2026, 1, 5, 12, tzinfo=UTC), berlin)  # a Monday
    day, night = shifts_on(winter, shifts, berlin)
    assert (day.start, day.end) == (
        datetime(2026, 1, 5, 5, tzinfo=UTC),
        datetime(2026, 1, 5, 13, tzinfo=UTC),
    )
    assert night.end == datetime(2026, 1, 6, 5, tzinfo=UTC)  # across midnight
    summer = midnight(datetime(2026, 7, 6, 12, tzinfo=UTC), berlin)
    assert shifts_on(summer, shifts, berlin)[0].start == datetime(2026, 7, 6, 4, tzinfo=UTC)
    assert in_shift(datetime(2026, 1, 6, 4, 59, tzinfo=UTC), shifts, berlin)  # Monday's night
    assert not in_shift(datetime(2026, 1, 6, 5, 0, tzinfo=UTC), shifts, berlin)
    assert not in_shift(datetime(2026, 1, 5, 4, 59, tzinfo=UTC), shifts, berlin)
