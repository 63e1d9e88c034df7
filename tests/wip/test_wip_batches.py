"""The WIP snapshot with quantity batches (SQLite and PostgreSQL): batch quantities in
progress count at their workstation, the unit totals stay unit totals, and the snapshot is
still exactly "every event up to `seq` applied" while batch events wait to be numbered."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import select

from app.models import OutboxEvent
from app.wip import service as wip_service
from app.wip.counters import WipCounters
from app.wip.events import wip_event
from tests.support import assert_problem, create_line, create_order, create_part, shop_floor

API = "/api/v1"


async def _post(admin: AsyncClient, path: str, status: int = 200, **body: Any) -> dict[str, Any]:
    r = await admin.post(f"{API}{path}", json=body or None)
    assert r.status_code == status, r.text
    return r.json()  # type: ignore[no-any-return]


async def _batch(admin: AsyncClient, number: str, quantity: int) -> int:
    return int((await _post(admin, f"/orders/{number}/batches", 201, quantity=quantity))["id"])


def _counts(snapshot: dict[str, Any]) -> dict[int, int]:
    return {w["workstation_id"]: w["count"] for w in snapshot["workstations"]}


def _totals(snapshot: dict[str, Any]) -> tuple[int, int, int, int]:
    return (
        snapshot["not_started"],
        snapshot["in_progress"],
        snapshot["completed"],
        snapshot["scrapped"],
    )


async def _wip(admin: AsyncClient, **params: Any) -> dict[str, Any]:
    r = await admin.get(f"{API}/wip", params=params)
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


async def _snapshot(app: FastAPI, line_id: int | None = None) -> dict[str, Any]:
    """The snapshot as the service takes it (GET /wip numbers pending events first)."""
    async with app.state.db.transaction(write=False) as session:
        return (await wip_service.snapshot(session, line_id)).model_dump()


async def test_batch_quantities_count_at_their_workstation(admin: AsyncClient) -> None:
    floor = await shop_floor(admin, steps=3)
    ws1, ws2, ws3 = (w["id"] for w in floor["workstations"])
    order = await create_order(admin, floor["part"]["id"], quantity=100, tracking="batch")
    units = await create_order(admin, floor["part"]["id"], quantity=2)
    r = await admin.post(f"{API}/orders/{units['number']}/units", json={"count": 2})
    serial = r.json()["items"][0]["serial"]
    await _post(admin, f"/units/{serial}/move")

    a = await _batch(admin, order["number"], 40)
    b = await _batch(admin, order["number"], 25)
    # Created, not started: a batch waiting for its first step is not at a workstation.
    assert _counts(await _wip(admin)) == {ws1: 1, ws2: 0, ws3: 0}
    await _post(admin, f"/batches/{a}/steps/1/start")
    await _post(admin, f"/batches/{b}/steps/1/start")
    snapshot = await _wip(admin)
    assert _counts(snapshot) == {ws1: 1 + 40 + 25, ws2: 0, ws3: 0}
    # The totals count units: one at step 0, one at step 1.
    assert _totals(snapshot) == (1, 1, 0, 0)

    await _post(admin, f"/batches/{a}/steps/1/complete", good=36, scrap=4)
    # Completed and the next step not started: between workstations, counted nowhere.
    assert _counts(await _wip(admin)) == {ws1: 1 + 25, ws2: 0, ws3: 0}
    await _post(admin, f"/batches/{a}/steps/2/start")
    assert _counts(await _wip(admin)) == {ws1: 1 + 25, ws2: 36, ws3: 0}
    await _post(admin, f"/batches/{a}/steps/2/complete", good=36)
    await _post(admin, f"/batches/{a}/steps/3/start")
    await _post(admin, f"/batches/{a}/steps/3/complete", good=30, scrap=6)
    await _post(admin, f"/batches/{b}/steps/1/complete", good=0, scrap=25)
    snapshot = await _wip(admin)
    assert _counts(snapshot) == {ws1: 1, ws2: 0, ws3: 0}
    assert _totals(snapshot) == (1, 1, 0, 0)  # batches finished: still no unit finished


async def test_line_filter_counts_batches_at_the_lines_workstations(admin: AsyncClient) -> None:
    """A route across two lines: the batch's step on the other line counts there."""
    line_a, line_b = await create_line(admin), await create_line(admin)
    a1 = await _post(admin, "/workstations", 201, code="A1", name="A1", line_id=line_a["id"])
    b1 = await _post(admin, "/workstations", 201, code="B1", name="B1", line_id=line_b["id"])
    part = await create_part(admin)
    await _post(
        admin,
        "/routes",
        201,
        code="CROSS",
        name="across lines",
        part_id=part["id"],
        steps=[
            {"name": "first", "workstation_id": a1["id"]},
            {"name": "second", "workstation_id": b1["id"]},
        ],
    )
    order = await create_order(admin, part["id"], quantity=10, tracking="batch")
    batch = await _batch(admin, order["number"], 10)
    await _post(admin, f"/batches/{batch}/steps/1/start")
    assert _counts(await _wip(admin, line_id=line_a["id"])) == {a1["id"]: 10}
    assert _counts(await _wip(admin, line_id=line_b["id"])) == {b1["id"]: 0}
    await _post(admin, f"/batches/{batch}/steps/1/complete", good=9, scrap=1)
    await _post(admin, f"/batches/{batch}/steps/2/start")
    assert _counts(await _wip(admin, line_id=line_a["id"])) == {a1["id"]: 0}
    assert _counts(await _wip(admin, line_id=line_b["id"])) == {b1["id"]: 9}
    assert_problem(await admin.get(f"{API}/wip", params={"line_id": 10**9}), 404)


