"""Batch rules and bad input: every refusal is problem+json with the contract's code and
changes nothing — on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import func, select

from app.models import AuditEntry, BatchEvent, OutboxEvent
from tests.batches.support import API, batch_order, new_batch, run_step, step
from tests.conftest import as_user
from tests.support import assert_problem, create_order, create_user, gated_floor, shop_floor


async def _written(app: FastAPI) -> tuple[int, int, int]:
    """How many history, outbox and audit rows exist (a refusal adds none)."""
    async with app.state.db.transaction(write=False) as session:
        return (
            int(await session.scalar(select(func.count()).select_from(BatchEvent)) or 0),
            int(await session.scalar(select(func.count()).select_from(OutboxEvent)) or 0),
            int(await session.scalar(select(func.count()).select_from(AuditEntry)) or 0),
        )


async def test_tracking_is_enforced_both_ways(admin: AsyncClient) -> None:
    floor = await shop_floor(admin, steps=2)
    serial_order = await create_order(admin, floor["part"]["id"], quantity=5)
    batch_only = await create_order(admin, floor["part"]["id"], quantity=5, tracking="batch")
    assert serial_order["tracking"] == "serial"
    body = assert_problem(
        await admin.post(f"{API}/orders/{serial_order['number']}/batches", json={"quantity": 1}),
        409,
        "wrong_tracking",
    )
    assert "units" in body["detail"]
    assert_problem(
        await admin.post(f"{API}/orders/{batch_only['number']}/units", json={"count": 1}),
        409,
        "wrong_tracking",
    )
    got = (await admin.get(f"{API}/orders/{batch_only['number']}")).json()
    assert (got["status"], got["started"]) == ("new", 0)
    assert_problem(
        await admin.post(
            f"{API}/orders",
            json={"part_id": floor["part"]["id"], "quantity": 1, "tracking": "lots"},
        ),
        422,
        "validation_error",
    )


async def test_bad_input_changes_nothing(admin: AsyncClient, app: FastAPI) -> None:
    _, order = await batch_order(admin, steps=3, quantity=10)
    number = order["number"]
    url = f"{API}/orders/{number}/batches"
    for body in ({"quantity": 0}, {"quantity": -1}, {"quantity": "5"}, {}, {"quantity": 1, "x": 1}):
        assert_problem(await admin.post(url, json=body), 422, "validation_error")
    assert_problem(await admin.post(url, json={"quantity": 11}), 409, "quantity_exceeded")
    assert_problem(
        await admin.post(f"{API}/orders/PO-9999/batches", json={"quantity": 1}), 404, "not_found"
    )
    batch = await new_batch(admin, number, 10)
    before = await _written(app)
    bid = batch["id"]
    # Steps out of order, unknown steps and batches.
    assert_problem(await admin.post(f"{API}/batches/{bid}/steps/2/start"), 409, "step_not_ready")
    assert_problem(await admin.post(f"{API}/batches/{bid}/steps/9/start"), 404, "not_found")
    assert_problem(await admin.post(f"{API}/batches/999999/steps/1/start"), 404, "not_found")
    assert_problem(await admin.post(f"{API}/batches/0/steps/1/start"), 422, "validation_error")
    complete = f"{API}/batches/{bid}/steps/1/complete"
    assert_problem(await admin.post(complete, json={"good": 10}), 409, "step_not_started")
    assert (await _written(app)) == before
    await step(admin, bid, 1, "start")
    assert_problem(await admin.post(f"{API}/batches/{bid}/steps/1/start"), 409, "step_not_ready")
    before = await _written(app)
    # Quantities that do not add up, bad bodies, unknown defect codes.
    body = assert_problem(await admin.post(complete, json={"good": 9}), 422, "quantity_mismatch")
    assert "10" in str(body["detail"])
    assert_problem(await admin.post(complete, json={"good": 8, "scrap": 3}), 422)
    assert_problem(await admin.post(complete, json={"good": -1, "scrap": 11}), 422)
    assert_problem(await admin.post(complete, json={"scrap": 10}), 422, "validation_error")
    assert_problem(await admin.post(complete, json={"good": 10.5}), 422, "validation_error")
    assert_problem(
        await admin.post(complete, json={"good": 9, "scrap": 1, "defect_code": "NOPE"}),
        422,
        "unknown_reference",
    )
    assert (await _written(app)) == before
    got = (await admin.get(f"{API}/batches/{bid}")).json()
    assert got["steps"][0]["status"] == "in_progress" and got["scrap"] == 0
    done = await step(admin, bid, 1, "complete", good=10)
    assert_problem(await admin.post(complete, json={"good": 10}), 409, "step_done")
    assert done["steps"][1]["quantity_in"] == 10


async def test_a_step_passing_nothing_scraps_the_batch(admin: AsyncClient) -> None:
    _, order = await batch_order(admin, steps=3, quantity=10)
    number = order["number"]
    batch = await new_batch(admin, number, 4)
    done = await run_step(admin, batch["id"], 1, 0, 4)
    assert (done["status"], done["step"], done["good"], done["scrap"]) == ("scrapped", 1, 0, 4)
    assert done["steps"][1]["quantity_in"] is None
    assert_problem(
        await admin.post(f"{API}/batches/{batch['id']}/steps/2/start"), 409, "batch_finished"
    )
    got = (await admin.get(f"{API}/orders/{number}")).json()
    assert (got["started"], got["scrapped"], got["status"]) == (4, 4, "running")
    # The scrap may be replaced: the whole quantity is available again.
    await new_batch(admin, number, 10)


async def test_order_must_be_running(admin: AsyncClient) -> None:
    _, order = await batch_order(admin, steps=2, quantity=10)
    number = order["number"]
    batch = await new_batch(admin, number, 5)
    assert (await admin.post(f"{API}/orders/{number}/pause")).status_code == 200
    assert_problem(
        await admin.post(f"{API}/batches/{batch['id']}/steps/1/start"), 409, "order_not_runnable"
    )
    assert_problem(
        await admin.post(f"{API}/orders/{number}/batches", json={"quantity": 1}),
        409,
        "order_not_runnable",
    )
    assert (await admin.post(f"{API}/orders/{number}/resume")).status_code == 200
    await step(admin, batch["id"], 1, "start")


async def test_operators_work_batches_on_their_lines_only(admin: AsyncClient, app: FastAPI) -> None:
    floor, order = await batch_order(admin, steps=2, quantity=10)
    other = await shop_floor(admin, steps=1)
    mine = await create_user(admin, line_ids=[floor["line"]["id"]], password="operator-pass-1")
    theirs = await create_user(admin, line_ids=[other["line"]["id"]], password="operator-pass-2")
    number = order["number"]
    async with (
        as_user(app, theirs["username"], "operator-pass-2") as outsider,
        as_user(app, mine["username"], "operator-pass-1") as insider,
    ):
        assert_problem(
            await outsider.post(f"{API}/orders/{number}/batches", json={"quantity": 2}), 403
        )
        batch = await new_batch(insider, number, 2)
        assert_problem(await outsider.post(f"{API}/batches/{batch['id']}/steps/1/start"), 403)
        started = await step(insider, batch["id"], 1, "start")
        assert started["steps"][0]["started_by"] == f"user:{mine['username']}"
        r = await outsider.get(f"{API}/batches/{batch['id']}")
        assert r.status_code == 200  # everyone reads


async def test_gate_step_needs_passing_sample_measurements(admin: AsyncClient) -> None:
    floor = await gated_floor(admin, steps=2)
    r = await admin.post(
        f"{API}/orders",
        json={"part_id": floor["part"]["id"], "quantity": 20, "tracking": "batch"},
    )
    number = r.json()["number"]
    batch = await new_batch(admin, number, 20)
    bid = batch["id"]
    await run_step(admin, bid, 1, 20)
    await step(admin, bid, 2, "start")
    complete = f"{API}/batches/{bid}/steps/2/complete"
    body = assert_problem(await admin.post(complete, json={"good": 20}), 409, "tests_incomplete")
    assert "Torque" in body["detail"]

    async def measure(value: float) -> dict[str, Any]:
        r = await admin.post(
            f"{API}/batches/{bid}/measurements", json={"test": "Torque", "value": value}
        )
        assert r.status_code == 201, r.text
        return r.json()  # type: ignore[no-any-return]

    failed = await measure(60)
    assert (failed["result"], failed["batch_id"], failed["upper_limit"]) == ("fail", bid, 55)
    assert_problem(await admin.post(complete, json={"good": 20}), 409, "tests_failed")
    assert (await measure(50))["result"] == "pass"
    done = await step(admin, bid, 2, "complete", good=19, scrap=1)
    assert done["status"] == "completed"
    # Bad measurements are refused.
    url = f"{API}/batches/{bid}/measurements"
    assert_problem(
        await admin.post(url, json={"test": "Torque", "value": 50}), 409, "batch_finished"
    )
    other = await new_batch(admin, number, 1)
    url = f"{API}/batches/{other['id']}/measurements"
    assert_problem(
        await admin.post(url, json={"test": "Nope", "value": 1}), 422, "test_not_on_route"
    )
    assert_problem(
        await admin.post(url, json={"test": "Torque", "values": [1, 2]}), 422, "wrong_value_kind"
    )
    assert_problem(await admin.post(url, json={"test": "Torque"}), 422, "validation_error")
    assert_problem(
        await admin.post(f"{API}/batches/999999/measurements", json={"test": "Torque", "value": 1}),
        404,
    )
    quality = (await admin.get(f"{API}/quality-events", params={"limit": 500})).json()["items"]
    mine = [q for q in quality if q.get("batch_id") == bid]
    assert {(q["type"], q["result"], q["quantity"]) for q in mine} >= {
        ("inspection", "fail", 1),
        ("inspection", "pass", 19),
        ("scrap", None, 1),
    }


async def test_cancel_scraps_open_batches_and_complete_needs_the_override(
    admin: AsyncClient, app: FastAPI
) -> None:
    _, order = await batch_order(admin, steps=3, quantity=30)
    number = order["number"]
    running = await new_batch(admin, number, 10)
    await run_step(admin, running["id"], 1, 9, 1)
    await step(admin, running["id"], 2, "start")
    waiting = await new_batch(admin, number, 5)
    body = assert_problem(
        await admin.post(f"{API}/orders/{number}/complete", json={}), 409, "units_in_progress"
    )
    assert body["batches_in_progress"] == 2
    r = await admin.post(f"{API}/orders/{number}/cancel", json={"reason": "customer"})
    assert r.status_code == 200, r.text
    got = r.json()
    assert (got["status"], got["started"], got["completed"], got["scrapped"]) == (
        "cancelled",
        15,
        0,
        15,
    )
    first = (await admin.get(f"{API}/batches/{running['id']}")).json()
    assert (first["status"], first["good"], first["scrap"]) == ("scrapped", 0, 10)
    assert (first["steps"][1]["status"], first["steps"][1]["scrap"]) == ("done", 9)
    second = (await admin.get(f"{API}/batches/{waiting['id']}")).json()
    assert (second["status"], second["scrap"]) == ("scrapped", 5)
    async with app.state.db.transaction(write=False) as session:
        rows = (
            await session.execute(
                select(OutboxEvent.type, OutboxEvent.from_workstation_id, OutboxEvent.payload)
                .where(OutboxEvent.type.like("batch%"))
                .order_by(OutboxEvent.id)
            )
        ).all()
    # The running step's quantity leaves its workstation on the WIP stream.
    last_type, last_ws, payload = rows[-1]
    assert last_type == "batch_step_completed" and last_ws == first["steps"][1]["workstation_id"]
    payload = payload if isinstance(payload, dict) else json.loads(payload)
    assert payload == {
        "batch": running["id"],
        "step": 2,
        "workstation_id": last_ws,
        "quantity": 9,
        "good": 0,
        "scrap": 9,
    }
