"""Who may say what about a unit (issue 11, item 7): operators file observations only on
their lines' units (also at step 0, whatever workstation they name), and only machines and
imports (API keys, MQTT) set a measurement's `source` or `at`."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient

from tests.conftest import login
from tests.support import assert_problem, create_user, gated_floor

API = "/api/v1"
PASSWORD = "operator-password-for-trust"


async def _floor(admin: AsyncClient) -> dict[str, Any]:
    return await gated_floor(admin, units=2)


async def _quality_events(admin: AsyncClient) -> list[dict[str, Any]]:
    r = await admin.get(f"{API}/quality-events", params={"limit": 500})
    assert r.status_code == 200, r.text
    return r.json()["items"]  # type: ignore[no-any-return]


async def test_operators_observe_only_their_lines_units(admin: AsyncClient, app: FastAPI) -> None:
    mine, theirs = await _floor(admin), await _floor(admin)
    at_start, moved = theirs["serials"]  # on the other line: one at step 0, one at step 1
    r = await admin.post(f"{API}/units/{moved}/move")
    assert r.status_code == 200, r.text
    await create_user(admin, username="obs-op", password=PASSWORD, line_ids=[mine["line"]["id"]])
    operator = await login(app, "obs-op", PASSWORD)
    own_station = mine["workstations"][0]["id"]
    try:
        before = await _quality_events(admin)
        for body in (
            {"serial": at_start, "notes": "scratch"},  # step 0: its first step is theirs
            {"serial": moved, "notes": "scratch"},
            # Naming a workstation of one's own line does not make their unit one's own.
            {"serial": at_start, "workstation_id": own_station, "notes": "scratch"},
            {"serial": moved, "workstation_id": own_station, "notes": "scratch"},
            {"workstation_id": theirs["workstations"][0]["id"], "notes": "scratch"},
        ):
            r = await operator.post(f"{API}/quality-events", json=body)
            assert_problem(r, 403, "not_your_station")
        assert await _quality_events(admin) == before
        # Their own units and stations, at step 0 too.
        own_unit = mine["serials"][0]
        for body in (
            {"serial": own_unit, "notes": "ok"},
            {"serial": own_unit, "workstation_id": own_station, "notes": "ok"},
            {"workstation_id": own_station, "notes": "ok"},
        ):
            r = await operator.post(f"{API}/quality-events", json=body)
            assert r.status_code == 201, r.text
    finally:
        await operator.aclose()


async def test_people_neither_backdate_nor_relabel_measurements(
    admin: AsyncClient, app: FastAPI
) -> None:
    floor = await _floor(admin)
    serial = floor["serials"][0]
    await create_user(admin, username="m-op", password=PASSWORD, line_ids=[floor["line"]["id"]])
    operator = await login(app, "m-op", PASSWORD)
    url = f"{API}/units/{serial}/measurements"
    try:
        for person in (operator, admin):
            for extra, field in (
                ({"at": "2001-01-01T00:00:00Z"}, "at"),
                ({"source": "machine"}, "source"),
                ({"source": "import"}, "source"),
                ({"source": "machine", "at": "2001-01-01T00:00:00Z"}, None),
            ):
                r = await person.post(url, json={"test": "Torque", "value": 50} | extra)
                body = assert_problem(r, 422, "validation_error")
                if field is not None:
                    assert [e["loc"][-1] for e in body["errors"]] == [field], body
            r = await person.post(url, json={"test": "Torque", "value": 50, "source": "operator"})
            assert r.status_code == 201, r.text
            assert r.json()["source"] == "operator"
        listed = (await admin.get(url)).json()["items"]
        assert [m["source"] for m in listed] == ["operator", "operator"]
    finally:
        await operator.aclose()

    # Machines and imports (API keys) keep both.
    r = await admin.post(f"{API}/api-keys", json={"name": "importer", "scopes": ["quality:write"]})
    assert r.status_code == 201, r.text
    async with AsyncClient(
        transport=ASGITransport(app=app),
        base_url="http://takt",
        headers={"X-API-Key": r.json()["key"]},
    ) as machine:
        r = await machine.post(
            url,
            json={"test": "Torque", "value": 50, "source": "import", "at": "2001-01-01T00:00:00Z"},
        )
        assert r.status_code == 201, r.text
        assert (r.json()["source"], r.json()["at"][:10]) == ("import", "2001-01-01")
