"""Consumption by units and batches: the rules, the records, and refusals that change nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import select

from app.models import AuditEntry, BatchEvent, OutboxEvent, UnitEvent
from tests.conftest import as_user
from tests.materials.support import API, bom, component, consume, lot, material_floor, move, written
from tests.support import assert_problem, create_order, create_user, shop_floor

TIMES = "\u00d7"  # the multiplication sign of history notes ("lot CODE <times> quantity")


async def test_a_unit_consumes_at_its_step(admin: AsyncClient, app: FastAPI) -> None:
    floor = await material_floor(admin)
    serial = floor["serials"][0]
    screw_lot = floor["screw_lot"]
    r = await consume(admin, serial, screw_lot["id"], 4)
    assert r.status_code == 201, r.text
    got = r.json()
    assert got["lot_id"] == screw_lot["id"] and got["lot_code"] == screw_lot["code"]
    assert got["part"]["id"] == floor["screw"]["id"] and got["part"]["kind"] == "component"
    assert (got["quantity"], got["serial"], got["batch_id"]) == (4, serial, None)
    assert (got["order"], got["step"]) == (floor["order"]["number"], 1)
    assert got["workstation_id"] == floor["workstations"][0]["id"]
    assert got["actor"] == "user:admin"
    lot_now = (await admin.get(f"{API}/lots/{screw_lot['id']}")).json()
    assert (lot_now["remaining"], lot_now["status"]) == (96, "available")

    # The material item has no step: any step will do.
    await move(admin, serial)
    r = await consume(admin, serial, floor["glue_lot"]["id"], 0.5)
    assert r.status_code == 201, r.text
    assert r.json()["step"] == 2

    history = (await admin.get(f"{API}/units/{serial}/history")).json()["items"]
    consumed = [h for h in history if h["type"] == "consumed"]
    assert [h["notes"] for h in consumed] == [
        f"lot {screw_lot['code']} {TIMES} 4",
        f"lot {floor['glue_lot']['code']} {TIMES} 0.5",
    ]
    assert [h["step"] for h in consumed] == [1, 2]
    listed = (await admin.get(f"{API}/units/{serial}/consumptions")).json()
    assert [c["quantity"] for c in listed["items"]] == [4, 0.5]
    by_lot = (await admin.get(f"{API}/lots/{screw_lot['id']}/consumptions")).json()
    assert [c["serial"] for c in by_lot["items"]] == [serial]
    assert await written(app) == (2, 2, 2, 2)
    async with app.state.db.transaction(write=False) as session:
        event = await session.scalar(
            select(OutboxEvent).where(OutboxEvent.type == "lot.consumed").order_by(OutboxEvent.id)
        )
        audit = await session.scalar(
            select(AuditEntry)
            .where(AuditEntry.entity_type == "lot", AuditEntry.action == "consume")
            .order_by(AuditEntry.id)
        )
    assert event is not None and event.payload is not None
    assert event.payload["lot"] == {"id": screw_lot["id"], "code": screw_lot["code"]}
    assert event.payload["serial"] == serial and event.payload["quantity"] == 4
    assert event.payload["order"] == floor["order"]["number"] and event.payload["step"] == 1
    assert event.line_id == floor["line"]["id"]
    assert audit is not None and audit.entity_id == str(screw_lot["id"])
    assert audit.after is not None and audit.after["remaining"] == 96


async def test_refusals_name_their_reason_and_write_nothing(
    admin: AsyncClient, app: FastAPI
) -> None:
    floor = await material_floor(admin, steps=3, units=2)
    serial, other = floor["serials"]
    screw_lot, glue_lot = floor["screw_lot"], floor["glue_lot"]
    # Unknown unit and lot.
    assert_problem(await consume(admin, "NOPE-1", screw_lot["id"]), 404, "not_found")
    assert_problem(await consume(admin, serial, 999_999), 404, "not_found")
    # A part that is not in the order's BOM.
    stranger = await component(admin)
    stranger_lot = await lot(admin, stranger["id"])
    body = assert_problem(await consume(admin, serial, stranger_lot["id"]), 422, "not_in_bom")
    assert stranger["number"] in body["detail"]
    # The screw is consumed at step 1 only.
    await move(admin, other)
    assert_problem(await consume(admin, other, screw_lot["id"]), 409, "step_mismatch")
    # More than remains.
    body = assert_problem(await consume(admin, serial, screw_lot["id"], 100.5), 409)
    assert body["code"] == "insufficient_quantity"
    # Held, then expired lots.
    r = await admin.post(f"{API}/lots/{screw_lot['id']}/hold", json={"reason": "recall"})
    assert r.status_code == 200, r.text
    body = assert_problem(await consume(admin, serial, screw_lot["id"]), 409, "lot_unavailable")
    assert "on hold" in body["detail"]
    past = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    old_glue = await lot(admin, floor["glue"]["id"], 10, expires_at=past)
    assert old_glue["expired"] is True
    body = assert_problem(await consume(admin, serial, old_glue["id"]), 409, "lot_unavailable")
    assert "expired" in body["detail"]
    # Not started, finished units.
    r = await admin.post(f"{API}/orders/{floor['order']['number']}/units", json={"count": 1})
    fresh = r.json()["items"][0]["serial"]
    assert_problem(await consume(admin, fresh, glue_lot["id"]), 409, "unit_not_started")
    r = await admin.post(f"{API}/units/{other}/scrap", json={"reason": "dropped"})
    assert r.status_code == 200, r.text
    assert_problem(await consume(admin, other, glue_lot["id"]), 409, "unit_finished")
    # A paused order.
    r = await admin.post(f"{API}/orders/{floor['order']['number']}/pause")
    assert r.status_code == 200, r.text
    assert_problem(await consume(admin, serial, glue_lot["id"]), 409, "order_not_runnable")
    # Bad payloads.
    url = f"{API}/units/{serial}/consume"
    for bad in (
        {"lot_id": glue_lot["id"], "quantity": 0},
        {"lot_id": glue_lot["id"], "quantity": -1},
        {"lot_id": glue_lot["id"], "quantity": "1"},
        {"lot_id": glue_lot["id"], "quantity": True},
        {"lot_id": glue_lot["id"]},
        {"lot_id": "1", "quantity": 1},
        {"lot_id": glue_lot["id"], "quantity": 1, "extra": 1},
    ):
        assert_problem(await admin.post(url, json=bad), 422, "validation_error")
    assert await written(app) == (0, 0, 0, 0)
    for lot_id, remaining in ((screw_lot["id"], 100), (glue_lot["id"], 100)):
        got = (await admin.get(f"{API}/lots/{lot_id}")).json()
        assert got["remaining"] == remaining


async def test_an_order_without_a_bom_consumes_nothing(admin: AsyncClient) -> None:
    floor = await shop_floor(admin, steps=2)
    order = await create_order(admin, floor["part"]["id"], quantity=2)
    assert order["bom_revision"] is None
    r = await admin.post(f"{API}/orders/{order['number']}/units", json={"count": 1})
    serial = r.json()["items"][0]["serial"]
    await move(admin, serial)
    part = await component(admin)
    some = await lot(admin, part["id"])
    body = assert_problem(await consume(admin, serial, some["id"]), 422, "not_in_bom")
    assert "none" in body["detail"]


async def test_a_lot_is_used_up_to_exactly_zero(admin: AsyncClient) -> None:
    floor = await material_floor(admin, lot_size=1.5)
    serial = floor["serials"][0]
    glue_lot = floor["glue_lot"]
    for _ in range(3):  # 0.1 + 0.2 style float remainders must not strand a lot
        r = await consume(admin, serial, glue_lot["id"], 0.5)
        assert r.status_code == 201, r.text
    got = (await admin.get(f"{API}/lots/{glue_lot['id']}")).json()
    assert (got["remaining"], got["status"]) == (0, "consumed")
    assert_problem(await consume(admin, serial, glue_lot["id"], 0.1), 409, "insufficient_quantity")
    r = await admin.post(f"{API}/lots/{glue_lot['id']}/hold", json={"reason": "late"})
    assert_problem(r, 409, "illegal_transition")


async def test_operators_consume_on_their_lines_only(admin: AsyncClient, app: FastAPI) -> None:
    floor = await material_floor(admin)
    serial = floor["serials"][0]
    glue = floor["glue_lot"]["id"]
    mine = await create_user(admin, line_ids=[floor["line"]["id"]])
    stranger = await create_user(admin, line_ids=[])
    async with as_user(app, stranger["username"], "secret-password") as c:
        assert_problem(await consume(c, serial, glue), 403)
        # Lots are received and held by supervisors and admins only.
        r = await c.post(
            f"{API}/lots", json={"part_id": floor["glue"]["id"], "code": "X", "quantity": 1}
        )
        assert_problem(r, 403, "forbidden")
    async with as_user(app, mine["username"], "secret-password") as c:
        r = await consume(c, serial, glue, 0.5)
        assert r.status_code == 201, r.text
        assert r.json()["actor"] == f"user:{mine['username']}"
    assert (await written(app))[0] == 1


async def test_unauthenticated_is_401(client: AsyncClient, admin: AsyncClient) -> None:
    floor = await material_floor(admin, units=1)
    r = await consume(client, floor["serials"][0], floor["glue_lot"]["id"])
    assert_problem(r, 401)


async def test_idempotency_key_replays_one_consumption(admin: AsyncClient, app: FastAPI) -> None:
    floor = await material_floor(admin)
    serial = floor["serials"][0]
    glue = floor["glue_lot"]["id"]
    first = await consume(admin, serial, glue, 2, **{"Idempotency-Key": "glue-1"})
    again = await consume(admin, serial, glue, 2, **{"Idempotency-Key": "glue-1"})
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers.get("idempotent-replayed") == "true"
    other = await consume(admin, serial, glue, 3, **{"Idempotency-Key": "glue-1"})
    assert_problem(other, 409, "idempotency_key_reused")
    assert (await admin.get(f"{API}/lots/{glue}")).json()["remaining"] == 98
    assert await written(app) == (1, 1, 1, 1)


async def test_a_batch_consumes_at_its_started_step(admin: AsyncClient, app: FastAPI) -> None:
    floor = await shop_floor(admin, steps=2)
    resin = await component(admin, kind="material", uom="kg")
    await bom(
        admin, floor["part"]["id"], [{"component_part_id": resin["id"], "quantity": 0.2, "step": 2}]
    )
    resin_lot = await lot(admin, resin["id"], 50)
    order = await create_order(admin, floor["part"]["id"], quantity=100, tracking="batch")
    assert order["bom_revision"] == 1
    r = await admin.post(f"{API}/orders/{order['number']}/batches", json={"quantity": 40})
    batch = r.json()["id"]
    url = f"{API}/batches/{batch}/consume"
    body = {"lot_id": resin_lot["id"], "quantity": 8}
    assert_problem(await admin.post(url, json=body), 409, "step_not_started")
    r = await admin.post(f"{API}/batches/{batch}/steps/1/start")
    assert r.status_code == 200, r.text
    assert_problem(await admin.post(url, json=body), 409, "step_mismatch")
    r = await admin.post(f"{API}/batches/{batch}/steps/1/complete", json={"good": 40})
    r = await admin.post(f"{API}/batches/{batch}/steps/2/start")
    assert r.status_code == 200, r.text
    r = await admin.post(url, json=body)
    assert r.status_code == 201, r.text
    got = r.json()
    assert (got["batch_id"], got["serial"], got["step"], got["quantity"]) == (batch, None, 2, 8)
    assert_problem(await admin.post(f"{API}/batches/999999/consume", json=body), 404, "not_found")
    listed = (await admin.get(f"{API}/batches/{batch}/consumptions")).json()["items"]
    assert [c["id"] for c in listed] == [got["id"]]
    async with app.state.db.transaction(write=False) as session:
        notes = (
            await session.scalars(
                select(BatchEvent.notes).where(
                    BatchEvent.batch_id == batch, BatchEvent.type == "batch_consumed"
                )
            )
        ).all()
    assert notes == [f"lot {resin_lot['code']} {TIMES} 8"]
    r = await admin.post(f"{API}/batches/{batch}/steps/2/complete", json={"good": 40})
    assert r.status_code == 200, r.text
    assert_problem(await admin.post(url, json=body), 409, "batch_finished")
    assert (await admin.get(f"{API}/lots/{resin_lot['id']}")).json()["remaining"] == 42


async def test_consumption_leaves_wip_and_step_stays_alone(
    admin: AsyncClient, app: FastAPI
) -> None:
    floor = await material_floor(admin, units=1)
    serial = floor["serials"][0]
    before = (await admin.get(f"{API}/wip")).json()
    r = await consume(admin, serial, floor["glue_lot"]["id"])
    assert r.status_code == 201, r.text
    after = (await admin.get(f"{API}/wip")).json()
    assert after["workstations"] == before["workstations"]
    assert after["in_progress"] == before["in_progress"]
    async with app.state.db.transaction(write=False) as session:
        row = await session.scalar(select(UnitEvent).where(UnitEvent.type == "consumed"))
    assert row is not None
    assert (row.from_workstation_id, row.to_workstation_id) == (None, None)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_consume_lists_404(admin: AsyncClient) -> None:
    assert_problem(await admin.get(f"{API}/units/NOPE-1/consumptions"), 404, "not_found")
    assert_problem(await admin.get(f"{API}/batches/999/consumptions"), 404, "not_found")
    assert_problem(await admin.get(f"{API}/lots/999/consumptions"), 404, "not_found")
