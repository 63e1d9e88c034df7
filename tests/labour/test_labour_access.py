"""Who may clock whom on and off, where; who reads the labour report (both databases)."""

from __future__ import annotations

from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient

from tests.conftest import as_user
from tests.labour.test_labour import PASSWORD, clock_on, entry, units_at_step_one
from tests.support import assert_problem, create_line, create_user

API = "/api/v1"
CLOCK_ON = f"{API}/labour/clock-on"


async def test_operators_clock_themselves_on_their_lines_only(
    admin: AsyncClient, app: FastAPI
) -> None:
    floor, _, (serial,) = await units_at_step_one(admin)
    elsewhere = await create_line(admin)
    mine = await create_user(admin, password=PASSWORD, line_ids=[floor["line"]["id"]])
    other = await create_user(admin, password=PASSWORD, line_ids=[elsewhere["id"]])
    colleague = await create_user(admin, password=PASSWORD, line_ids=[floor["line"]["id"]])

    async with as_user(app, other["username"], PASSWORD) as c:
        assert_problem(await c.post(CLOCK_ON, json={"serial": serial}), 403, "not_your_station")
    async with as_user(app, mine["username"], PASSWORD) as c:
        own = await clock_on(c, serial=serial)
        assert own["user_id"] == mine["id"] and own["started_by"] == f"user:{mine['username']}"
        same = await c.post(CLOCK_ON, json={"serial": serial, "user_id": mine["id"]})
        assert_problem(same, 409, "already_clocked_on")  # naming oneself is oneself
        someone = await c.post(CLOCK_ON, json={"serial": serial, "user_id": colleague["id"]})
        assert_problem(someone, 403, "may_not_clock_others")
        r = await c.post(f"{API}/labour/{own['id']}/clock-off")
        assert r.status_code == 200, r.text
        # Operators read entries, not the per-person report.
        assert (await c.get(f"{API}/labour")).status_code == 200
        assert_problem(await c.get(f"{API}/analytics/labour"), 403, "forbidden")


async def test_operators_clock_off_only_their_own_entries(admin: AsyncClient, app: FastAPI) -> None:
    floor, _, (serial,) = await units_at_step_one(admin)
    line = [floor["line"]["id"]]
    first = await create_user(admin, password=PASSWORD, line_ids=line)
    second = await create_user(admin, password=PASSWORD, line_ids=line)
    boss = await create_user(admin, password=PASSWORD, role="supervisor")
    theirs = await clock_on(admin, serial=serial, user_id=first["id"])

    async with as_user(app, second["username"], PASSWORD) as c:
        r = await c.post(f"{API}/labour/{theirs['id']}/clock-off")
        assert_problem(r, 403, "not_your_entry")
    assert (await entry(admin, theirs["id"]))["ended_at"] is None
    async with as_user(app, boss["username"], PASSWORD) as c:
        # Supervisors clock anyone on, anywhere, and off.
        again = await clock_on(c, serial=serial, user_id=second["id"])
        assert again["started_by"] == f"user:{boss['username']}"
        r = await c.post(f"{API}/labour/{theirs['id']}/clock-off")
        assert r.status_code == 200 and r.json()["ended_by"] == f"user:{boss['username']}"
        assert (await c.get(f"{API}/analytics/labour")).status_code == 200
    async with as_user(app, first["username"], PASSWORD) as c:
        # Someone else's entry: 403 comes before "already closed".
        assert_problem(await c.post(f"{API}/labour/{again['id']}/clock-off"), 403)
        assert_problem(
            await c.post(f"{API}/labour/{theirs['id']}/clock-off"), 409, "already_clocked_off"
        )


async def test_a_workstation_account_is_not_a_person(admin: AsyncClient, app: FastAPI) -> None:
    floor, _, (serial,) = await units_at_step_one(admin)
    station = floor["workstations"][0]["id"]
    terminal = await create_user(
        admin, password=PASSWORD, kind="workstation", workstation_id=station
    )
    person = await create_user(admin, password=PASSWORD, line_ids=[floor["line"]["id"]])
    opened = await clock_on(admin, serial=serial, user_id=person["id"])
    async with as_user(app, terminal["username"], PASSWORD) as c:
        for body in ({"serial": serial}, {"serial": serial, "user_id": person["id"]}):
            assert_problem(await c.post(CLOCK_ON, json=body), 403, "workstation_account")
        r = await c.post(f"{API}/labour/{opened['id']}/clock-off")
        assert_problem(r, 403, "workstation_account")


async def _key(admin: AsyncClient, app: FastAPI, *scopes: str) -> AsyncClient:
    r = await admin.post(
        f"{API}/api-keys", json={"name": "badge-" + "-".join(scopes), "scopes": scopes}
    )
    assert r.status_code == 201, r.text
    return AsyncClient(
        transport=ASGITransport(app=app),
        base_url="http://takt",
        headers={"X-API-Key": r.json()["key"]},
    )


async def test_api_keys_clock_people_with_a_supervisors_scopes(
    admin: AsyncClient, app: FastAPI
) -> None:
    _, _, (serial,) = await units_at_step_one(admin)
    person = await create_user(admin, password=PASSWORD)
    async with await _key(admin, app, "units:execute") as c:
        # An operator's scopes: the key is nobody, and may not clock others.
        assert_problem(await c.post(CLOCK_ON, json={"serial": serial}), 403)
        r = await c.post(CLOCK_ON, json={"serial": serial, "user_id": person["id"]})
        assert_problem(r, 403, "may_not_clock_others")
    async with await _key(admin, app, "admin") as c:
        assert_problem(await c.post(CLOCK_ON, json={"serial": serial}), 422, "validation_error")
        opened = await clock_on(c, serial=serial, user_id=person["id"])
        assert opened["started_by"] == "api_key:badge-admin"
        r = await c.post(f"{API}/labour/{opened['id']}/clock-off")
        assert r.status_code == 200, r.text
        assert (await c.get(f"{API}/analytics/labour")).status_code == 200
    async with await _key(admin, app, "read") as c:
        assert_problem(await c.post(CLOCK_ON, json={"serial": serial}), 403, "forbidden")
        assert (await c.get(f"{API}/labour")).status_code == 200
