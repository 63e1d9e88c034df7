"""Concurrent batch commands on PostgreSQL: the database keeps the invariants (row locks,
compare-and-set), whatever the interleaving."""

from __future__ import annotations

import asyncio

import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import func, select

from app.models import AuditEntry, Batch, BatchEvent
from tests.batches.support import API, batch_order, new_batch, step

ON_POSTGRES = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)


@ON_POSTGRES
async def test_parallel_creations_never_exceed_the_order(admin: AsyncClient, app: FastAPI) -> None:
    _, order = await batch_order(admin, steps=2, quantity=100)
    number = order["number"]
    url = f"{API}/orders/{number}/batches"
    responses = await asyncio.gather(*(admin.post(url, json={"quantity": 7}) for _ in range(20)))
    created = [r for r in responses if r.status_code == 201]
    refused = [r for r in responses if r.status_code != 201]
    assert len(created) == 14, [r.text for r in responses]  # 14 * 7 = 98 <= 100 < 105
    assert all(r.status_code == 409 and r.json()["code"] == "quantity_exceeded" for r in refused)
    got = (await admin.get(f"{API}/orders/{number}")).json()
    assert got["started"] == 98
    async with app.state.db.transaction(write=False) as session:
        total = await session.scalar(select(func.sum(Batch.quantity)))
        audits = await session.scalar(select(func.count()).where(AuditEntry.entity_type == "batch"))
    assert (total, audits) == (98, 14)


@ON_POSTGRES
async def test_two_completions_of_one_step_one_wins(admin: AsyncClient, app: FastAPI) -> None:
    _, order = await batch_order(admin, steps=2, quantity=50)
    batch = await new_batch(admin, order["number"], 50)
    bid = batch["id"]
    await step(admin, bid, 1, "start")
    url = f"{API}/batches/{bid}/steps/1/complete"
    responses = await asyncio.gather(
        admin.post(url, json={"good": 48, "scrap": 2}),
        admin.post(url, json={"good": 45, "scrap": 5}),
    )
    codes = sorted(r.status_code for r in responses)
    assert codes == [200, 409], [r.text for r in responses]
    loser = next(r for r in responses if r.status_code == 409)
    assert loser.json()["code"] == "step_done"
    winner = next(r for r in responses if r.status_code == 200).json()
    got = (await admin.get(f"{API}/batches/{bid}")).json()
    assert got == winner
    scrap = winner["scrap"]
    state = (await admin.get(f"{API}/orders/{order['number']}")).json()
    assert state["scrapped"] == scrap  # counted once
    # Starts race too: one of ten wins.
    url = f"{API}/batches/{bid}/steps/2/start"
    starts = await asyncio.gather(*(admin.post(url) for _ in range(10)))
    assert sorted(r.status_code for r in starts) == [200] + [409] * 9
    async with app.state.db.transaction(write=False) as session:
        types = (
            await session.scalars(
                select(BatchEvent.type).where(BatchEvent.batch_id == bid).order_by(BatchEvent.id)
            )
        ).all()
    assert types == [
        "batch_created",
        "batch_step_started",
        "batch_step_completed",
        "batch_step_started",
    ]


@ON_POSTGRES
async def test_many_batches_worked_at_once_keep_the_order_counters(
    admin: AsyncClient, app: FastAPI
) -> None:
    _, order = await batch_order(admin, steps=3, quantity=60)
    number = order["number"]
    batches = [await new_batch(admin, number, 6) for _ in range(10)]

    async def work(batch_id: int, n: int) -> None:
        scrap = n % 2  # odd batches lose one at step 2
        quantity = 6
        for seq in (1, 2, 3):
            lost = scrap if seq == 2 else 0
            await step(admin, batch_id, seq, "start")
            await step(admin, batch_id, seq, "complete", good=quantity - lost, scrap=lost)
            quantity -= lost

    await asyncio.gather(*(work(b["id"], n) for n, b in enumerate(batches)))
    got = (await admin.get(f"{API}/orders/{number}")).json()
    assert (got["started"], got["completed"], got["scrapped"]) == (60, 55, 5)
    assert got["status"] == "running"  # 55 < 60: the scrap may still be replaced
    extra = await new_batch(admin, number, 5)
    for seq in (1, 2, 3):
        await step(admin, extra["id"], seq, "start")
        await step(admin, extra["id"], seq, "complete", good=5)
    got = (await admin.get(f"{API}/orders/{number}")).json()
    assert (got["status"], got["completed"], got["scrapped"]) == ("complete", 60, 5)
    async with app.state.db.transaction(write=False) as session:
        completions = await session.scalar(
            select(func.count()).where(
                AuditEntry.entity_type == "order",
                AuditEntry.entity_id == number,
                AuditEntry.action == "auto_complete",
            )
        )
    assert completions == 1
