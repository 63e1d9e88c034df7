"""The labour report: hours, units, standard hours and efficiency per person, order, step and
workstation (both databases)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import update

from app.models import LabourEntry
from tests.labour.test_labour import PASSWORD, clock_on, units_at_step_one
from tests.support import assert_problem, create_user, gated_floor

API = "/api/v1"
IDEAL_S = 30.0  # every step of tests.support.create_route


def approx(value: float) -> Any:
    return pytest.approx(value, abs=0.01)


async def backdate(app: FastAPI, entry_id: int, hours: float) -> None:
    """Pretend the entry was opened `hours` ago."""
    async with app.state.db.transaction() as session:
        await session.execute(
            update(LabourEntry)
            .where(LabourEntry.id == entry_id)
            .values(started_at=datetime.now(UTC) - timedelta(hours=hours))
        )


async def report(client: AsyncClient, group_by: str, **params: Any) -> list[dict[str, Any]]:
    r = await client.get(f"{API}/analytics/labour", params={"group_by": group_by, **params})
    assert r.status_code == 200, r.text
    assert r.json()["group_by"] == group_by
    return r.json()["rows"]  # type: ignore[no-any-return]


def figures(row: dict[str, Any]) -> tuple[Any, ...]:
    return (
        row["entries"],
        approx(row["hours"]),
        row["units"],
        approx(row["standard_hours"]),
        approx(row["efficiency"]) if row["efficiency"] is not None else None,
    )


async def test_hours_units_and_efficiency_per_group(admin: AsyncClient, app: FastAPI) -> None:
    floor, number, (u1, u2) = await units_at_step_one(admin, count=2, steps=2)
    route, station = floor["route"], floor["workstations"][0]
    b = await create_user(admin, password=PASSWORD)
    c = await create_user(admin, password=PASSWORD)
    a_u1 = await clock_on(admin, serial=u1)
    b_u1 = await clock_on(admin, serial=u1, user_id=b["id"])
    a_u2 = await clock_on(admin, serial=u2)
    c_u1 = await clock_on(admin, serial=u1, user_id=c["id"])
    for opened, hours in ((a_u1, 1), (b_u1, 0.5), (a_u2, 2), (c_u1, 1)):
        await backdate(app, opened["id"], hours)
    # C leaves before the unit is done: hours, no output.
    assert (await admin.post(f"{API}/labour/{c_u1['id']}/clock-off")).status_code == 200
    for serial in (u1, u2):
        assert (await admin.post(f"{API}/units/{serial}/move")).status_code == 200
    await clock_on(admin, serial=u1)  # open at step 2: counts once closed

    one = IDEAL_S / 3600
    by_user = await report(admin, "user")
    assert [(r["key"], r["user_id"]) for r in by_user] == [
        ("admin", 1),
        (b["username"], b["id"]),
        (c["username"], c["id"]),
    ]
    assert figures(by_user[0]) == (2, approx(3.0), 2, approx(2 * one), approx(2 * one / 3))
    assert figures(by_user[1]) == (1, approx(0.5), 1, approx(one), approx(one / 0.5))
    assert figures(by_user[2]) == (1, approx(1.0), 0, approx(0.0), approx(0.0))

    # Per order, step and workstation, each unit that finished counts once.
    totals = (4, approx(4.5), 2, approx(2 * one), approx(2 * one / 4.5))
    (by_order,) = await report(admin, "order")
    assert (by_order["key"], by_order["order"]) == (number, number)
    assert figures(by_order) == totals
    (by_step,) = await report(admin, "step")
    assert (by_step["route_id"], by_step["route"], by_step["step"], by_step["step_name"]) == (
        route["id"],
        route["code"],
        1,
        "Step 1",
    )
    assert by_step["key"] == f"{route['code']}/1 Step 1"
    assert figures(by_step) == totals
    (by_station,) = await report(admin, "workstation")
    assert (by_station["key"], by_station["workstation_id"], by_station["workstation"]) == (
        station["code"],
        station["id"],
        station["code"],
    )
    assert figures(by_station) == totals
    assert by_station["user_id"] is None and by_station["order"] is None

    # The window bounds when entries closed.
    past = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    assert await report(admin, "user", to=past) == []
    future = (datetime.now(UTC) + timedelta(minutes=1)).isoformat()
    later = (datetime.now(UTC) + timedelta(minutes=2)).isoformat()
    assert await report(admin, "user", **{"from": future, "to": later}) == []


async def test_each_finishing_counts_and_a_gate_pass_finishes(
    admin: AsyncClient, app: FastAPI
) -> None:
    floor = await gated_floor(admin, steps=2, units=1)
    (serial,) = floor["serials"]
    assert (await admin.post(f"{API}/units/{serial}/move")).status_code == 200

    async def worked_an_hour() -> None:
        opened = await clock_on(admin, serial=serial)
        await backdate(app, opened["id"], 1)

    await worked_an_hour()
    assert (await admin.post(f"{API}/units/{serial}/move")).status_code == 200
    # Sent back to step 1 from the gate, worked again and moved on: step 1 finished twice.
    r = await admin.post(f"{API}/units/{serial}/rework", json={"to_step": 1})
    assert r.status_code == 200, r.text
    await worked_an_hour()
    assert (await admin.post(f"{API}/units/{serial}/move")).status_code == 200
    await worked_an_hour()
    test = floor["torque"]["name"]
    r = await admin.post(f"{API}/units/{serial}/measurements", json={"test": test, "value": 50})
    assert r.status_code == 201, r.text
    r = await admin.post(f"{API}/units/{serial}/gate", json={"result": "pass"})
    assert r.status_code == 200 and r.json()["status"] == "completed"
    rows = {row["step"]: row for row in await report(admin, "step")}
    assert sorted(rows) == [1, 2]
    assert (rows[1]["entries"], rows[1]["hours"], rows[1]["units"]) == (2, approx(2), 2)
    assert rows[1]["standard_hours"] == approx(2 * IDEAL_S / 3600)
    assert (rows[2]["entries"], rows[2]["units"]) == (1, 1)  # the gate pass completed it


async def test_no_labour_no_rows_and_bad_input(admin: AsyncClient) -> None:
    assert await report(admin, "user") == []
    for params in (
        {"group_by": "shift"},
        {"from": "2026-02-01T00:00:00Z", "to": "2026-01-01T00:00:00Z"},
        {"from": "yesterday"},
        {"to": "1700000000"},
    ):
        r = await admin.get(f"{API}/analytics/labour", params=params)
        assert_problem(r, 422, "validation_error")
