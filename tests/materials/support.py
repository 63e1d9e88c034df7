"""Factories shared by the materials tests (plain async functions over the API)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import func, select

from app.models import AuditEntry, Consumption, OutboxEvent, UnitEvent
from tests.support import create_order, create_part, shop_floor, unique

API = "/api/v1"


async def component(admin: AsyncClient, kind: str = "component", **fields: Any) -> dict[str, Any]:
    return await create_part(admin, kind=kind, **fields)


async def bom(admin: AsyncClient, part_id: int, items: list[dict[str, Any]]) -> dict[str, Any]:
    r = await admin.post(f"{API}/parts/{part_id}/bom-revisions", json={"items": items})
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


async def lot(
    client: AsyncClient, part_id: int, quantity: float = 100, **fields: Any
) -> dict[str, Any]:
    body = {"part_id": part_id, "code": unique("LOT-"), "quantity": quantity} | fields
    r = await client.post(f"{API}/lots", json=body)
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


async def move(client: AsyncClient, serial: str) -> dict[str, Any]:
    r = await client.post(f"{API}/units/{serial}/move", json={})
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


async def material_floor(
    admin: AsyncClient, *, steps: int = 3, quantity: int = 5, units: int = 2, lot_size: float = 100
) -> dict[str, Any]:
    """A shop floor whose product has a BOM (component `screw` 4 per unit at step 1,
    material `glue` 0.5 per unit at any step), a lot of each, an order pinning that BOM with
    `units` units moved into step 1 (`floor["serials"]`)."""
    floor = await shop_floor(admin, steps=steps)
    screw = await component(admin)
    glue = await component(admin, kind="material", uom="kg")
    await bom(
        admin,
        floor["part"]["id"],
        [
            {"component_part_id": screw["id"], "quantity": 4, "step": 1},
            {"component_part_id": glue["id"], "quantity": 0.5},
        ],
    )
    floor["screw"], floor["glue"] = screw, glue
    floor["screw_lot"] = await lot(admin, screw["id"], lot_size)
    floor["glue_lot"] = await lot(admin, glue["id"], lot_size)
    order = await create_order(admin, floor["part"]["id"], quantity=quantity)
    floor["order"] = order
    floor["serials"] = []
    if units:
        r = await admin.post(f"{API}/orders/{order['number']}/units", json={"count": units})
        assert r.status_code == 201, r.text
        for unit in r.json()["items"]:
            await move(admin, unit["serial"])
            floor["serials"].append(unit["serial"])
    return floor


async def consume(
    client: AsyncClient, serial: str, lot_id: int, quantity: float = 1, **headers: str
) -> Any:
    return await client.post(
        f"{API}/units/{serial}/consume",
        json={"lot_id": lot_id, "quantity": quantity},
        headers=headers or None,
    )


async def written(app: FastAPI) -> tuple[int, int, int, int]:
    """(consumptions, `consumed` history rows, lot consume audits, `lot.consumed` events)."""
    async with app.state.db.transaction(write=False) as session:
        consumptions = await session.scalar(select(func.count()).select_from(Consumption))
        history = await session.scalar(select(func.count()).where(UnitEvent.type == "consumed"))
        audits = await session.scalar(
            select(func.count()).where(
                AuditEntry.entity_type == "lot", AuditEntry.action == "consume"
            )
        )
        events = await session.scalar(
            select(func.count()).where(OutboxEvent.type == "lot.consumed")
        )
    return int(consumptions or 0), int(history or 0), int(audits or 0), int(events or 0)
