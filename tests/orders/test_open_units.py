"""What happens to an order's open units when it ends early (issue 11, item 11).

`cancel` scraps every unit still in progress (history `scrapped` "order cancelled", a WIP
event each, the order's `scrapped` counter) in its transaction; `complete` by override is
409 `units_in_progress` while units are in progress, unless told `{"open_units": "scrap"}`.
WIP, the counters and `started = completed + scrapped` stay true, also when the cancel races
moves (PostgreSQL: the units are locked before the order, in the order moves lock them)."""

from __future__ import annotations

import asyncio
import random
from typing import Any

from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import select

from app.models import AuditEntry, OutboxEvent
from tests.support import assert_problem, create_order, shop_floor

API = "/api/v1"


async def _ok(r: Any, status: int = 200) -> Any:
    assert r.status_code == status, r.text
    return r.json()


async def _order(admin: AsyncClient, number: str) -> dict[str, Any]:
    return await _ok(await admin.get(f"{API}/orders/{number}"))  # type: ignore[no-any-return]


async def _units(admin: AsyncClient, number: str) -> dict[str, dict[str, Any]]:
    page = await _ok(await admin.get(f"{API}/units", params={"order": number, "limit": 500}))
    return {u["serial"]: u for u in page["items"]}


async def _spread(admin: AsyncClient, steps: int = 3, count: int = 6) -> dict[str, Any]:
    """An order whose units are everywhere: not started, at step 1, at the gate, awaiting
    disposition, completed, scrapped."""
    floor = await shop_floor(admin, steps=steps, gates=(steps,))
    order = await create_order(admin, floor["part"]["id"], quantity=count)
    number = order["number"]
    items = (
        await _ok(await admin.post(f"{API}/orders/{number}/units", json={"count": count}), 201)
    )["items"]
    serials = [u["serial"] for u in items]
    fresh, at_one, at_gate, failed, done, scrapped = serials[:6]
    await _ok(await admin.post(f"{API}/units/{at_one}/move"))
    for serial in (at_gate, failed, done):
        for _ in range(steps):
            await _ok(await admin.post(f"{API}/units/{serial}/move"))
    await _ok(await admin.post(f"{API}/units/{failed}/gate", json={"result": "fail"}))
    await _ok(await admin.post(f"{API}/units/{done}/gate", json={"result": "pass"}))
    await _ok(await admin.post(f"{API}/units/{scrapped}/scrap", json={"reason": "dropped"}))
    return {
        "floor": floor,
        "number": number,
        "open": [fresh, at_one, at_gate, failed],
        "done": done,
        "scrapped": scrapped,
    }


async def _wip_for(admin: AsyncClient, line_id: int) -> dict[str, Any]:
    return await _ok(await admin.get(f"{API}/wip", params={"line_id": line_id}))  # type: ignore[no-any-return]


async def test_cancel_scraps_the_open_units(admin: AsyncClient, app: FastAPI) -> None:
    spread = await _spread(admin)
    number, line_id = spread["number"], spread["floor"]["line"]["id"]
    r = await admin.post(f"{API}/orders/{number}/cancel", json={"reason": "customer cancelled"})
    order = await _ok(r)
    assert order["status"] == "cancelled"
    assert (order["started"], order["completed"], order["scrapped"]) == (6, 1, 5)

    units = await _units(admin, number)
    assert {s: units[s]["status"] for s in spread["open"]} == dict.fromkeys(
        spread["open"], "scrapped"
    )
    assert all(units[s]["awaiting"] is None for s in spread["open"])
    assert units[spread["done"]]["status"] == "completed"
    for serial in spread["open"]:
        history = (await _ok(await admin.get(f"{API}/units/{serial}/history")))["items"]
        # Where it was when the order was cancelled, like a unit's own scrap.
        assert (history[-1]["type"], history[-1]["notes"], history[-1]["step"]) == (
            "scrapped",
            "order cancelled",
            history[-2]["step"],
        )
        assert history[-1]["workstation"] == history[-2]["workstation"]
    wip = await _wip_for(admin, line_id)
    assert (wip["not_started"], wip["in_progress"]) == (0, 0)
    assert all(w["count"] == 0 for w in wip["workstations"])
    assert (wip["completed"], wip["scrapped"]) == (1, 5)

    async with app.state.db.transaction(write=False) as session:
        events = (
            await session.execute(
                select(OutboxEvent.serial, OutboxEvent.to_workstation_id, OutboxEvent.status).where(
                    OutboxEvent.type == "scrapped", OutboxEvent.order_number == number
                )
            )
        ).all()
        audit = (
            await session.scalars(
                select(AuditEntry).where(
                    AuditEntry.entity_type == "order",
                    AuditEntry.entity_id == number,
                    AuditEntry.action == "cancel",
                )
            )
        ).all()
    scrapped_events = sorted(s for s, _, _ in events)
    assert scrapped_events == sorted(spread["open"] + [spread["scrapped"]])
    assert all(ws is None and status == "scrapped" for _, ws, status in events)
    (entry,) = audit
    assert entry.before == {"status": "running", "scrapped": 1}
    assert entry.after == {
        "status": "cancelled",
        "scrapped": 5,
        "reason": "customer cancelled",
        "open_units_scrapped": 4,
    }
    # Nothing is left to work on.
    for serial in spread["open"]:
        assert_problem(await admin.post(f"{API}/units/{serial}/move"), 409)