async def test_snapshot_takes_back_batch_events_not_numbered_yet(
    admin: AsyncClient, app: FastAPI
) -> None:
    floor = await shop_floor(admin, steps=2)
    ws1, ws2 = (w["id"] for w in floor["workstations"])
    order = await create_order(admin, floor["part"]["id"], quantity=50, tracking="batch")
    batch = await _batch(admin, order["number"], 50)
    await _post(admin, f"/batches/{batch}/steps/1/start")
    before = await _wip(admin)  # numbers everything so far
    assert _counts(before) == {ws1: 50, ws2: 0}

    # Commands commit their outbox rows; nothing numbers them until we say so.
    await app.state.sequencer.stop()
    await _post(admin, f"/batches/{batch}/steps/1/complete", good=45, scrap=5)
    await _post(admin, f"/batches/{batch}/steps/2/start")
    async with app.state.db.transaction(write=False) as session:
        pending = (
            await session.execute(select(OutboxEvent.type).where(OutboxEvent.seq.is_(None)))
        ).scalars()
        assert sorted(pending) == ["batch_step_completed", "batch_step_started"]
    # The tables already say ws2 holds 45, but those events come after `seq`: taken back.
    assert await _snapshot(app) == before
    assert await _snapshot(app, floor["line"]["id"]) == before

    last = await app.state.sequencer.catch_up()
    after = await _snapshot(app)
    assert after["seq"] == last == before["seq"] + 2
    assert _counts(after) == {ws1: 0, ws2: 45}
    # `before` with the two events applied is `after`: what a client resuming from
    # `before["seq"]` computes.
    async with app.state.db.transaction(write=False) as session:
        rows = (
            await session.execute(
                select(
                    OutboxEvent.type,
                    OutboxEvent.serial,
                    OutboxEvent.order_number,
                    OutboxEvent.line_id,
                    OutboxEvent.from_step,
                    OutboxEvent.to_step,
                    OutboxEvent.from_workstation_id,
                    OutboxEvent.to_workstation_id,
                    OutboxEvent.status,
                    OutboxEvent.payload,
                )
                .where(OutboxEvent.seq > before["seq"])
                .order_by(OutboxEvent.seq)
            )
        ).all()
    counters = WipCounters(workstations=_counts(before))
    events = [wip_event(*row) for row in rows]
    for event in events:
        counters.apply(event)
    assert counters.workstations == _counts(after)
    assert [(e["event"], e["step"], e["quantity"], e["good"], e["scrap"]) for e in events] == [
        ("batch_step_completed", 1, 50, 45, 5),
        ("batch_step_started", 2, 45, None, None),
    ]
    # And undone, backwards: the snapshot before.
    for event in reversed(events):
        counters.apply(event, sign=-1)
    assert counters.workstations == _counts(before)


async def test_a_cancelled_order_takes_its_running_batch_steps_out_of_wip(
    admin: AsyncClient, app: FastAPI
) -> None:
    floor = await shop_floor(admin, steps=2)
    ws1, ws2 = (w["id"] for w in floor["workstations"])
    order = await create_order(admin, floor["part"]["id"], quantity=50, tracking="batch")
    running = await _batch(admin, order["number"], 30)
    waiting = await _batch(admin, order["number"], 20)
    await _post(admin, f"/batches/{running}/steps/1/start")
    await _post(admin, f"/batches/{waiting}/steps/1/start")
    await _post(admin, f"/batches/{waiting}/steps/1/complete", good=20)
    before = await _wip(admin)
    assert _counts(before) == {ws1: 30, ws2: 0}
    await app.state.sequencer.stop()
    await _post(admin, f"/orders/{order['number']}/cancel", reason="customer")
    assert await _snapshot(app) == before  # the cancel's events are not numbered yet
    await app.state.sequencer.catch_up()
    after = await _snapshot(app)
    assert _counts(after) == {ws1: 0, ws2: 0}
    async with app.state.db.transaction(write=False) as session:
        rows = (
            await session.execute(
                select(
                    OutboxEvent.type,
                    OutboxEvent.serial,
                    OutboxEvent.order_number,
                    OutboxEvent.line_id,
                    OutboxEvent.from_step,
                    OutboxEvent.to_step,
                    OutboxEvent.from_workstation_id,
                    OutboxEvent.to_workstation_id,
                    OutboxEvent.status,
                    OutboxEvent.payload,
                )
                .where(OutboxEvent.seq > before["seq"])
                .order_by(OutboxEvent.seq)
            )
        ).all()
    # The order's own status change (running → cancelled) is an event of its own.
    assert [(r[0], r[-1]["to"]) for r in rows if r[0] == "order_status"] == [
        ("order_status", "cancelled")
    ]
    events = [wip_event(*row) for row in rows if row[0] != "order_status"]
    # Only the running step leaves a workstation: one event, the batch scrapped.
    assert [
        (e["event"], e["batch"], e["quantity"], e["good"], e["scrap"], e["status"]) for e in events
    ] == [("batch_step_completed", running, 30, 0, 30, "scrapped")]
    counters = WipCounters(workstations=_counts(before))
    for event in events:
        counters.apply(event)
    assert counters.workstations == _counts(after)
