"""Back-fill: the same seed gives the same history, and everything went through the commands
(history, audit and event stream complete, attributed to the simulator's actors), at the
simulated times — on SQLite and PostgreSQL."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest

from app.config import Settings
from tests.conftest import _reset_postgres, make_settings
from tests.simulator.support import START, export, scalar, simulate


async def _fresh_copy(settings: Settings, request: pytest.FixtureRequest, tmp: Path) -> Settings:
    """A second empty database of the same kind."""
    if settings.is_sqlite:
        tmp.mkdir(parents=True, exist_ok=True)  # noqa: ASYNC240 (a test's set-up)
        path = tmp / "second.sqlite"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        return make_settings(f"sqlite+aiosqlite:///{path}")
    await _reset_postgres(settings.database_url)
    return settings


async def test_same_seed_same_history(
    settings: Settings, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    _, outcome = await simulate(settings, days=1.0, seed=11)
    first = await export(settings)
    assert outcome.stats["refused"] == 0
    assert outcome.stats["completed"] > 50 and outcome.stats["batches"] >= 2
    assert len(first["measurements"]) > 50 and first["machine_states"] and first["issues"]

    second_settings = await _fresh_copy(settings, request, tmp_path)
    _, again = await simulate(second_settings, days=1.0, seed=11)
    second = await export(second_settings)
    assert again.stats == outcome.stats
    for name in first:
        assert second[name] == first[name], name

    # Another seed: another history (the same serials, since they are numbered, but other
    # measurements and times).
    third_settings = await _fresh_copy(second_settings, request, tmp_path / "x")
    await simulate(third_settings, days=1.0, seed=12)
    third = await export(third_settings)
    assert third["measurements"] != first["measurements"]
    assert third["history"] != first["history"]


async def test_everything_went_through_the_commands(settings: Settings) -> None:
    _, outcome = await simulate(settings, days=1.0, seed=3)
    units = await scalar(settings, "SELECT count(*) FROM units")
    assert units == outcome.stats["units"] > 0
    # every unit has its `created` history row, and its creation event in the stream
    created = await scalar(settings, "SELECT count(*) FROM unit_events WHERE type = 'created'")
    assert created == units
    for kind in ("created", "moved", "gate_passed", "completed"):
        rows = await scalar(settings, f"SELECT count(*) FROM unit_events WHERE type = '{kind}'")
        events = await scalar(settings, f"SELECT count(*) FROM outbox_events WHERE type = '{kind}'")
        assert rows == events > 0, kind
    # measurements: each has its history row
    measured = await scalar(settings, "SELECT count(*) FROM unit_events WHERE type = 'measured'")
    measurements = await scalar(
        settings, "SELECT count(*) FROM measurements WHERE unit_id IS NOT NULL"
    )
    assert measured == measurements > 0
    # who: the simulator's users (sim-…), or its machines through the telemetry topics
    strangers = await scalar(
        settings,
        "SELECT count(*) FROM audit_log"
        " WHERE actor NOT LIKE 'user:sim%' AND actor NOT LIKE 'mqtt:%'",
    )
    assert strangers == 0
    history_strangers = await scalar(
        settings, "SELECT count(*) FROM unit_events WHERE actor NOT LIKE 'user:sim%'"
    )
    assert history_strangers == 0
    assert await scalar(settings, "SELECT count(*) FROM audit_log WHERE actor = 'user:simulator'")
    # when: the simulated day, not the wall clock
    first, last = START.isoformat(), (START + timedelta(days=1)).isoformat()
    for table, column in (
        ("unit_events", "at"),
        ("audit_log", "at"),
        ("outbox_events", "at"),
        ("measurements", "at"),
        ("machine_states", "started_at"),
        ("orders", "created_at"),
    ):
        low = await scalar(settings, f"SELECT min({column}) FROM {table}")
        high = await scalar(settings, f"SELECT max({column}) FROM {table}")
        low_s, high_s = _iso(low), _iso(high)
        assert first <= low_s and high_s <= last, (table, low_s, high_s)


def _iso(value: object) -> str:
    from datetime import UTC, datetime

    if isinstance(value, datetime):
        at = value if value.tzinfo else value.replace(tzinfo=UTC)
        return at.astimezone(UTC).isoformat()
    return datetime.fromisoformat(str(value)).replace(tzinfo=UTC).isoformat()


async def test_a_second_run_finds_the_plant_and_refuses_another(settings: Settings) -> None:
    from app.db.session import Database
    from app.simulator.plant import parse_plant
    from app.simulator.runner import PlantMismatch, prepare
    from tests.simulator.support import SMALL_PLANT

    await simulate(settings, days=0.25, seed=1)
    users = await scalar(settings, "SELECT count(*) FROM users")
    db = Database(settings)
    try:
        again = await prepare(db, settings, parse_plant(SMALL_PLANT), START)  # found, not made
        assert set(again.stations) == {"A-ASM", "A-TST", "B-MIX", "B-QC"}
        assert await scalar(settings, "SELECT count(*) FROM users") == users
        other = SMALL_PLANT.replace(
            "      - {code: A-TST, name: Test, ideal_cycle_s: 280}\n",
            "      - {code: A-TST, name: Test, ideal_cycle_s: 280}\n"
            "      - {code: A-PACK, name: Packing, ideal_cycle_s: 60}\n",
        )
        with pytest.raises(PlantMismatch, match="A-PACK"):
            await prepare(db, settings, parse_plant(other), START)
    finally:
        await db.dispose()
