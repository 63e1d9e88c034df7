"""Generation never over-produces (issue 11, item 12): scrap may be replaced, but
`started - scrapped + count` may not exceed the order's quantity (409 `quantity_exceeded`),
also when generations race (the order row is locked while units are generated)."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import func, select

from app.models import AuditEntry, OutboxEvent, Part, Unit, UnitEvent
from tests.support import assert_problem, create_order, order_audit_actions, shop_floor

API = "/api/v1"


async def _rows(app: FastAPI) -> tuple[int, int, int, int]:
    async with app.state.db.transaction(write=False) as session:
        return tuple(  # type: ignore[return-value]
            [
                int(await session.scalar(select(func.count()).select_from(model)) or 0)
                for model in (Unit, UnitEvent, OutboxEvent, AuditEntry)
            ]
        )


async def _order(admin: AsyncClient, number: str) -> dict[str, Any]:
    return (await admin.get(f"{API}/orders/{number}")).json()  # type: ignore[no-any-return]


async def test_generation_is_capped_by_the_quantity(admin: AsyncClient, app: FastAPI) -> None:
    floor = await shop_floor(admin, steps=1)
    order = await create_order(admin, floor["part"]["id"], quantity=2)
    number, url = order["number"], f"{API}/orders/{order['number']}/units"
    before = await _rows(app)
    body = assert_problem(await admin.post(url, json={"count": 50}), 409, "quantity_exceeded")
    assert "2" in body["detail"]
    assert await _rows(app) == before
    state = await _order(admin, number)
    assert (state["status"], state["started"]) == ("new", 0)  # not even started

    r = await admin.post(url, json={"count": 2})
    assert r.status_code == 201, r.text
    first, second = (u["serial"] for u in r.json()["items"])
    assert_problem(await admin.post(url, json={"count": 1}), 409, "quantity_exceeded")
    # Scrap may be replaced, one for one.
    r = await admin.post(f"{API}/units/{first}/scrap", json={"reason": "dropped"})
    assert r.status_code == 200, r.text
    assert_problem(await admin.post(url, json={"count": 2}), 409, "quantity_exceeded")
    r = await admin.post(url, json={"count": 1})
    assert r.status_code == 201, r.text
    assert_problem(await admin.post(url, json={"count": 1}), 409, "quantity_exceeded")
    state = await _order(admin, number)
    assert (state["started"], state["scrapped"]) == (3, 1)
    assert second


async def test_parallel_generations_stop_at_the_quantity(admin: AsyncClient, app: FastAPI) -> None:
    floor = await shop_floor(admin, steps=2)
    order = await create_order(admin, floor["part"]["id"], quantity=25)
    url = f"{API}/orders/{order['number']}/units"
    responses = await asyncio.gather(*(admin.post(url, json={"count": 5}) for _ in range(10)))
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201] * 5 + [409] * 5, [r.text for r in responses]
    assert all(r.json()["code"] == "quantity_exceeded" for r in responses if r.status_code == 409)
    serials = sorted(
        u["serial"] for r in responses if r.status_code == 201 for u in r.json()["items"]
    )
    numbers = sorted(int(s.rsplit("-", 1)[1]) for s in serials)
    assert numbers == list(range(1, 26))  # the refused ones took no serial numbers
    assert (await _order(admin, order["number"]))["started"] == 25
    units, created, outbox, _ = await _rows(app)
    # Outbox: one `created` per unit, and the order's start (new → running) once.
    assert (units, created, outbox) == (25, 25, 26)


async def test_parallel_single_units_stop_at_the_quantity(admin: AsyncClient, app: FastAPI) -> None:
    """Stations generating one unit each race for the last of the quantity: exactly the
    quantity is generated, and every refusal explains itself with the order as it was
    judged (already full)."""
    floor = await shop_floor(admin, steps=1)
    order = await create_order(admin, floor["part"]["id"], quantity=17)
    number = order["number"]
    url = f"{API}/orders/{number}/units"
    responses = await asyncio.gather(*(admin.post(url, json={"count": 1}) for _ in range(30)))
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201] * 17 + [409] * 13, [r.text for r in responses]
    for r in responses:
        if r.status_code == 409:
            body = assert_problem(r, 409, "quantity_exceeded")
            assert (body["quantity"], body["started"], body["scrapped"]) == (17, 17, 0)
    serials = [r.json()["items"][0]["serial"] for r in responses if r.status_code == 201]
    assert sorted(int(s.rsplit("-", 1)[1]) for s in serials) == list(range(1, 18))
    state = await _order(admin, number)
    assert (state["status"], state["started"]) == ("running", 17)
    units, created, outbox, _ = await _rows(app)
    # Outbox: one `created` per unit, and the order's start (new → running) once.
    assert (units, created, outbox) == (17, 17, 18)
    actions = await order_audit_actions(app, number)
    async with app.state.db.transaction(write=False) as session:
        counter = await session.scalar(
            select(Part.serial_counter).where(Part.id == floor["part"]["id"])
        )
    assert sorted(actions) == sorted(["create", "start"] + ["generate_units"] * 17)
    assert counter == 17  # the refused ones took no serial numbers
