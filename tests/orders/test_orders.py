from __future__ import annotations

import asyncio
from typing import Any

import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import select, update

from app.models import AuditEntry, Counter
from app.orders.lifecycle import TRANSITIONS, OrderAction
from tests.conftest import login
from tests.support import (
    assert_problem,
    create_line,
    create_order,
    create_part,
    create_route,
    create_user,
    shop_floor,
)

ORDERS = "/api/v1/orders"


async def _floor(admin: AsyncClient) -> dict[str, Any]:
    return await shop_floor(admin, steps=2)


async def test_create_assigns_number_status_and_pins_revision(admin: AsyncClient) -> None:
    floor = await _floor(admin)
    line = floor["line"]
    order = await create_order(
        admin,
        floor["part"]["id"],
        quantity=25,
        priority=2,
        due_date="2026-12-01",
        line_id=line["id"],
        external_ref="SAP-1",
    )
    assert order["number"] == "PO-0001"
    assert order["status"] == "new"
    assert order["route_id"] == floor["route"]["id"]
    assert order["route_revision"] == 1
    assert (order["quantity"], order["started"], order["completed"], order["scrapped"]) == (
        25,
        0,
        0,
        0,
    )
    assert order["priority"] == 2 and order["due_date"] == "2026-12-01"
    assert order["line_id"] == line["id"] and order["external_ref"] == "SAP-1"
    second = await create_order(admin, floor["part"]["id"])
    assert second["number"] == "PO-0002" and second["priority"] == 3
    got = (await admin.get(f"{ORDERS}/PO-0001")).json()
    assert got == order


async def test_numbers_widen_past_9999(admin: AsyncClient, app: FastAPI) -> None:
    floor = await _floor(admin)
    async with app.state.db.transaction() as session:
        await session.execute(
            update(Counter).where(Counter.name == "order_number").values(value=9998)
        )
    numbers = [(await create_order(admin, floor["part"]["id"]))["number"] for _ in range(2)]
    assert numbers == ["PO-9999", "PO-10000"]


async def test_route_revision_stays_pinned(admin: AsyncClient) -> None:
    floor = await _floor(admin)
    first = await create_order(admin, floor["part"]["id"])
    steps = [{"name": "only", "workstation_id": floor["workstations"][0]["id"], "is_gate": False}]
    r = await admin.post(f"/api/v1/routes/{floor['route']['id']}/revisions", json={"steps": steps})
    assert r.status_code == 201, r.text
    assert r.json()["revision"] == 2
    second = await create_order(admin, floor["part"]["id"])
    assert second["route_revision"] == 2
    assert (await admin.get(f"{ORDERS}/{first['number']}")).json()["route_revision"] == 1


async def test_route_choice(admin: AsyncClient) -> None:
    floor = await _floor(admin)
    ws = [w["id"] for w in floor["workstations"]]
    lonely = await create_part(admin)
    r = await admin.post(ORDERS, json={"part_id": lonely["id"], "quantity": 1})
    assert_problem(r, 422, "no_route")
    other = await create_route(admin, floor["part"]["id"], ws)
    r = await admin.post(ORDERS, json={"part_id": floor["part"]["id"], "quantity": 1})
    assert_problem(r, 422, "route_required")
    chosen = await create_order(admin, floor["part"]["id"], route_id=other["id"])
    assert chosen["route_id"] == other["id"]
    foreign = await create_route(admin, lonely["id"], ws)
    r = await admin.post(
        ORDERS, json={"part_id": floor["part"]["id"], "quantity": 1, "route_id": foreign["id"]}
    )
    assert_problem(r, 422, "route_part_mismatch")
    assert len((await admin.get(ORDERS)).json()["items"]) == 1


async def test_full_lifecycle(admin: AsyncClient) -> None:
    floor = await _floor(admin)
    number = (await create_order(admin, floor["part"]["id"]))["number"]
    for action, expected in [
        ("schedule", "scheduled"),
        ("start", "running"),
        ("pause", "paused"),
        ("resume", "running"),
        ("complete", "complete"),
        ("close", "closed"),
    ]:
        r = await admin.post(f"{ORDERS}/{number}/{action}")
        assert r.status_code == 200, (action, r.text)
        assert r.json()["status"] == expected
    order = (await admin.get(f"{ORDERS}/{number}")).json()
    assert order["started_at"] is not None and order["finished_at"] is not None


