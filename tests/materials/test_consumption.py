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
        f"lot {screw_lot['code']} × 4",
        f"lot {floor['glue_lot']['code']} × 0.5",
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
