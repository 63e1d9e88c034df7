"""The work queue of a workstation: what waits there or arrives next, in dispatch order — on
SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from sqlalchemy import text

from app.kit.pagination import encode_cursor
from tests.batches.support import new_batch, run_step, step
from tests.conftest import as_user
from tests.support import (
    assert_problem,
    create_order,
    create_part,
    create_route,
    create_user,
    create_workstation,
    shop_floor,
)

API = "/api/v1"


async def _units(admin: AsyncClient, number: str, count: int) -> list[str]:
    r = await admin.post(f"{API}/orders/{number}/units", json={"count": count})
    assert r.status_code == 201, r.text
    return [u["serial"] for u in r.json()["items"]]


async def _do(admin: AsyncClient, serial: str, command: str = "move", **body: Any) -> None:
    r = await admin.post(f"{API}/units/{serial}/{command}", json=body or None)
    assert r.status_code == 200, r.text


async def _queue(client: AsyncClient, workstation_id: int, **params: Any) -> list[dict[str, Any]]:
    """The whole queue in one page."""
    r = await client.get(
        f"{API}/workstations/{workstation_id}/queue", params={"limit": 500} | params
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["next_cursor"] is None
    return body["items"]  # type: ignore[no-any-return]


def _names(items: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(i["serial"] or f"batch {i['batch_id']}", i["awaiting"]) for i in items]


async def test_units_in_dispatch_order(admin: AsyncClient) -> None:
    floor = await shop_floor(admin, steps=3, gates=(2,))
    w1, w2, w3 = (w["id"] for w in floor["workstations"])
    part = floor["part"]["id"]
    # Dispatch order: b (priority 1), then priority 2 by due date: c, a, d (no due date).
    a = await create_order(admin, part, priority=2, due_date="2026-12-10")
    b = await create_order(admin, part, priority=1)
    c = await create_order(admin, part, priority=2, due_date="2026-12-05")
    d = await create_order(admin, part, priority=2)
    a1, a2, a3 = await _units(admin, a["number"], 3)
    b1, b2 = await _units(admin, b["number"], 2)
    [c1] = await _units(admin, c["number"], 1)
    [d1] = await _units(admin, d["number"], 1)
    await _do(admin, a2)  # a2 at step 1, then a1 at the gate: a2 has waited longer
    for serial in (a1, a1, b1, b1, b2, b2, c1, d1, d1):
        await _do(admin, serial)
    await _do(admin, b1, "gate", result="fail")  # b1 now awaits a disposition, since now

    gate = await _queue(admin, w2)
    assert _names(gate) == [
        (b2, "gate_decision"),
        (b1, "disposition"),
        (c1, "arrival"),
        (a2, "arrival"),
        (a1, "gate_decision"),
        (d1, "gate_decision"),
    ]
    first = gate[0]
    unit = (await admin.get(f"{API}/units/{b2}")).json()
    assert first == {
        "kind": "unit",
        "serial": b2,
        "batch_id": None,
        "order": b["number"],
        "order_status": "running",
        "priority": 1,
        "due_date": None,
        "part": floor["part"]["number"],
        "awaiting": "gate_decision",
        "step": 2,
        "station_step": 2,
        "step_name": "Step 2",
        "quantity": 1,
        "since": unit["updated_at"],
    }
    arriving = gate[2]
    assert (arriving["step"], arriving["station_step"], arriving["due_date"]) == (
        1,
        2,
        "2026-12-05",
    )
    assert [i["order"] for i in gate] == [b["number"]] * 2 + [
        c["number"],
        a["number"],
        a["number"],
        d["number"],
    ]
    # Within an order, longest waiting first: `since` is the unit's last change.
    for item in gate:
        got = (await admin.get(f"{API}/units/{item['serial']}")).json()
        assert item["since"] == got["updated_at"] and item["step"] == got["step"]

    # The first station: units at step 1, and step 0 units arriving at the route.
    assert _names(await _queue(admin, w1)) == [(c1, "move"), (a3, "arrival"), (a2, "move")]
    # The last: every unit at the gate arrives next, whatever it awaits there.
    assert _names(await _queue(admin, w3)) == [
        (b2, "arrival"),
        (b1, "arrival"),
        (a1, "arrival"),
        (d1, "arrival"),
    ]

    # A paused order's units still wait (the screen sees why they cannot be worked on);
    # finished units leave the queue.
    r = await admin.post(f"{API}/orders/{d['number']}/pause")
    assert r.status_code == 200, r.text
    await _do(admin, b2, "gate", result="pass")
    await _do(admin, b1, "scrap", reason="cracked")
    gate = await _queue(admin, w2)
    assert _names(gate) == [
        (c1, "arrival"),
        (a2, "arrival"),
        (a1, "gate_decision"),
        (d1, "gate_decision"),
    ]
    assert gate[-1]["order_status"] == "paused"
    assert _names(await _queue(admin, w3)) == [(b2, "move"), (a1, "arrival"), (d1, "arrival")]


async def test_a_workstation_twice_on_the_route(admin: AsyncClient) -> None:
    floor = await shop_floor(admin, steps=2)
    w1, w2 = (w["id"] for w in floor["workstations"])
    part = await create_part(admin)
    await create_route(admin, part["id"], [w1, w1, w2])
    order = await create_order(admin, part["id"])
    u0, u1, u2 = await _units(admin, order["number"], 3)
    await _do(admin, u1)
    await _do(admin, u2)
    await _do(admin, u2)
    # u1 is at W1 already: not also arriving at its step 2 there.
    items = await _queue(admin, w1)
    assert _names(items) == [(u0, "arrival"), (u1, "move"), (u2, "move")]
    assert [(i["step"], i["station_step"]) for i in items] == [(0, 1), (1, 1), (2, 2)]
    assert _names(await _queue(admin, w2)) == [(u2, "arrival")]


async def test_batches_in_the_queue(admin: AsyncClient) -> None:
    floor = await shop_floor(admin, steps=3)
    w1, w2, w3 = (w["id"] for w in floor["workstations"])
    part = floor["part"]["id"]
    order = await create_order(admin, part, quantity=100, tracking="batch", due_date="2026-12-24")
    urgent = await create_order(admin, part, priority=1)
    [unit] = await _units(admin, urgent["number"], 1)
    await _do(admin, unit)

    ready = await new_batch(admin, order["number"], 30)
    running = await new_batch(admin, order["number"], 20)
    running = await step(admin, running["id"], 1, "start")
    passed = await new_batch(admin, order["number"], 10)
    passed = await run_step(admin, passed["id"], 1, 8, 2)
    finished = await new_batch(admin, order["number"], 5)
    for seq in (1, 2, 3):
        await run_step(admin, finished["id"], seq, 5)

    station = await _queue(admin, w1)
    assert _names(station) == [
        (unit, "move"),
        (f"batch {ready['id']}", "start"),
        (f"batch {running['id']}", "complete"),
    ]
    waiting = station[1]
    assert waiting == {
        "kind": "batch",
        "serial": None,
        "batch_id": ready["id"],
        "order": order["number"],
        "order_status": "running",
        "priority": 3,
        "due_date": "2026-12-24",
        "part": floor["part"]["number"],
        "awaiting": "start",
        "step": 1,
        "station_step": 1,
        "step_name": "Step 1",
        "quantity": 30,
        "since": waiting["since"],
    }
    ready_read = (await admin.get(f"{API}/batches/{ready['id']}")).json()
    assert waiting["since"] == ready_read["created_at"]
    assert station[2]["since"] == running["steps"][0]["started_at"]
    assert station[2]["quantity"] == 20

    # What a step passed waits at the next step, since that step's completion.
    at_two = await _queue(admin, w2)
    assert _names(at_two) == [(unit, "arrival"), (f"batch {passed['id']}", "start")]
    assert at_two[1]["quantity"] == 8 and at_two[1]["step"] == 2
    assert at_two[1]["since"] == passed["steps"][0]["completed_at"]
    # Nothing is ready at the last step; the finished batch is nowhere.
    assert await _queue(admin, w3) == []

    assert _names(await _queue(admin, w1, kind="batch")) == _names(station[1:])
    assert _names(await _queue(admin, w1, kind="unit")) == _names(station[:1])
    assert _names(await _queue(admin, w1, awaiting="complete")) == _names(station[2:])
    assert _names(await _queue(admin, w1, awaiting=["start", "move"])) == _names(station[:2])
    assert await _queue(admin, w1, kind="unit", awaiting="start") == []


async def test_filters(admin: AsyncClient) -> None:
    floor = await shop_floor(admin, steps=2, gates=(2,))
    w1, w2 = (w["id"] for w in floor["workstations"])
    order = await create_order(admin, floor["part"]["id"])
    s1, s2, s3, s4 = await _units(admin, order["number"], 4)
    for serial in (s1, s1, s2, s2, s3):
        await _do(admin, serial)
    await _do(admin, s2, "gate", result="fail")
    everything = await _queue(admin, w2)
    assert _names(everything) == [
        (s1, "gate_decision"),
        (s3, "arrival"),
        (s2, "disposition"),
    ]
    assert _names(await _queue(admin, w2, awaiting="disposition")) == [(s2, "disposition")]
    assert _names(await _queue(admin, w2, awaiting="arrival")) == [(s3, "arrival")]
    assert _names(await _queue(admin, w2, awaiting=["gate_decision", "disposition"])) == [
        (s1, "gate_decision"),
        (s2, "disposition"),
    ]
    assert await _queue(admin, w2, awaiting="move") == []
    assert await _queue(admin, w2, kind="batch") == []
    assert _names(await _queue(admin, w2, kind="unit")) == _names(everything)
    assert _names(await _queue(admin, w1, awaiting="arrival")) == [(s4, "arrival")]


async def _walk(client: AsyncClient, workstation_id: int, limit: int, **params: Any) -> list[Any]:
    """Every item, page by page."""
    url = f"{API}/workstations/{workstation_id}/queue"
    items: list[Any] = []
    cursor = None
    while True:
        query = {"limit": limit} | params | ({"cursor": cursor} if cursor else {})
        r = await client.get(url, params=query)
        assert r.status_code == 200, r.text
        page = r.json()
        assert len(page["items"]) <= limit
        items += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            return items
        assert len(page["items"]) == limit


async def test_pages_continue_without_gaps_or_repeats(admin: AsyncClient, app: FastAPI) -> None:
    floor = await shop_floor(admin, steps=2)
    w1 = floor["workstations"][0]["id"]
    part = floor["part"]["id"]
    orders = [
        await create_order(admin, part, quantity=20, priority=p, due_date=due)
        for p, due in ((3, None), (1, "2026-12-01"), (3, "2026-11-01"), (1, None))
    ]
    serials: list[str] = []
    for i, order in enumerate(orders):
        # A generation gives its units one `since`: the id breaks the tie.
        serials += await _units(admin, order["number"], 4 + i)
    for serial in serials[::3]:
        await _do(admin, serial)
    batches = await create_order(admin, part, quantity=50, tracking="batch", priority=2)
    for quantity in (5, 6, 7):
        await new_batch(admin, batches["number"], quantity)
    started = await new_batch(admin, batches["number"], 8)
    await step(admin, started["id"], 1, "start")

    whole = await _queue(admin, w1)
    assert len(whole) == len(serials) + 4
    keys = [(i["serial"], i["batch_id"]) for i in whole]
    assert len(set(keys)) == len(keys)
    for limit in (1, 2, 3, 7):
        assert await _walk(admin, w1, limit) == whole
    assert await _walk(admin, w1, 2, kind="batch") == [i for i in whole if i["kind"] == "batch"]
    assert await _walk(admin, w1, 3, awaiting="arrival") == [
        i for i in whole if i["awaiting"] == "arrival"
    ]

    # A unit and a batch of one order waiting since the same instant cannot be made through
    # the API (an order tracks either), but the key is total all the same: batches first.
    async with app.state.db.transaction() as session:
        unit_order, since = (
            await session.execute(
                text("SELECT order_id, updated_at FROM units WHERE serial = :s"),
                {"s": serials[0]},
            )
        ).one()
        await session.execute(
            text("UPDATE batches SET order_id = :o, created_at = :t WHERE id <> :started"),
            {"o": unit_order, "t": since, "started": started["id"]},
        )
    whole = await _queue(admin, w1)
    moment = next(i["since"] for i in whole if i["serial"] == serials[0])
    assert [i["kind"] for i in whole if i["since"] == moment] == ["batch"] * 3 + ["unit"]
    for limit in (1, 2, 5):
        assert await _walk(admin, w1, limit) == whole


async def test_bad_input(admin: AsyncClient) -> None:
    floor = await shop_floor(admin, steps=1)
    w1 = floor["workstations"][0]["id"]
    order = await create_order(admin, floor["part"]["id"])
    await _units(admin, order["number"], 3)
    url = f"{API}/workstations/{w1}/queue"
    r = await admin.get(url, params={"limit": 1})
    assert r.status_code == 200 and r.json()["next_cursor"]

    assert_problem(await admin.get(f"{API}/workstations/999999/queue"), 404, "not_found")
    assert_problem(
        await admin.get(f"{API}/workstations/999999/queue", params={"kind": "batch"}),
        404,
        "not_found",
    )
    for bad in ("0", "-1", "x", str(2**63), "1.5"):
        assert_problem(await admin.get(f"{API}/workstations/{bad}/queue"), 422, "validation_error")
    for params in (
        {"limit": 0},
        {"limit": 501},
        {"limit": "many"},
        {"awaiting": "lunch"},
        {"kind": "lot"},
        {"cursor": "x" * 201},
    ):
        assert_problem(await admin.get(url, params=params), 422, "validation_error")
    since = "2026-01-01T00:00:00+00:00"
    for cursor in (
        "not a cursor!",
        encode_cursor(5),
        encode_cursor([]),
        encode_cursor([1, "2026-01-01", 1, since, "unit"]),
        encode_cursor([9, "2026-01-01", 1, since, "unit", 1]),
        encode_cursor([1, "yesterday", 1, since, "unit", 1]),
        encode_cursor([1, "2026-01-01", 2**63, since, "unit", 1]),
        encode_cursor([1, "2026-01-01", 1, "2026-01-01T00:00:00", "unit", 1]),
        encode_cursor([1, "2026-01-01", 1, "0001-01-01T00:00:00+14:00", "unit", 1]),
        encode_cursor([1, "2026-01-01", 1, since, "lot", 1]),
        encode_cursor([1, "2026-01-01", 1, since, "unit", True]),
        encode_cursor([1, "2026-01-01", 1, since, "unit", -1]),
        encode_cursor({"a": 1}),
    ):
        assert_problem(await admin.get(url, params={"cursor": cursor}), 400, "invalid_cursor")
    # A well-formed cursor past the end is an empty page.
    late = encode_cursor([5, "9999-12-31", 2**63 - 1, since, "unit", 1])
    r = await admin.get(url, params={"cursor": late})
    assert r.status_code == 200 and r.json() == {"items": [], "next_cursor": None}
    # An existing workstation with nothing waiting.
    line = floor["line"]["id"]
    idle = await create_workstation(admin, line)
    assert await _queue(admin, idle["id"]) == []


async def test_every_role_reads_every_queue(admin: AsyncClient, app: FastAPI) -> None:
    floor = await shop_floor(admin, steps=2)
    w1, w2 = (w["id"] for w in floor["workstations"])
    order = await create_order(admin, floor["part"]["id"])
    await _units(admin, order["number"], 2)
    expected = await _queue(admin, w1)
    assert len(expected) == 2
    other_line = await shop_floor(admin, steps=1)
    password = "queue-reader-password"
    operator = await create_user(
        admin, role="operator", password=password, line_ids=[other_line["line"]["id"]]
    )
    supervisor = await create_user(admin, role="supervisor", password=password)
    terminal = await create_user(
        admin,
        kind="workstation",
        workstation_id=w2,
        line_ids=[floor["line"]["id"]],
        password=password,
    )
    # Operators see what comes their way from other lines too, and a workstation account
    # what waits upstream: reading is not acting (commands stay limited to their lines).
    for user in (operator, supervisor, terminal):
        async with as_user(app, user["username"], password) as client:
            assert await _queue(client, w1) == expected
            assert await _queue(client, w2) == []

    r = await admin.post(f"{API}/api-keys", json={"name": "screen", "scopes": ["read"]})
    reader_key = r.json()["key"]
    r = await admin.post(f"{API}/api-keys", json={"name": "plc", "scopes": ["units:execute"]})
    executor_key = r.json()["key"]
    transport = ASGITransport(app=app)
    async with AsyncClient(transport=transport, base_url="http://takt") as anonymous:
        url = f"{API}/workstations/{w1}/queue"
        assert_problem(await anonymous.get(url), 401)
        assert (await anonymous.get(url, headers={"X-API-Key": reader_key})).json()[
            "items"
        ] == expected
        assert_problem(await anonymous.get(url, headers={"X-API-Key": executor_key}), 403)