# Walk each status reachable from `new` and try every action from it.
_PATHS: dict[str, list[str]] = {
    "new": [],
    "scheduled": ["schedule"],
    "running": ["start"],
    "paused": ["start", "pause"],
    "complete": ["start", "complete"],
    "closed": ["start", "complete", "close"],
    "cancelled": ["cancel"],
    "rejected": ["reject"],
}


@pytest.mark.parametrize("start_status", list(_PATHS))
async def test_transition_matrix(admin: AsyncClient, start_status: str) -> None:
    floor = await _floor(admin)
    for action in OrderAction:
        number = (await create_order(admin, floor["part"]["id"]))["number"]
        for step in _PATHS[start_status]:
            assert (await admin.post(f"{ORDERS}/{number}/{step}")).status_code == 200
        before = (await admin.get(f"{ORDERS}/{number}")).json()
        assert before["status"] == start_status
        r = await admin.post(f"{ORDERS}/{number}/{action.value}")
        allowed, target = TRANSITIONS[action]
        if start_status in allowed:
            assert r.status_code == 200, (start_status, action, r.text)
            assert r.json()["status"] == target.value
        else:
            assert_problem(r, 409, "illegal_transition")
            assert (await admin.get(f"{ORDERS}/{number}")).json() == before


async def test_actions_are_audited_with_reason(admin: AsyncClient, app: FastAPI) -> None:
    floor = await _floor(admin)
    number = (await create_order(admin, floor["part"]["id"]))["number"]
    r = await admin.post(f"{ORDERS}/{number}/reject", json={"reason": "no material"})
    assert r.status_code == 200
    async with app.state.db.transaction(write=False) as session:
        rows = (
            await session.scalars(
                select(AuditEntry)
                .where(AuditEntry.entity_type == "order", AuditEntry.entity_id == number)
                .order_by(AuditEntry.id)
            )
        ).all()
    assert [r.action for r in rows] == ["create", "reject"]
    assert rows[1].before == {"status": "new"}
    assert rows[1].after == {"status": "rejected", "reason": "no material"}
    assert rows[1].actor == "user:admin"


async def test_update_and_final_orders_refuse_changes(admin: AsyncClient) -> None:
    floor = await _floor(admin)
    number = (await create_order(admin, floor["part"]["id"], external_ref="E-1"))["number"]
    r = await admin.patch(f"{ORDERS}/{number}", json={"priority": 1, "due_date": None})
    assert r.status_code == 200 and r.json()["priority"] == 1
    other = (await create_order(admin, floor["part"]["id"]))["number"]
    assert_problem(
        await admin.patch(f"{ORDERS}/{other}", json={"external_ref": "E-1"}), 409, "duplicate"
    )
    await admin.post(f"{ORDERS}/{number}/cancel")
    r = await admin.patch(f"{ORDERS}/{number}", json={"priority": 5})
    assert_problem(r, 409, "illegal_transition")
    assert (await admin.get(f"{ORDERS}/{number}")).json()["priority"] == 1


async def test_list_filters(admin: AsyncClient) -> None:
    floor = await _floor(admin)
    a = (await create_order(admin, floor["part"]["id"], priority=1))["number"]
    b = (await create_order(admin, floor["part"]["id"], external_ref="X-9"))["number"]
    await admin.post(f"{ORDERS}/{a}/start")

    async def numbers(**params: Any) -> list[str]:
        r = await admin.get(ORDERS, params=params)
        assert r.status_code == 200, r.text
        return [o["number"] for o in r.json()["items"]]

    assert await numbers(status="running") == [a]
    assert await numbers(status=["running", "new"]) == [a, b]
    assert await numbers(external_ref="X-9") == [b]
    assert await numbers(priority=1) == [a]
    assert await numbers(part_id=floor["part"]["id"], limit=1) == [a]
    assert_problem(await admin.get(ORDERS, params={"status": "exploded"}), 422)


