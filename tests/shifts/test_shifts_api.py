"""`/shifts`: CRUD, audit, the overlap rule (also under concurrency), bad input, the calendar
and the current shift in Europe/Berlin."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from fastapi import FastAPI
from httpx import AsyncClient

from app.config import Settings
from tests.config_access import as_role, audit_entries, row_counts
from tests.conftest import make_settings
from tests.support import assert_problem, create_line

SH = "/api/v1/shifts"
WEEKDAYS = [1, 2, 3, 4, 5]


@pytest.fixture
def settings(database_url: str) -> Settings:
    return make_settings(database_url, timezone="Europe/Berlin")


def shift(**fields: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"name": "Early", "start": "06:00", "end": "14:00", "days": WEEKDAYS}
    body.update(fields)
    return body


async def test_crud_and_audit(admin: AsyncClient, app: FastAPI) -> None:
    line = await create_line(admin)
    r = await admin.post(
        SH, json=shift(line_id=line["id"], days=[5, 1], breaks=[{"start": "10:00", "end": "10:30"}])
    )
    assert r.status_code == 201, r.text
    s = r.json()
    assert s["days"] == [1, 5] and s["breaks"] == [{"start": "10:00", "end": "10:30"}]
    assert (await admin.get(f"{SH}/{s['id']}")).json() == s
    listed = (await admin.get(SH, params={"line_id": line["id"]})).json()["items"]
    assert [x["id"] for x in listed] == [s["id"]]
    r = await admin.patch(f"{SH}/{s['id']}", json={"end": "14:30", "line_id": None})
    assert r.status_code == 200 and r.json()["end"] == "14:30" and r.json()["line_id"] is None
    async with as_role(app, "supervisor") as sup:
        assert (await sup.get(SH)).status_code == 200
        assert_problem(await sup.post(SH, json=shift()), 403)
    assert (await admin.delete(f"{SH}/{s['id']}")).status_code == 204
    assert_problem(await admin.get(f"{SH}/{s['id']}"), 404, "not_found")
    actions = [e.action for e in await audit_entries(app, "shift", s["id"])]
    assert sorted(actions) == ["create", "delete", "update"]


async def test_overlaps_are_409(admin: AsyncClient, app: FastAPI) -> None:
    l1, l2 = await create_line(admin), await create_line(admin)
    await admin.post(SH, json=shift(name="Night", start="22:00", end="06:00", days=[7]))
    early = (await admin.post(SH, json=shift(start="06:00", end="14:00", line_id=l1["id"]))).json()
    before = await row_counts(app)
    # Monday 05:00 is still Sunday's night shift (every line).
    r = await admin.post(SH, json=shift(start="05:00", end="06:00", days=[1], line_id=l2["id"]))
    assert_problem(r, 409, "shift_overlap")
    r = await admin.post(SH, json=shift(start="13:00", end="15:00", days=[3], line_id=l1["id"]))
    assert_problem(r, 409, "shift_overlap")
    assert_problem(await admin.patch(f"{SH}/{early['id']}", json={"start": "05:00"}), 409)
    assert await row_counts(app) == before
    # Another line, or adjacent times, are fine.
    r = await admin.post(SH, json=shift(start="13:00", end="15:00", days=[3], line_id=l2["id"]))
    assert r.status_code == 201, r.text
    r = await admin.post(SH, json=shift(start="14:00", end="22:00", line_id=l1["id"]))
    assert r.status_code == 201, r.text


@pytest.mark.parametrize(
    "body",
    [
        shift(start="24:00"),
        shift(end="6:00"),
        shift(days=[]),
        shift(days=[1, 1]),
        shift(days=[0]),
        shift(days=[8]),
        shift(days=["1"]),
        shift(line_id=0),
        shift(line_id=True),
        shift(breaks=[{"start": "05:00", "end": "06:30"}]),
        shift(breaks=[{"start": "08:00", "end": "08:00"}]),
        shift(breaks=[{"start": "08:00", "end": "09:00"}, {"start": "08:30", "end": "09:30"}]),
        shift(breaks=[{"start": "08:00"}]),
        shift(colour="red"),
        {"name": "x"},
    ],
)
async def test_bad_input_is_422(admin: AsyncClient, app: FastAPI, body: dict[str, Any]) -> None:
    before = await row_counts(app)
    assert_problem(await admin.post(SH, json=body), 422)
    assert await row_counts(app) == before


async def test_unknown_line_and_bad_queries(admin: AsyncClient) -> None:
    assert_problem(await admin.post(SH, json=shift(line_id=999999)), 422, "unknown_reference")
    assert_problem(await admin.get(f"{SH}/current", params={"line_id": 999999}), 404)
    cal = f"{SH}/calendar"
    assert_problem(await admin.get(cal, params={"from": "2026-01-01T00:00:00Z"}), 422)
    too_long = {"from": "2026-01-01T00:00:00Z", "to": "2027-01-03T00:00:00Z"}
    assert_problem(await admin.get(cal, params=too_long), 422)
    backwards = {"from": "2026-01-02T00:00:00Z", "to": "2026-01-01T00:00:00Z"}
    assert_problem(await admin.get(cal, params=backwards), 422)
    assert_problem(await admin.patch(f"{SH}/999999", json={"name": "x"}), 404)
    assert_problem(await admin.patch(f"{SH}/999999", json={"name": None}), 422)


async def test_calendar_across_the_dst_change_in_berlin(admin: AsyncClient) -> None:
    line = await create_line(admin)
    await admin.post(
        SH,
        json=shift(
            name="Early",
            start="06:00",
            end="14:00",
            days=[1, 2, 3, 4, 5, 6, 7],
            breaks=[{"start": "10:00", "end": "10:30"}],
        ),
    )
    await admin.post(
        SH, json=shift(name="Night", start="22:00", end="06:00", days=[6], line_id=line["id"])
    )
    params = {"from": "2026-03-28T00:00:00Z", "to": "2026-03-29T12:00:00Z", "line_id": line["id"]}
    r = await admin.get(f"{SH}/calendar", params=params)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["timezone"] == "Europe/Berlin"
    got = [(i["name"], i["start"], i["end"], i["planned_busy_seconds"]) for i in body["items"]]
    assert got == [
        ("Early", "2026-03-28T05:00:00Z", "2026-03-28T13:00:00Z", 27000.0),
        ("Night", "2026-03-28T21:00:00Z", "2026-03-29T04:00:00Z", 25200.0),
        ("Early", "2026-03-29T04:00:00Z", "2026-03-29T12:00:00Z", 27000.0),
    ]
    assert body["items"][0]["breaks"] == [
        {"start": "2026-03-28T09:00:00Z", "end": "2026-03-28T09:30:00Z"}
    ]
    current = (await admin.get(f"{SH}/current")).json()  # every-line shifts only
    assert current is None or current["name"] == "Early"


async def test_current_shift(admin: AsyncClient) -> None:
    r = await admin.post(
        SH, json=shift(name="All day", start="00:00", end="00:00", days=[1, 2, 3, 4, 5, 6, 7])
    )
    assert r.status_code == 201, r.text
    current = (await admin.get(f"{SH}/current")).json()
    assert current["shift_id"] == r.json()["id"] and current["planned_busy_seconds"] in (
        82800.0,
        86400.0,
        90000.0,
    )


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_concurrent_overlapping_creates_one_wins(admin: AsyncClient, app: FastAPI) -> None:
    line = await create_line(admin)
    bodies = [
        shift(name=f"S{i}", start=f"{6 + i:02d}:00", end=f"{14 + i:02d}:00", line_id=line["id"])
        for i in range(6)
    ]
    results = await asyncio.gather(*(admin.post(SH, json=b) for b in bodies))
    codes = sorted(r.status_code for r in results)
    assert codes == [201, 409, 409, 409, 409, 409], [r.text for r in results]
    listed = (await admin.get(SH, params={"line_id": line["id"]})).json()["items"]
    assert len(listed) == 1
