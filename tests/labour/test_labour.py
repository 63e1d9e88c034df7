"""Labour booking: clock on and off, entries closed by the commands that move a job on, the
list, the audit trail and bad input — on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import select

from app.models import AuditEntry, LabourEntry
from tests.support import (
    assert_problem,
    create_order,
    create_user,
    gated_floor,
    shop_floor,
)

API = "/api/v1"
PASSWORD = "labour-password-1"


async def units_at_step_one(
    admin: AsyncClient, count: int = 1, steps: int = 3
) -> tuple[dict[str, Any], str, list[str]]:
    """A shop floor, an order of `count` units, each moved into step 1."""
    floor = await shop_floor(admin, steps=steps)
    order = await create_order(admin, floor["part"]["id"], quantity=count)
    r = await admin.post(f"{API}/orders/{order['number']}/units", json={"count": count})
    serials = [u["serial"] for u in r.json()["items"]]
    for serial in serials:
        assert (await admin.post(f"{API}/units/{serial}/move")).status_code == 200
    return floor, order["number"], serials


async def clock_on(client: AsyncClient, **body: Any) -> dict[str, Any]:
    r = await client.post(f"{API}/labour/clock-on", json=body)
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


async def entry(client: AsyncClient, entry_id: int) -> dict[str, Any]:
    r = await client.get(f"{API}/labour/{entry_id}")
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


async def history(client: AsyncClient, serial: str) -> list[dict[str, Any]]:
    return (await client.get(f"{API}/units/{serial}/history")).json()["items"]  # type: ignore[no-any-return]


async def test_clock_on_move_closes_the_entries_of_everyone_on_the_step(
    admin: AsyncClient, app: FastAPI
) -> None:
    floor, number, (first, second) = await units_at_step_one(admin, count=2)
    ws = floor["workstations"]
    worker = await create_user(admin, password=PASSWORD, line_ids=[floor["line"]["id"]])

    mine = await clock_on(admin, serial=first)
    assert mine["user"] == "admin" and mine["user_id"] == 1
    assert (mine["serial"], mine["batch_id"], mine["order"], mine["step"]) == (
        first,
        None,
        number,
        1,
    )
    assert mine["workstation_id"] == ws[0]["id"]
    assert mine["ended_at"] is None and mine["seconds"] is None and mine["ended_by"] is None
    assert mine["started_by"] == "user:admin"
    # Several people on one job, one person on several jobs.
    theirs = await clock_on(admin, serial=first, user_id=worker["id"])
    assert theirs["user"] == worker["username"] and theirs["started_by"] == "user:admin"
    other_job = await clock_on(admin, serial=second)
    assert await entry(admin, mine["id"]) == mine

    r = await admin.post(f"{API}/units/{first}/move")
    assert r.status_code == 200 and r.json()["step"] == 2
    moved_at = (await history(admin, first))[-1]["at"]
    for closed in (await entry(admin, mine["id"]), await entry(admin, theirs["id"])):
        assert closed["ended_at"] == moved_at and closed["ended_by"] == "user:admin"
        assert closed["seconds"] is not None and closed["seconds"] >= 0
    # The other unit did not move: its entry stays open.
    assert (await entry(admin, other_job["id"]))["ended_at"] is None

    # At the next step, the same person is on the same unit again: a new job.
    again = await clock_on(admin, serial=first)
    assert again["step"] == 2 and again["workstation_id"] == ws[1]["id"]

    async with app.state.db.transaction(write=False) as session:
        audited = (
            await session.execute(
                select(AuditEntry.entity_id, AuditEntry.action, AuditEntry.actor)
                .where(AuditEntry.entity_type == "labour")
                .order_by(AuditEntry.id)
            )
        ).all()
    assert [tuple(a) for a in audited] == [
        (str(e["id"]), "clock_on", "user:admin") for e in (mine, theirs, other_job, again)
    ]


async def test_clock_off_own_entry_once(admin: AsyncClient, app: FastAPI) -> None:
    _, _, (serial,) = await units_at_step_one(admin)
    opened = await clock_on(admin, serial=serial)
    r = await admin.post(f"{API}/labour/{opened['id']}/clock-off")
    assert r.status_code == 200, r.text
    closed = r.json()
    assert closed["ended_at"] >= closed["started_at"] and closed["seconds"] >= 0
    assert closed["ended_by"] == "user:admin"
    assert {k: v for k, v in closed.items() if k not in ("ended_at", "seconds", "ended_by")} == {
        k: v for k, v in opened.items() if k not in ("ended_at", "seconds", "ended_by")
    }
    assert await entry(admin, opened["id"]) == closed
    again = await admin.post(f"{API}/labour/{opened['id']}/clock-off")
    assert_problem(again, 409, "already_clocked_off")
    assert_problem(await admin.post(f"{API}/labour/999999/clock-off"), 404, "not_found")
    # Clocked off, the person may clock on to the same job again.
    assert (await clock_on(admin, serial=serial))["id"] != opened["id"]
    async with app.state.db.transaction(write=False) as session:
        actions = (
            await session.scalars(
                select(AuditEntry.action)
                .where(AuditEntry.entity_type == "labour")
                .order_by(AuditEntry.id)
            )
        ).all()
        after = await session.scalar(
            select(AuditEntry.after).where(AuditEntry.action == "clock_off")
        )
    assert actions == ["clock_on", "clock_off", "clock_on"]
    assert after is not None and set(after) == {"ended_at", "seconds"}


async def test_which_commands_close_the_entries(admin: AsyncClient) -> None:
    """Leaving the step closes (move, gate pass, rework, scrap, completion); a gate fail
    keeps the unit at its step and the entries open."""
    floor = await gated_floor(admin, steps=2, quantity=3, units=3)
    a, b, c = floor["serials"]
    for serial in (a, b, c):
        assert (await admin.post(f"{API}/units/{serial}/move")).status_code == 200
        assert (await admin.post(f"{API}/units/{serial}/move")).status_code == 200
    test = floor["torque"]["name"]

    at_gate = await clock_on(admin, serial=a)
    r = await admin.post(f"{API}/units/{a}/measurements", json={"test": test, "value": 50.0})
    assert r.status_code == 201, r.text
    assert (await entry(admin, at_gate["id"]))["ended_at"] is None  # a measurement keeps it
    r = await admin.post(f"{API}/units/{a}/gate", json={"result": "pass"})
    assert r.status_code == 200 and r.json()["status"] == "completed", r.text
    assert (await entry(admin, at_gate["id"]))["ended_at"] == (await history(admin, a))[-1]["at"]

    failing = await clock_on(admin, serial=b)
    r = await admin.post(f"{API}/units/{b}/gate", json={"result": "fail"})
    assert r.status_code == 200, r.text
    assert (await entry(admin, failing["id"]))["ended_at"] is None
    r = await admin.post(f"{API}/units/{b}/rework", json={"to_step": 2})  # the same step
    assert r.status_code == 200, r.text
    assert (await entry(admin, failing["id"]))["ended_at"] is not None
    reworking = await clock_on(admin, serial=b)
    assert reworking["step"] == 2
    r = await admin.post(f"{API}/units/{b}/scrap", json={"reason": "dropped"})
    assert r.status_code == 200, r.text
    assert (await entry(admin, reworking["id"]))["ended_by"] == "user:admin"

    scrapping = await clock_on(admin, serial=c)
    r = await admin.post(f"{API}/units/{c}/gate", json={"result": "fail"})
    r = await admin.post(f"{API}/units/{c}/rework", json={"to_step": 1})
    assert r.status_code == 200 and r.json()["step"] == 1, r.text
    closed = await entry(admin, scrapping["id"])
    assert closed["step"] == 2 and closed["ended_at"] is not None


async def test_the_last_step_completes_the_unit_and_closes_its_entry(admin: AsyncClient) -> None:
    _, number, (serial,) = await units_at_step_one(admin, steps=1)
    opened = await clock_on(admin, serial=serial)
    r = await admin.post(f"{API}/units/{serial}/move")
    assert r.status_code == 200 and r.json()["status"] == "completed"
    assert (await entry(admin, opened["id"]))["ended_at"] is not None
    assert_problem(
        await admin.post(f"{API}/labour/clock-on", json={"serial": serial}), 409, "unit_finished"
    )
    assert (await admin.get(f"{API}/orders/{number}")).json()["status"] == "complete"


async def test_list_filters(admin: AsyncClient) -> None:
    floor, number, (first, second) = await units_at_step_one(admin, count=2, steps=2)
    ws = floor["workstations"]
    worker = await create_user(admin, password=PASSWORD)
    e1 = await clock_on(admin, serial=first)
    e2 = await clock_on(admin, serial=second, user_id=worker["id"])
    assert (await admin.post(f"{API}/units/{first}/move")).status_code == 200
    e3 = await clock_on(admin, serial=first)
    other_floor, other_order, (elsewhere,) = await units_at_step_one(admin, steps=1)
    e4 = await clock_on(admin, serial=elsewhere)

    async def ids(**params: Any) -> list[int]:
        r = await admin.get(f"{API}/labour", params=params)
        assert r.status_code == 200, r.text
        return [e["id"] for e in r.json()["items"]]

    assert await ids() == [e4["id"], e3["id"], e2["id"], e1["id"]]  # newest first
    assert await ids(user_id=worker["id"]) == [e2["id"]]
    assert await ids(order=number) == [e3["id"], e2["id"], e1["id"]]
    assert await ids(order=other_order) == [e4["id"]]
    assert await ids(order="PO-9999") == []
    assert await ids(workstation_id=ws[0]["id"]) == [e2["id"], e1["id"]]
    assert await ids(workstation_id=ws[1]["id"]) == [e3["id"]]
    assert await ids(open="true") == [e4["id"], e3["id"], e2["id"]]
    assert await ids(open="false") == [e1["id"]]
    assert await ids(**{"from": e2["started_at"], "to": e4["started_at"]}) == [e3["id"], e2["id"]]
    assert await ids(**{"from": e4["started_at"], "to": e4["started_at"]}) == []

    r = await admin.get(f"{API}/labour", params={"limit": 3})
    page = r.json()
    assert [e["id"] for e in page["items"]] == [e4["id"], e3["id"], e2["id"]]
    r = await admin.get(f"{API}/labour", params={"limit": 3, "cursor": page["next_cursor"]})
    assert [e["id"] for e in r.json()["items"]] == [e1["id"]] and r.json()["next_cursor"] is None
    assert other_floor["workstations"][0]["id"] not in (w["id"] for w in ws)


async def test_bad_input(admin: AsyncClient, app: FastAPI) -> None:
    floor, number, (serial,) = await units_at_step_one(admin)
    url = f"{API}/labour/clock-on"
    body: dict[str, Any]
    for body in ({}, {"serial": serial, "batch_id": 1}, {"user_id": 1}):
        assert_problem(await admin.post(url, json=body), 422, "validation_error")
    for body in (
        {"serial": serial, "extra": 1},
        {"serial": ""},
        {"serial": serial, "user_id": "1"},
        {"serial": serial, "user_id": 0},
        {"batch_id": True},
        {"batch_id": 1.5},
        {"serial": 12},
    ):
        assert_problem(await admin.post(url, json=body), 422, "validation_error")
    assert_problem(
        await admin.post(url, content=b"{", headers={"Content-Type": "application/json"}),
        400,
        "malformed_request",
    )
    assert_problem(await admin.post(url, json={"serial": "NOPE-1"}), 404, "not_found")
    assert_problem(await admin.post(url, json={"batch_id": 424242}), 404, "not_found")
    assert_problem(
        await admin.post(url, json={"serial": serial, "user_id": 424242}), 422, "unknown_reference"
    )
    terminal = await create_user(admin, password=PASSWORD, kind="workstation")
    assert_problem(
        await admin.post(url, json={"serial": serial, "user_id": terminal["id"]}),
        422,
        "not_a_person",
    )
    gone = await create_user(admin, password=PASSWORD)
    r = await admin.patch(f"{API}/users/{gone['id']}", json={"active": False})
    assert r.status_code == 200, r.text
    assert_problem(
        await admin.post(url, json={"serial": serial, "user_id": gone["id"]}), 422, "user_inactive"
    )
    # A unit not yet on its route (step 0) has no step to work on.
    r = await admin.post(f"{API}/orders/{number}/units", json={"count": 1})
    assert r.status_code == 409  # the order's quantity is made: a new order instead
    order = await create_order(admin, floor["part"]["id"], quantity=1)
    r = await admin.post(f"{API}/orders/{order['number']}/units", json={"count": 1})
    fresh = r.json()["items"][0]["serial"]
    assert_problem(await admin.post(url, json={"serial": fresh}), 409, "unit_not_started")
    # The order held: its jobs are not worked on.
    assert (await admin.post(f"{API}/orders/{number}/pause")).status_code == 200
    assert_problem(await admin.post(url, json={"serial": serial}), 409, "order_not_runnable")
    assert (await admin.post(f"{API}/orders/{number}/resume")).status_code == 200
    # Scrapped: finished.
    r = await admin.post(f"{API}/units/{serial}/scrap", json={"reason": "dropped"})
    assert r.status_code == 200, r.text
    assert_problem(await admin.post(url, json={"serial": serial}), 409, "unit_finished")
    for path in ("/labour/0", "/labour/0/clock-off", f"/labour/{2**63}"):
        method = admin.post if path.endswith("clock-off") else admin.get
        assert_problem(await method(f"{API}{path}"), 422, "validation_error")
    assert_problem(await admin.get(f"{API}/labour/abc"), 404, "not_found")
    assert_problem(await admin.get(f"{API}/labour/clock-on"), 405, "method_not_allowed")
    assert_problem(await admin.get(f"{API}/labour/999999"), 404, "not_found")
    for params in ({"open": "maybe"}, {"user_id": 0}, {"from": "1700000000"}, {"cursor": "x"}):
        r = await admin.get(f"{API}/labour", params=params)
        assert r.status_code in (400, 422), r.text
    async with app.state.db.transaction(write=False) as session:
        assert (await session.scalars(select(LabourEntry.id))).all() == []


async def test_closing_every_open_entry_of_an_order(admin: AsyncClient, app: FastAPI) -> None:
    """An order that ends early (cancel, or complete scrapping its open units) clocks
    everyone off its jobs, in its own command."""
    _, number, (first, second) = await units_at_step_one(admin, count=2)
    _, _, (elsewhere,) = await units_at_step_one(admin)
    on_first, on_second = await clock_on(admin, serial=first), await clock_on(admin, serial=second)
    r = await admin.post(f"{API}/labour/{on_second['id']}/clock-off")
    assert r.status_code == 200, r.text
    other = await clock_on(admin, serial=elsewhere)
    r_cancel = await admin.post(f"{API}/orders/{number}/cancel", json={"reason": "no demand"})
    assert r_cancel.status_code == 200, r_cancel.text
    closed = await entry(admin, on_first["id"])
    assert closed["ended_by"] == "user:admin" and closed["ended_at"] is not None
    assert await entry(admin, on_second["id"]) == r.json()  # closed before: untouched
    assert (await entry(admin, other["id"]))["ended_at"] is None