async def test_bad_input_changes_nothing(admin: AsyncClient) -> None:
    floor = await _floor(admin)
    part_id = floor["part"]["id"]
    line = await create_line(admin)
    await create_order(admin, part_id, external_ref="DUP")
    cases: list[tuple[Any, int, str]] = [
        ({"part_id": part_id, "quantity": 0}, 422, "validation_error"),
        ({"part_id": part_id, "quantity": -3}, 422, "validation_error"),
        ({"part_id": part_id, "quantity": 10**12}, 422, "validation_error"),
        ({"part_id": part_id, "quantity": "many"}, 422, "validation_error"),
        ({"part_id": part_id}, 422, "validation_error"),
        ({"quantity": 1}, 422, "validation_error"),
        ({"part_id": part_id, "quantity": 1, "priority": 0}, 422, "validation_error"),
        ({"part_id": part_id, "quantity": 1, "priority": 6}, 422, "validation_error"),
        ({"part_id": part_id, "quantity": 1, "due_date": "tomorrow"}, 422, "validation_error"),
        ({"part_id": part_id, "quantity": 1, "colour": "red"}, 422, "validation_error"),
        ({"part_id": 2**70, "quantity": 1}, 422, "validation_error"),
        ({"part_id": 999999, "quantity": 1}, 422, "unknown_reference"),
        ({"part_id": part_id, "quantity": 1, "line_id": 999999}, 422, "unknown_reference"),
        ({"part_id": part_id, "quantity": 1, "route_id": 999999}, 422, "unknown_reference"),
        ({"part_id": part_id, "quantity": 1, "external_ref": "DUP"}, 409, "duplicate"),
        ({"part_id": part_id, "quantity": 1, "external_ref": "x" * 65}, 422, "validation_error"),
        ([], 422, "validation_error"),
    ]
    for body, status, code in cases:
        assert_problem(await admin.post(ORDERS, json=body), status, code)
    assert len((await admin.get(ORDERS)).json()["items"]) == 1
    assert_problem(await admin.get(f"{ORDERS}/PO-9999"), 404, "not_found")
    assert_problem(await admin.post(f"{ORDERS}/PO-9999/start"), 404, "not_found")
    assert_problem(await admin.post(f"{ORDERS}/PO-0001/explode"), 404)
    assert_problem(
        await admin.post(f"{ORDERS}/PO-0001/start", json={"reason": 5}), 422, "validation_error"
    )
    assert_problem(await admin.patch(f"{ORDERS}/PO-0001", json={"quantity": 0}), 422)
    assert_problem(await admin.patch(f"{ORDERS}/PO-0001", json={"priority": None}), 422)
    assert_problem(
        await admin.patch(f"{ORDERS}/PO-0001", json={"line_id": 424242}), 422, "unknown_reference"
    )
    order = (await admin.get(f"{ORDERS}/PO-0001")).json()
    assert (order["status"], order["quantity"], order["priority"]) == ("new", 10, 3)
    assert order["line_id"] is None and line["id"]


async def test_roles(admin: AsyncClient, app: FastAPI) -> None:
    floor = await _floor(admin)
    number = (await create_order(admin, floor["part"]["id"]))["number"]
    await create_user(admin, role="operator", username="op1", password="operator-pass")
    await create_user(admin, role="supervisor", username="sup1", password="supervisor-pass")
    operator = await login(app, "op1", "operator-pass")
    supervisor = await login(app, "sup1", "supervisor-pass")
    try:
        body = {"part_id": floor["part"]["id"], "quantity": 1}
        assert_problem(await operator.post(ORDERS, json=body), 403, "forbidden")
        assert_problem(await operator.post(f"{ORDERS}/{number}/start"), 403, "forbidden")
        assert (await operator.get(f"{ORDERS}/{number}")).status_code == 200
        assert (await supervisor.post(ORDERS, json=body)).status_code == 201
        assert (await supervisor.post(f"{ORDERS}/{number}/start")).status_code == 200
    finally:
        await operator.aclose()
        await supervisor.aclose()


async def test_parallel_creation_gives_distinct_gap_free_numbers(admin: AsyncClient) -> None:
    floor = await _floor(admin)
    body = {"part_id": floor["part"]["id"], "quantity": 1}
    responses = await asyncio.gather(*(admin.post(ORDERS, json=body) for _ in range(50)))
    assert all(r.status_code == 201 for r in responses), [r.text for r in responses]
    numbers = sorted(int(r.json()["number"][3:]) for r in responses)
    assert numbers == list(range(1, 51))
