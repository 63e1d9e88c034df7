"""Back-fill: the same seed gives the same history, and everything went through the commands
(history, audit and event stream complete, attributed to the simulator's actors), at the
simulated times — on SQLite and PostgreSQL."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path
from typing import Any

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


async def _genealogy(settings: Settings, serial: str) -> Any:
    from app.db.session import Database
    from app.genealogy.queries import genealogy

    db = Database(settings)
    try:
        async with db.transaction(write=False) as session:
            return await genealogy(session, serial)
    finally:
        await db.dispose()


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
        assert set(again.stations) == {"A-ASM", "A-TST", "B-MIX", "B-QC", "C-PRE"}
        assert await scalar(settings, "SELECT count(*) FROM users") == users
        other = SMALL_PLANT.replace(
            "      - {code: B-QC, name: Inspection, ideal_cycle_s: 1}\n",
            "      - {code: B-QC, name: Inspection, ideal_cycle_s: 1}\n"
            "      - {code: A-PACK, name: Packing, ideal_cycle_s: 60}\n",
        )
        with pytest.raises(PlantMismatch, match="A-PACK"):
            await prepare(db, settings, parse_plant(other), START)
    finally:
        await db.dispose()


async def test_breakdowns_holds_and_sub_assemblies(settings: Settings) -> None:
    """A-TST and B-MIX open a blocking issue when they break down (their `auto_issue_type`):
    maintenance acknowledges and resolves it at the repair, and meanwhile no unit goes into
    the workstation (the job done upstream waits: strict, so nothing was refused). Half of
    the lots received are put on hold later and released: nothing is taken from a lot while
    it is held (nor once it has expired), and a released lot is used up afterwards. Every
    widget has a core (made on line C) installed at its first step; a scrapped widget's core
    is salvaged. The test yield alert fires and is acknowledged; some orders are expedited."""
    _, outcome = await simulate(settings, days=2.0, seed=4)
    stats = outcome.stats
    assert stats["refused"] == 0
    assert stats["waits"] > 0 and stats["lot_holds"] > 0
    assert stats["installed"] > 0 and stats["salvaged"] > 0

    # expedited orders: priority 1 by the planner, audited as an order update
    expedited = await scalar(
        settings,
        "SELECT count(*) FROM audit_log WHERE entity_type = 'order' AND action = 'update'"
        " AND actor = 'user:simulator'",
    )
    assert expedited == stats["expedited"] > 0
    assert await scalar(settings, "SELECT count(*) FROM orders WHERE priority = 1") >= expedited

    # the test yield rule fired on failed gates; the quality engineer acknowledged each alert
    # (the last may be fired too late for that)
    fired = await scalar(settings, "SELECT count(*) FROM alerts")
    acknowledged = await scalar(
        settings, "SELECT count(*) FROM alerts WHERE acknowledged_by = 'user:simulator'"
    )
    assert stats["alerts"] == acknowledged > 0 and fired - acknowledged <= 1

    installed = await scalar(settings, "SELECT count(*) FROM assemblies WHERE removed_at IS NULL")
    assert installed == stats["installed"] - stats["salvaged"]
    # every widget past its first step holds exactly one core, a completed CORE unit
    widgets_without_one = await scalar(
        settings,
        "SELECT count(*) FROM units u JOIN parts p ON p.id = u.part_id WHERE p.number = 'WID-1'"
        " AND u.status <> 'scrapped' AND (u.step > 1 OR u.status = 'completed') AND 1 <> ("
        "SELECT count(*) FROM assemblies a JOIN units c ON c.id = a.child_unit_id"
        " WHERE a.parent_unit_id = u.id AND a.removed_at IS NULL AND c.serial LIKE 'CORE%')",
    )
    assert widgets_without_one == 0
    # what the trace shows: a completed widget's genealogy names its core
    serial = await scalar(
        settings,
        "SELECT u.serial FROM units u JOIN parts p ON p.id = u.part_id"
        " WHERE p.number = 'WID-1' AND u.status = 'completed' ORDER BY u.serial LIMIT 1",
    )
    tree = await _genealogy(settings, serial)
    assert [child.serial[:4] for child in tree.children] == ["CORE"]
    assert tree.lots  # its screws, by lot
    # salvaged: taken out of the scrapped widget, history on both units
    removed = await scalar(settings, "SELECT count(*) FROM unit_events WHERE type = 'removed'")
    assert removed == 2 * stats["salvaged"]

    automatic = (
        "SELECT count(*) FROM issues i JOIN issue_types t ON t.id = i.type_id"
        " WHERE t.code = 'STOP' AND i.blocking"
    )
    downs = await scalar(
        settings,
        "SELECT count(*) FROM machine_states m JOIN workstations w ON w.id = m.workstation_id"
        " WHERE m.state = 'down' AND w.code IN ('A-TST', 'B-MIX')",
    )
    assert await scalar(settings, automatic) == downs > 0
    # each opened by its machine, acknowledged, resolved and closed by maintenance
    answered = await scalar(
        settings,
        automatic + " AND i.status = 'closed' AND i.resolved_by = 'user:simulator'"
        " AND i.acknowledged_at <= i.resolved_at AND i.resolution = 'repaired by maintenance'",
    )
    opened_by_machines = await scalar(
        settings,
        "SELECT count(*) FROM audit_log WHERE entity_type = 'issue' AND action = 'open'"
        " AND actor LIKE 'mqtt:%/state'",
    )
    assert answered == downs == opened_by_machines
    # nothing went into a workstation while its blocking issue was active (a machine breaks
    # down when its job is done: that job's last command has the breakdown's time)
    entered_while_blocked = await scalar(
        settings,
        "SELECT count(*) FROM unit_events e JOIN issues i ON i.workstation_id ="
        " e.to_workstation_id WHERE i.blocking AND e.type IN ('moved', 'gate_passed',"
        " 'reworked') AND e.at > i.opened_at AND e.at < i.resolved_at",
    )
    assert entered_while_blocked == 0
    batch_steps_started_while_blocked = await scalar(
        settings,
        "SELECT count(*) FROM batch_steps s JOIN issues i ON i.workstation_id = s.workstation_id"
        " WHERE i.blocking AND s.started_at > i.opened_at AND s.started_at < i.resolved_at",
    )
    assert batch_steps_started_while_blocked == 0

    lot_actions = "SELECT count(*) FROM audit_log WHERE entity_type = 'lot' AND action = '{}'"
    holds = await scalar(settings, lot_actions.format("hold"))
    releases = await scalar(settings, lot_actions.format("release"))
    assert holds == stats["lot_holds"] and releases >= holds - 1  # (the last may still wait)
    taken_while_held = await scalar(
        settings,
        "SELECT count(*) FROM consumptions c JOIN audit_log h ON h.entity_type = 'lot'"
        " AND h.action = 'hold' AND h.entity_id = CAST(c.lot_id AS VARCHAR(64)) AND h.at <= c.at"
        " WHERE NOT EXISTS (SELECT 1 FROM audit_log r WHERE r.entity_type = 'lot'"
        " AND r.action = 'release' AND r.entity_id = CAST(c.lot_id AS VARCHAR(64)) AND r.at >= h.at"
        " AND r.at <= c.at)",
    )
    assert taken_while_held == 0
    taken_after_release = await scalar(
        settings,
        "SELECT count(*) FROM consumptions c JOIN audit_log r ON r.entity_type = 'lot'"
        " AND r.action = 'release' AND r.entity_id = CAST(c.lot_id AS VARCHAR(64)) AND r.at < c.at",
    )
    assert taken_after_release > 0
    # screws expire half a day after they arrive: none is taken from an expired lot
    assert stats["lots_expired"] > 0
    taken_expired = await scalar(
        settings,
        "SELECT count(*) FROM consumptions c JOIN lots l ON l.id = c.lot_id"
        " WHERE c.at >= l.expires_at",
    )
    assert taken_expired == 0
