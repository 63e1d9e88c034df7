"""`/analytics/oee` with hand-computed figures in Europe/Berlin: a night shift crossing
midnight on the spring-forward night (2026-03-29), a state interval crossing a shift boundary,
a break, machine counts with and without an ideal cycle time, units and batches without
machine states (blocking issues), no planned time, bad input."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import bindparam, text

from app.config import Settings
from app.db.base import UTCDateTime
from app.models import DowntimeReason, Issue, IssueType, MachineCount, MachineState
from tests.batches.support import run_step
from tests.conftest import make_settings
from tests.support import (
    assert_problem,
    create_line,
    create_order,
    create_workstation,
    shop_floor,
)

OEE = "/api/v1/analytics/oee"
SH = "/api/v1/shifts"


@pytest.fixture
def settings(database_url: str) -> Settings:
    return make_settings(database_url, timezone="Europe/Berlin")


def utc(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


async def add_states(
    app: FastAPI, ws: int, *spans: tuple[str, datetime, datetime | None, int | None]
) -> None:
    async with app.state.db.transaction() as session:
        for state, start, end, reason_id in spans:
            session.add(
                MachineState(
                    workstation_id=ws,
                    state=state,
                    started_at=start,
                    ended_at=end,
                    reason_id=reason_id,
                    actor="test",
                )
            )


async def add_counts(app: FastAPI, ws: int, *counts: tuple[datetime, int, int]) -> None:
    async with app.state.db.transaction() as session:
        for at, good, reject in counts:
            session.add(
                MachineCount(
                    workstation_id=ws,
                    good=good,
                    reject=reject,
                    good_total=0,
                    reject_total=0,
                    at=at,
                    actor="test",
                )
            )


async def oee(client: AsyncClient, **params: Any) -> list[dict[str, Any]]:
    r = await client.get(OEE, params=params)
    assert r.status_code == 200, r.text
    return r.json()["rows"]  # type: ignore[no-any-return]


def check(row: dict[str, Any], **expected: Any) -> None:
    for name, value in expected.items():
        if isinstance(value, float):
            assert row[name] == pytest.approx(value, abs=1e-5), (name, row)
        else:
            assert row[name] == value, (name, row)


async def night_and_early(admin: AsyncClient, app: FastAPI) -> tuple[int, int, int, int]:
    """Line L: Night Sat 22:00-06:00 (break 00:00-00:30) for L; Early 06:00-14:00 every day for
    every line. W (ideal 60 s) has states and counts; W2 (no ideal cycle) only counts."""
    line = await create_line(admin)
    ws = (await create_workstation(admin, line["id"], ideal_cycle_s=60))["id"]
    ws2 = (await create_workstation(admin, line["id"]))["id"]
    r = await admin.post(
        SH,
        json={
            "name": "Night",
            "start": "22:00",
            "end": "06:00",
            "days": [6],
            "line_id": line["id"],
            "breaks": [{"start": "00:00", "end": "00:30"}],
        },
    )
    assert r.status_code == 201, r.text
    r = await admin.post(
        SH, json={"name": "Early", "start": "06:00", "end": "14:00", "days": [1, 2, 3, 4, 5, 6, 7]}
    )
    assert r.status_code == 201, r.text
    async with app.state.db.transaction() as session:
        jam = DowntimeReason(code="JAM", name="Jam", category="equipment_failure")
        session.add(jam)
        await session.flush()
        jam_id = jam.id
    # Night: 21:00Z-04:00Z (7 h on the spring-forward night), break 23:00Z-23:30Z.
    # Early (Sunday): 04:00Z-12:00Z (06:00-14:00 CEST).
    await add_states(
        app,
        ws,
        ("running", utc(3, 28, 21), utc(3, 29, 3), None),  # the break inside is not PBT
        ("down", utc(3, 29, 3), utc(3, 29, 5), jam_id),  # crosses Night → Early at 04:00Z
        ("running", utc(3, 29, 5), utc(3, 29, 11), None),
        ("idle", utc(3, 29, 11), None, None),  # open until now (after the window)
    )
    await add_counts(
        app,
        ws,
        (utc(3, 28, 22), 100, 10),  # Night
        (utc(3, 28, 23, 10), 5, 0),  # in the break: outside PBT
        (utc(3, 29, 6), 300, 0),  # Early
    )
    await add_counts(app, ws2, (utc(3, 29, 6, 30), 10, 0))
    return line["id"], ws, ws2, jam_id


WINDOW = {"from": "2026-03-28T20:00:00Z", "to": "2026-03-29T12:00:00Z"}


async def test_shifts_across_midnight_and_daylight_saving(admin: AsyncClient, app: FastAPI) -> None:
    line, ws, ws2, _ = await night_and_early(admin, app)
    night, early = await oee(admin, workstation_id=ws, group_by="shift", **WINDOW)
    check(
        night,
        key="2026-03-28 Night",
        pbt_s=23400.0,
        apt_s=19800.0,
        down_s=3600.0,
        pq=110,
        gq=100,
        availability=19800 / 23400,
        effectiveness=6600 / 19800,
        quality_ratio=100 / 110,
        oee=(19800 / 23400) * (6600 / 19800) * (100 / 110),
    )
    assert night["losses"] == [
        {"category": "equipment_failure", "reason": "JAM", "seconds": 3600.0}
    ]
    check(
        early,
        key="2026-03-29 Early",
        pbt_s=28800.0,
        apt_s=21600.0,
        down_s=7200.0,
        pq=300,
        gq=300,
        availability=0.75,
        effectiveness=18000 / 21600,
        quality_ratio=1.0,
        oee=0.625,
    )
    assert early["losses"] == [
        {"category": "equipment_failure", "reason": "JAM", "seconds": 3600.0},
        {"category": "unqualified", "reason": None, "seconds": 3600.0},
    ]
    # Plant-local days: Saturday until 23:00Z (midnight CET), Sunday after.
    sat, sun = await oee(admin, workstation_id=ws, group_by="day", **WINDOW)
    check(
        sat,
        key="2026-03-28",
        pbt_s=7200.0,
        apt_s=7200.0,
        pq=110,
        availability=1.0,
        effectiveness=6600 / 7200,
    )
    check(
        sun,
        key="2026-03-29",
        pbt_s=45000.0,
        apt_s=34200.0,
        down_s=10800.0,
        pq=300,
        effectiveness=18000 / 34200,
    )
    assert sun["losses"][0] == {"category": "equipment_failure", "reason": "JAM", "seconds": 7200.0}
    # Per workstation: W2 has counts and no ideal cycle time, and no machine states.
    w, w2 = await oee(admin, line_id=line, group_by="workstation", **WINDOW)
    check(
        w,
        key=str(ws),
        pbt_s=52200.0,
        apt_s=41400.0,
        pq=410,
        gq=400,
        effectiveness=24600 / 41400,
        availability=41400 / 52200,
    )
    check(
        w2,
        key=str(ws2),
        pbt_s=52200.0,
        apt_s=52200.0,
        down_s=0.0,
        pq=10,
        gq=10,
        availability=1.0,
        effectiveness=None,
        quality_ratio=1.0,
        oee=None,
    )
    assert w2["losses"] == []
    (whole,) = await oee(admin, line_id=line, group_by="line", **WINDOW)
    check(
        whole,
        key=str(line),
        pbt_s=104400.0,
        apt_s=93600.0,
        pq=420,
        gq=410,
        effectiveness=None,
        oee=None,
        availability=93600 / 104400,
    )


async def test_no_planned_time_gives_null_ratios(admin: AsyncClient, app: FastAPI) -> None:
    line = await create_line(admin)
    ws = (await create_workstation(admin, line["id"], ideal_cycle_s=10))["id"]
    await add_states(app, ws, ("running", utc(3, 28, 21), utc(3, 29, 3), None))
    await add_counts(app, ws, (utc(3, 28, 22), 100, 0))
    (row,) = await oee(admin, workstation_id=ws, **WINDOW)
    assert row == {
        "key": str(ws),
        "pbt_s": 0.0,
        "apt_s": 0.0,
        "down_s": 0.0,
        "losses": [],
        "pq": 0,
        "gq": 0,
        "availability": None,
        "effectiveness": None,
        "quality_ratio": None,
        "oee": None,
    }
    assert await oee(admin, workstation_id=ws, group_by="shift", **WINDOW) == []
    assert await oee(admin, line_id=line["id"], group_by="day", **WINDOW) == []


async def test_units_and_batches_without_machine_states(admin: AsyncClient, app: FastAPI) -> None:
    """Early 06:00-14:00 CEST on Monday 2026-06-01 = 04:00Z-12:00Z: PBT 28800 s. Route
    steps have an ideal cycle of 30 s. Blocking issues: at W1 08:00Z-09:00Z, on the line
    08:30Z-10:00Z."""
    r = await admin.post(SH, json={"name": "Early", "start": "06:00", "end": "14:00", "days": [1]})
    assert r.status_code == 201, r.text
    floor = await shop_floor(admin, steps=2)
    w1, w2 = (w["id"] for w in floor["workstations"])
    order = await create_order(admin, floor["part"]["id"], quantity=3)
    r = await admin.post(f"/api/v1/orders/{order['number']}/units", json={"count": 3})
    assert r.status_code == 201, r.text
    u1, u2, u3 = (u["serial"] for u in r.json()["items"])

    async def post(serial: str, command: str, **body: Any) -> None:
        r = await admin.post(f"/api/v1/units/{serial}/{command}", json=body or None)
        assert r.status_code == 200, r.text

    for serial in (u1, u2, u3):
        await post(serial, "move")  # enters step 1 (from no workstation: not counted)
    await post(u1, "move")  # W1 good
    await post(u1, "move")  # W2 completed: good
    await post(u2, "move")  # W1 good
    await post(u2, "scrap", reason="dropped")  # W2 produced, not good
    await post(u3, "scrap", reason="dropped")  # W1 produced, not good
    batch_order = await create_order(admin, floor["part"]["id"], quantity=10, tracking="batch")
    r = await admin.post(f"/api/v1/orders/{batch_order['number']}/batches", json={"quantity": 10})
    assert r.status_code == 201, r.text
    batch = r.json()["id"]
    await run_step(admin, batch, 1, 8, 2)
    await run_step(admin, batch, 2, 8)
    at = bindparam("at", type_=UTCDateTime())
    line = floor["line"]["id"]
    async with app.state.db.transaction() as session:
        await session.execute(
            text("UPDATE unit_events SET at = :at").bindparams(at), {"at": utc(6, 1, 5)}
        )
        await session.execute(
            text("UPDATE batch_steps SET completed_at = :at").bindparams(at), {"at": utc(6, 1, 6)}
        )
        kind = IssueType(code="STOP", name="Stop", blocking=True, severity="high")
        session.add(kind)
        await session.flush()
        for ws_id, start, end in (
            (w1, utc(6, 1, 8), utc(6, 1, 9)),
            (None, utc(6, 1, 8, 30), utc(6, 1, 10)),
        ):
            session.add(
                Issue(
                    type_id=kind.id,
                    blocking=True,
                    status="resolved",
                    title="stop",
                    line_id=line,
                    workstation_id=ws_id,
                    opened_by="test",
                    opened_at=start,
                    resolved_by="test",
                    resolved_at=end,
                )
            )
        # Not blocking: no effect.
        session.add(
            Issue(
                type_id=kind.id,
                blocking=False,
                status="open",
                title="note",
                line_id=line,
                opened_by="test",
                opened_at=utc(6, 1, 4),
            )
        )
    window = {"from": "2026-06-01T00:00:00Z", "to": "2026-06-02T00:00:00Z"}
    r1, r2 = await oee(admin, line_id=line, **window)
    # W1: units moved on (u1, u2) good, u3 scrapped; batch step 1: 10 in, 8 good.
    check(
        r1,
        key=str(w1),
        pbt_s=28800.0,
        apt_s=21600.0,
        down_s=7200.0,
        pq=13,
        gq=10,
        availability=0.75,
        effectiveness=390 / 21600,
        quality_ratio=10 / 13,
        oee=0.75 * (390 / 21600) * (10 / 13),
    )
    assert r1["losses"] == [{"category": "unqualified", "reason": None, "seconds": 7200.0}]
    # W2: u1 completed good, u2 scrapped; batch step 2: 8 in, 8 good.
    check(
        r2,
        key=str(w2),
        pbt_s=28800.0,
        apt_s=23400.0,
        down_s=5400.0,
        pq=10,
        gq=9,
        availability=23400 / 28800,
        effectiveness=300 / 23400,
        quality_ratio=0.9,
    )
    (shift,) = await oee(admin, line_id=line, group_by="shift", **window)
    check(
        shift,
        key="2026-06-01 Early",
        pbt_s=57600.0,
        apt_s=45000.0,
        pq=23,
        gq=19,
        effectiveness=690 / 45000,
    )


async def test_bad_input(admin: AsyncClient) -> None:
    for params in (
        {"group_by": "week"},
        {"line_id": 0},
        {"workstation_id": "x"},
        {"from": "2026-03-02T00:00:00Z", "to": "2026-03-01T00:00:00Z"},
        {"from": "2025-01-01T00:00:00Z", "to": "2026-03-01T00:00:00Z"},
        {"from": "yesterday"},
    ):
        assert_problem(await admin.get(OEE, params=params), 422)
    assert_problem(await admin.get(OEE, params={"line_id": 999}), 404)
    assert_problem(await admin.get(OEE, params={"workstation_id": 999}), 404)


async def test_time_after_now_is_not_planned_yet(admin: AsyncClient, app: FastAPI) -> None:
    r = await admin.post(
        SH, json={"name": "Day", "start": "00:00", "end": "00:00", "days": [1, 2, 3, 4, 5, 6, 7]}
    )
    assert r.status_code == 201, r.text
    line = await create_line(admin)
    ws = (await create_workstation(admin, line["id"], ideal_cycle_s=10))["id"]
    now = datetime.now(UTC)
    await add_states(app, ws, ("running", now - timedelta(hours=3), None, None))
    window = {
        "from": (now - timedelta(hours=2)).isoformat(),
        "to": (now + timedelta(days=1)).isoformat(),
    }
    (row,) = await oee(admin, workstation_id=ws, **window)
    assert row["pbt_s"] == pytest.approx(7200, abs=60)
    assert row["apt_s"] == pytest.approx(row["pbt_s"], abs=0.01)
    assert row["availability"] == pytest.approx(1.0)
    assert (row["pq"], row["effectiveness"], row["quality_ratio"], row["oee"]) == (
        0,
        0.0,
        None,
        0.0,
    )
