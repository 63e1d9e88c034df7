"""Concurrent consumption on PostgreSQL: the conditional decrement keeps a lot's remaining
quantity exact and never below zero, and a hold stops every consumption after it commits."""

from __future__ import annotations

import asyncio

import pytest
from fastapi import FastAPI
from httpx import AsyncClient, Response
from sqlalchemy import func, select

from app.models import AuditEntry, Consumption, Lot
from tests.materials.support import API, consume, lot, material_floor, move, written

ON_POSTGRES = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)


async def _units(admin: AsyncClient, number: str, count: int) -> list[str]:
    r = await admin.post(f"{API}/orders/{number}/units", json={"count": count})
    assert r.status_code == 201, r.text
    serials = [u["serial"] for u in r.json()["items"]]
    for serial in serials:
        await move(admin, serial)
    return serials


@ON_POSTGRES
async def test_twenty_consumptions_of_one_from_a_lot_of_ten(
    admin: AsyncClient, app: FastAPI
) -> None:
    floor = await material_floor(admin, quantity=20, units=0)
    ten = await lot(admin, floor["glue"]["id"], 10)
    serials = await _units(admin, floor["order"]["number"], 20)
    responses = await asyncio.gather(*(consume(admin, s, ten["id"], 1) for s in serials))
    created = [r for r in responses if r.status_code == 201]
    refused = [r for r in responses if r.status_code != 201]
    assert len(created) == 10, [r.text for r in responses]
    assert len(refused) == 10
    assert all(r.status_code == 409 for r in refused), [r.text for r in refused]
    assert {r.json()["code"] for r in refused} == {"insufficient_quantity"}
    got = (await admin.get(f"{API}/lots/{ten['id']}")).json()
    assert (got["remaining"], got["status"]) == (0, "consumed")
    assert await written(app) == (10, 10, 10, 10)
    # One unit racing itself: the unit row lock queues them, the lot decides.
    again = await lot(admin, floor["glue"]["id"], 3)
    responses = await asyncio.gather(
        *(consume(admin, serials[0], again["id"], 1) for _ in range(5))
    )
    assert sorted(r.status_code for r in responses) == [201] * 3 + [409] * 2


@ON_POSTGRES
async def test_a_hold_racing_consumptions_stays_consistent(
    admin: AsyncClient, app: FastAPI
) -> None:
    floor = await material_floor(admin, quantity=30, units=0)
    stock = await lot(admin, floor["glue"]["id"], 100)
    serials = await _units(admin, floor["order"]["number"], 30)

    async def hold() -> Response:
        await asyncio.sleep(0.01)
        return await admin.post(f"{API}/lots/{stock['id']}/hold", json={"reason": "recall"})

    consumptions = [consume(admin, s, stock["id"], 2) for s in serials]
    *responses, held = await asyncio.gather(*consumptions, hold())
    assert held.status_code == 200, held.text
    ok = [r for r in responses if r.status_code == 201]
    refused = [r for r in responses if r.status_code != 201]
    assert all(r.status_code == 409 and r.json()["code"] == "lot_unavailable" for r in refused), [
        r.text for r in refused
    ]
    async with app.state.db.transaction(write=False) as session:
        remaining = await session.scalar(select(Lot.remaining).where(Lot.id == stock["id"]))
        total = await session.scalar(
            select(func.coalesce(func.sum(Consumption.quantity), 0)).where(
                Consumption.lot_id == stock["id"]
            )
        )
        count = await session.scalar(select(func.count()).where(Consumption.lot_id == stock["id"]))
    assert count == len(ok)
    assert total == 2 * len(ok)
    assert remaining == 100 - total
    # Nothing after the hold: every consumption that succeeded took its quantity before the
    # hold's UPDATE (which waits for it), so it is timestamped before the hold's audit entry.
    async with app.state.db.transaction(write=False) as session:
        held_at = await session.scalar(
            select(AuditEntry.at).where(
                AuditEntry.entity_type == "lot",
                AuditEntry.entity_id == str(stock["id"]),
                AuditEntry.action == "hold",
            )
        )
        latest = await session.scalar(
            select(func.max(Consumption.at)).where(Consumption.lot_id == stock["id"])
        )
    assert held_at is not None
    assert latest is None or latest < held_at
    got = (await admin.get(f"{API}/lots/{stock['id']}")).json()
    assert got["status"] == "on_hold"
    after = await consume(admin, serials[0], stock["id"], 1)
    assert after.status_code == 409 and after.json()["code"] == "lot_unavailable"
    assert (await written(app))[0] == len(ok)
