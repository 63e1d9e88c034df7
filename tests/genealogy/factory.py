"""Factories of the genealogy tests: parts with routes, units in progress or completed."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import select

from app.models import AuditEntry, OutboxEvent
from tests.support import create_order, shop_floor

API = "/api/v1"


async def units(
    admin: AsyncClient,
    floor: dict[str, Any],
    count: int = 1,
    *,
    completed: bool = False,
    **order: Any,
) -> list[str]:
    """`count` units of the floor's part in a new order: at step 1, or completed."""
    created = await create_order(admin, floor["part"]["id"], quantity=count, **order)
    r = await admin.post(f"{API}/orders/{created['number']}/units", json={"count": count})
    assert r.status_code == 201, r.text
    serials = [u["serial"] for u in r.json()["items"]]
    moves = len(floor["workstations"]) + 1 if completed else 1
    for serial in serials:
        for _ in range(moves):
            r = await admin.post(f"{API}/units/{serial}/move")
            assert r.status_code == 200, r.text
    return serials


async def install(client: AsyncClient, parent: str, child: str) -> dict[str, Any]:
    r = await client.post(f"{API}/units/{parent}/install", json={"child_serial": child})
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


async def remove(client: AsyncClient, parent: str, child: str, reason: str) -> dict[str, Any]:
    r = await client.post(
        f"{API}/units/{parent}/remove", json={"child_serial": child, "reason": reason}
    )
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


async def history(client: AsyncClient, serial: str) -> list[dict[str, Any]]:
    r = await client.get(f"{API}/units/{serial}/history", params={"limit": 500})
    assert r.status_code == 200, r.text
    return r.json()["items"]  # type: ignore[no-any-return]


async def floors(admin: AsyncClient) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Three parts on their own lines: a product, a sub-assembly, a module (two steps each)."""
    return (
        await shop_floor(admin, steps=2),
        await shop_floor(admin, steps=2),
        await shop_floor(admin, steps=2),
    )


async def outbox_types(app: FastAPI) -> list[tuple[str, Any]]:
    async with app.state.db.transaction(write=False) as session:
        rows = await session.execute(select(OutboxEvent.type, OutboxEvent.payload))
        return [(t, p) for t, p in rows.all()]


async def audit_actions(app: FastAPI) -> list[tuple[str, str, Any]]:
    async with app.state.db.transaction(write=False) as session:
        rows = await session.execute(
            select(AuditEntry.action, AuditEntry.entity_id, AuditEntry.after)
            .where(AuditEntry.entity_type == "assembly")
            .order_by(AuditEntry.id)
        )
        return [(a, e, after) for a, e, after in rows.all()]
