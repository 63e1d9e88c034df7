"""Quantity batches: the story, the rules, bad input — on SQLite and PostgreSQL."""

from __future__ import annotations

from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import select

from app.models import AuditEntry, BatchEvent, QualityEvent
from tests.batches.support import API, batch_order, new_batch, run_step, step
from tests.support import assert_problem, create_defect_code


async def test_batch_story(admin: AsyncClient, app: FastAPI) -> None:
    floor, order = await batch_order(admin, steps=3, quantity=100)
    defect = await create_defect_code(admin, code="CRACK", severity="major")
    assert order["tracking"] == "batch"
    number = order["number"]

    batch = await new_batch(admin, number, 60)
    assert batch["status"] == "in_progress" and batch["step"] == 1
    assert (batch["quantity"], batch["good"], batch["scrap"]) == (60, 60, 0)
    assert [s["status"] for s in batch["steps"]] == ["pending"] * 3
    assert [s["quantity_in"] for s in batch["steps"]] == [60, None, None]
    assert [s["workstation_id"] for s in batch["steps"]] == [w["id"] for w in floor["workstations"]]
    got = (await admin.get(f"{API}/orders/{number}")).json()
    assert (got["status"], got["started"]) == ("running", 60)

    started = await step(admin, batch["id"], 1, "start")
    first = started["steps"][0]
    assert first["status"] == "in_progress" and first["started_by"] == "user:admin"
    assert first["started_at"] is not None

    done = await step(admin, batch["id"], 1, "complete", good=55, scrap=5, defect_code="CRACK")
    first = done["steps"][0]
    assert (first["status"], first["good"], first["scrap"], first["defect_code"]) == (
        "done",
        55,
        5,
        "CRACK",
    )
    assert first["completed_by"] == "user:admin" and first["seconds"] >= 0
    assert done["steps"][1]["quantity_in"] == 55
    assert (done["step"], done["good"], done["scrap"]) == (2, 55, 5)
    # The answer is what a read gives.
    assert (await admin.get(f"{API}/batches/{batch['id']}")).json() == done
    got = (await admin.get(f"{API}/orders/{number}")).json()
    assert (got["started"], got["completed"], got["scrapped"]) == (60, 0, 5)

    await run_step(admin, batch["id"], 2, 55)
    last = await run_step(admin, batch["id"], 3, 50, 5)
    assert (last["status"], last["step"], last["good"], last["scrap"]) == ("completed", 3, 50, 10)
    assert last["finished_at"] is not None
    got = (await admin.get(f"{API}/orders/{number}")).json()
    assert (got["status"], got["started"], got["completed"], got["scrapped"]) == (
        "running",
        60,
        50,
        10,
    )
    # Scrap is replaced, never over-produced: 100 - (60 - 10) = 50 remain.
    assert_problem(
        await admin.post(f"{API}/orders/{number}/batches", json={"quantity": 51}),
        409,
        "quantity_exceeded",
    )
    second = await new_batch(admin, number, 50)
    await run_step(admin, second["id"], 1, 50)
    await run_step(admin, second["id"], 2, 50)
    await run_step(admin, second["id"], 3, 50)
    got = (await admin.get(f"{API}/orders/{number}")).json()
    assert (got["status"], got["completed"], got["scrapped"]) == ("complete", 100, 10)

    listed = (await admin.get(f"{API}/orders/{number}/batches", params={"limit": 1})).json()
    assert [b["id"] for b in listed["items"]] == [batch["id"]]
    more = await admin.get(
        f"{API}/orders/{number}/batches", params={"cursor": listed["next_cursor"]}
    )
    assert [b["id"] for b in more.json()["items"]] == [second["id"]]

    async with app.state.db.transaction(write=False) as session:
        events = (
            await session.scalars(
                select(BatchEvent.type)
                .where(BatchEvent.batch_id == batch["id"])
                .order_by(BatchEvent.id)
            )
        ).all()
        assert events == ["batch_created"] + ["batch_step_started", "batch_step_completed"] * 3
        scrap = (
            await session.execute(
                select(
                    QualityEvent.type,
                    QualityEvent.quantity,
                    QualityEvent.defect_code_id,
                    QualityEvent.step,
                )
                .where(QualityEvent.batch_id == batch["id"])
                .order_by(QualityEvent.id)
            )
        ).all()
        assert [tuple(r) for r in scrap] == [("scrap", 5, defect["id"], 1), ("scrap", 5, None, 3)]
        audit = (
            await session.scalars(
                select(AuditEntry.action)
                .where(AuditEntry.entity_type == "batch", AuditEntry.entity_id == str(batch["id"]))
                .order_by(AuditEntry.id)
            )
        ).all()
        assert audit == ["create"] + ["batch_start", "batch_complete"] * 3