async def test_complete_by_override_needs_word_on_open_units(
    admin: AsyncClient, app: FastAPI
) -> None:
    spread = await _spread(admin)
    number = spread["number"]
    before = await _order(admin, number), await _units(admin, number)
    body = assert_problem(
        await admin.post(f"{API}/orders/{number}/complete"), 409, "units_in_progress"
    )
    assert "4" in body["detail"]
    assert_problem(
        await admin.post(f"{API}/orders/{number}/complete", json={"reason": "enough"}),
        409,
        "units_in_progress",
    )
    assert (await _order(admin, number), await _units(admin, number)) == before
    assert_problem(
        await admin.post(f"{API}/orders/{number}/complete", json={"open_units": "keep"}),
        422,
        "validation_error",
    )
    # Only where it means something.
    assert_problem(
        await admin.post(f"{API}/orders/{number}/pause", json={"open_units": "scrap"}),
        422,
        "validation_error",
    )
    r = await admin.post(
        f"{API}/orders/{number}/complete", json={"open_units": "scrap", "reason": "enough"}
    )
    order = await _ok(r)
    assert (order["status"], order["started"], order["completed"], order["scrapped"]) == (
        "complete",
        6,
        1,
        5,
    )
    units = await _units(admin, number)
    assert all(units[s]["status"] == "scrapped" for s in spread["open"])
    history = (await _ok(await admin.get(f"{API}/units/{spread['open'][0]}/history")))["items"]
    assert (history[-1]["type"], history[-1]["notes"]) == ("scrapped", "order completed")
    await _ok(await admin.post(f"{API}/orders/{number}/close"))

    # Without open units, complete needs nothing more (as before).
    floor = spread["floor"]
    other = await create_order(admin, floor["part"]["id"], quantity=1)
    await _ok(await admin.post(f"{API}/orders/{other['number']}/start"))
    assert (await _ok(await admin.post(f"{API}/orders/{other['number']}/complete")))[
        "status"
    ] == "complete"


async def test_cancel_while_units_move(admin: AsyncClient, app: FastAPI) -> None:
    """A cancel racing moves (completing ones too): every command ends cleanly (200 or 409,
    no deadlock), and afterwards no unit is in progress and the counters add up."""
    floor = await shop_floor(admin, steps=2)
    order = await create_order(admin, floor["part"]["id"], quantity=40)
    number = order["number"]
    items = (await _ok(await admin.post(f"{API}/orders/{number}/units", json={"count": 40}), 201))[
        "items"
    ]
    serials = [u["serial"] for u in items]
    for serial in serials[:20]:
        await _ok(await admin.post(f"{API}/units/{serial}/move"))
    for serial in serials[:10]:
        await _ok(await admin.post(f"{API}/units/{serial}/move"))  # at the last step
    rng = random.Random(11)
    commands = [admin.post(f"{API}/units/{s}/move") for s in serials for _ in range(2)]
    rng.shuffle(commands)
    commands.insert(len(commands) // 3, admin.post(f"{API}/orders/{number}/cancel"))
    responses = await asyncio.gather(*commands)
    assert all(r.status_code in (200, 409) for r in responses), [
        r.text for r in responses if r.status_code not in (200, 409)
    ]
    assert any(r.status_code == 409 for r in responses)

    state = await _order(admin, number)
    assert state["status"] == "cancelled"
    units = await _units(admin, number)
    statuses = [u["status"] for u in units.values()]
    assert "in_progress" not in statuses
    assert state["started"] == 40
    assert (state["completed"], state["scrapped"]) == (
        statuses.count("completed"),
        statuses.count("scrapped"),
    )
    assert state["completed"] + state["scrapped"] == 40
    wip = await _wip_for(admin, floor["line"]["id"])
    assert (wip["not_started"], wip["in_progress"]) == (0, 0)
    assert (wip["completed"], wip["scrapped"]) == (state["completed"], state["scrapped"])
    for serial, unit in units.items():
        history = (await _ok(await admin.get(f"{API}/units/{serial}/history")))["items"]
        assert history[-1]["type"] == unit["status"]  # completed or scrapped, last
        assert [h["type"] for h in history].count(unit["status"]) == 1
