"""Concurrent commands: the database keeps the invariants (run on PostgreSQL and SQLite)."""

from __future__ import annotations

import asyncio
import random
from typing import Any

import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import select

from app.models import AuditEntry, OutboxEvent, Unit, UnitEvent
from app.transitions import repository as transitions_repository
from app.wip.counters import WipCounters
from tests.support import create_order, order_audit_actions, shop_floor

API = "/api/v1"


async def test_parallel_moves_of_one_unit_advance_it_exactly_once_each(
    admin: AsyncClient, app: FastAPI
) -> None:
    floor = await shop_floor(admin, steps=5)
    order = await create_order(admin, floor["part"]["id"], quantity=1)
    r = await admin.post(f"{API}/orders/{order['number']}/units", json={"count": 1})
    serial = r.json()["items"][0]["serial"]

    responses = await asyncio.gather(*(admin.post(f"{API}/units/{serial}/move") for _ in range(10)))
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200] * 6 + [409] * 4, [r.text for r in responses]
    assert all(r.json()["code"] == "unit_finished" for r in responses if r.status_code == 409)
    steps = sorted(r.json()["step"] for r in responses if r.status_code == 200)
    assert steps == [1, 2, 3, 4, 5, 5]  # five moves and the completion (stays at step 5)

    async with app.state.db.transaction(write=False) as session:
        types = (await session.scalars(select(UnitEvent.type).order_by(UnitEvent.id))).all()
    assert types == ["created"] + ["moved"] * 5 + ["completed"]
    unit = (await admin.get(f"{API}/units/{serial}")).json()
    assert (unit["status"], unit["step"]) == ("completed", 5)
    assert (await admin.get(f"{API}/orders/{order['number']}")).json()["status"] == "complete"


async def test_parallel_generations_give_distinct_consecutive_serials(admin: AsyncClient) -> None:
    floor = await shop_floor(admin, steps=2)
    order = await create_order(admin, floor["part"]["id"], quantity=500)
    url = f"{API}/orders/{order['number']}/units"
    responses = await asyncio.gather(*(admin.post(url, json={"count": 50}) for _ in range(10)))
    assert all(r.status_code == 201 for r in responses), [r.text for r in responses]
    serials = [u["serial"] for r in responses for u in r.json()["items"]]
    numbers = sorted(int(s.rsplit("-", 1)[1]) for s in serials)
    assert numbers == list(range(1, 501))
    for r in responses:  # each request got one consecutive block
        block = [int(u["serial"].rsplit("-", 1)[1]) for u in r.json()["items"]]
        assert block == list(range(block[0], block[0] + 50))
    state = (await admin.get(f"{API}/orders/{order['number']}")).json()
    assert state["started"] == 500


async def test_wip_events_replay_to_the_snapshot_under_concurrency(
    admin: AsyncClient, app: FastAPI
) -> None:
    floor = await shop_floor(admin, steps=4, gates=(3,))
    order = await create_order(admin, floor["part"]["id"], quantity=40)
    r = await admin.post(f"{API}/orders/{order['number']}/units", json={"count": 40})
    serials = [u["serial"] for u in r.json()["items"]]
    rng = random.Random(7)

    async def work(serial: str) -> None:
        for _ in range(8):
            choice = rng.random()
            if choice < 0.05:
                await admin.post(f"{API}/units/{serial}/scrap", json={"reason": "random"})
            elif choice < 0.25:
                await admin.post(
                    f"{API}/units/{serial}/gate", json={"result": rng.choice(["pass", "fail"])}
                )
            elif choice < 0.35:
                await admin.post(f"{API}/units/{serial}/rework", json={"to_step": 1})
            else:
                await admin.post(f"{API}/units/{serial}/move")

    await asyncio.gather(*(work(s) for s in serials))
    snapshot = (await admin.get(f"{API}/wip")).json()
    async with app.state.db.transaction(write=False) as session:
        events = (
            (await session.execute(select(OutboxEvent).order_by(OutboxEvent.seq))).scalars().all()
        )
    seqs = [e.seq for e in events]
    assert seqs == list(range(1, len(events) + 1)), "sequence numbers must be gap-free"
    assert snapshot["seq"] == len(events)
    replay = WipCounters(workstations={w["workstation_id"]: 0 for w in snapshot["workstations"]})
    for e in events:
        replay.apply(
            {
                c: getattr(e, c)
                for c in (
                    "from_step",
                    "to_step",
                    "from_workstation_id",
                    "to_workstation_id",
                    "status",
                    "line_id",
                )
            }
        )
    assert replay.workstations == {
        w["workstation_id"]: w["count"] for w in snapshot["workstations"]
    }
    assert (replay.not_started, replay.in_progress, replay.completed, replay.scrapped) == (
        snapshot["not_started"],
        snapshot["in_progress"],
        snapshot["completed"],
        snapshot["scrapped"],
    )


async def _unit_at_step_one(admin: AsyncClient) -> tuple[str, str]:
    floor = await shop_floor(admin, steps=4)
    order = await create_order(admin, floor["part"]["id"], quantity=1)
    r = await admin.post(f"{API}/orders/{order['number']}/units", json={"count": 1})
    serial = r.json()["items"][0]["serial"]
    assert (await admin.post(f"{API}/units/{serial}/move")).status_code == 200
    return order["number"], serial


def _interfere(monkeypatch: pytest.MonkeyPatch, meddle: Any) -> list[bool]:
    """Run `meddle()` between a lock-free command's read and its compare-and-set write, once;
    returns the outcomes of every compare-and-set (PostgreSQL's lock-free path only)."""
    real = transitions_repository.write_transition_if_unchanged
    outcomes: list[bool] = []
    meddled = False

    async def racing(*args: Any, **kwargs: Any) -> bool:
        nonlocal meddled
        if not meddled:
            meddled = True
            await meddle()
        written = await real(*args, **kwargs)
        outcomes.append(written)
        return written

    monkeypatch.setattr(transitions_repository, "write_transition_if_unchanged", racing)
    return outcomes


async def test_a_move_that_loses_the_race_judges_the_new_state(
    admin: AsyncClient, app: FastAPI, monkeypatch: pytest.MonkeyPatch, database_url: str
) -> None:
    _, serial = await _unit_at_step_one(admin)

    async def other_operator_moves() -> None:
        r = await admin.post(f"{API}/units/{serial}/move")
        assert r.status_code == 200, r.text

    outcomes = _interfere(monkeypatch, other_operator_moves)
    if not database_url.startswith("postgresql"):
        await other_operator_moves()  # SQLite has no lock-free path: the other move comes first
    r = await admin.post(f"{API}/units/{serial}/move")
    assert r.status_code == 200, r.text
    assert r.json()["step"] == 3  # moved from where the other move left it, not from 1
    if database_url.startswith("postgresql"):
        # the other move wrote; this one lost, re-read and wrote
        assert outcomes == [True, False, True]
    async with app.state.db.transaction(write=False) as session:
        types = (
            await session.scalars(
                select(UnitEvent.type)
                .join(Unit)
                .where(Unit.serial == serial)
                .order_by(UnitEvent.id)
            )
        ).all()
        audited = (
            await session.scalars(
                select(AuditEntry.action).where(
                    AuditEntry.entity_type == "unit", AuditEntry.entity_id == serial
                )
            )
        ).all()
    assert types == ["created", "moved", "moved", "moved"]
    assert audited.count("move") == 3  # nothing written twice, nothing by the losing attempt


async def test_a_move_racing_a_pause_is_refused_and_changes_nothing(
    admin: AsyncClient, monkeypatch: pytest.MonkeyPatch, database_url: str
) -> None:
    number, serial = await _unit_at_step_one(admin)

    async def supervisor_pauses() -> None:
        r = await admin.post(f"{API}/orders/{number}/pause")
        assert r.status_code == 200, r.text

    outcomes = _interfere(monkeypatch, supervisor_pauses)
    if not database_url.startswith("postgresql"):
        await supervisor_pauses()  # SQLite has no lock-free path: the pause simply comes first
    r = await admin.post(f"{API}/units/{serial}/move")
    assert r.status_code == 409 and r.json()["code"] == "order_not_runnable", r.text
    if database_url.startswith("postgresql"):
        assert outcomes == [False]  # the write saw the pause and wrote nothing
    unit = (await admin.get(f"{API}/units/{serial}")).json()
    assert unit["step"] == 1
    history = (await admin.get(f"{API}/units/{serial}/history")).json()["items"]
    assert [h["type"] for h in history] == ["created", "moved"]


async def test_a_scrap_racing_a_resume_is_judged_again_on_the_order_it_finds(
    admin: AsyncClient, monkeypatch: pytest.MonkeyPatch, database_url: str
) -> None:
    """Scrap is allowed on a paused order: its compare-and-set guards the order's status as
    read, so a resume between the read and the write (the unit untouched) makes the write
    miss, and the scrap is judged again on the running order."""
    number, serial = await _unit_at_step_one(admin)
    assert (await admin.post(f"{API}/orders/{number}/pause")).status_code == 200

    async def supervisor_resumes() -> None:
        r = await admin.post(f"{API}/orders/{number}/resume")
        assert r.status_code == 200, r.text

    outcomes = _interfere(monkeypatch, supervisor_resumes)
    if not database_url.startswith("postgresql"):
        await supervisor_resumes()  # SQLite has no lock-free path: the resume comes first
    r = await admin.post(f"{API}/units/{serial}/scrap", json={"reason": "dropped"})
    assert r.status_code == 200 and r.json()["status"] == "scrapped", r.text
    if database_url.startswith("postgresql"):
        assert outcomes == [False, True]  # missed on the resumed order, then written
    order = (await admin.get(f"{API}/orders/{number}")).json()
    assert (order["status"], order["scrapped"]) == ("running", 1)
    history = (await admin.get(f"{API}/units/{serial}/history")).json()["items"]
    assert [h["type"] for h in history] == ["created", "moved", "scrapped"]


async def _auto_completions(app: FastAPI, number: str) -> int:
    return (await order_audit_actions(app, number)).count("auto_complete")


@pytest.mark.parametrize("quantity", [12, 13])
async def test_an_order_whose_last_units_finish_together_completes_exactly_once(
    admin: AsyncClient,
    app: FastAPI,
    monkeypatch: pytest.MonkeyPatch,
    database_url: str,
    quantity: int,
) -> None:
    """14 units at the last step of a one-step route: 12 complete and 2 are scrapped, all at
    once. With quantity 12 the order completes (once: one audit entry, whichever command
    finished last); with 13 it stays running, short of one. The counters are exact."""
    floor = await shop_floor(admin, steps=1)
    # Generation never over-produces: 14 units, then the quantity lowered to `quantity`.
    order = await create_order(admin, floor["part"]["id"], quantity=14)
    number = order["number"]
    r = await admin.post(f"{API}/orders/{number}/units", json={"count": 14})
    serials = [u["serial"] for u in r.json()["items"]]
    r = await admin.patch(f"{API}/orders/{number}", json={"quantity": quantity})
    assert r.status_code == 200, r.text
    for serial in serials:
        assert (await admin.post(f"{API}/units/{serial}/move")).status_code == 200
    # On PostgreSQL the completing moves and the scraps take the lock-free path: count them.
    real = transitions_repository.write_transition_if_unchanged
    lock_free: list[bool] = []

    async def counting(*args: Any, **kwargs: Any) -> bool:
        lock_free.append(await real(*args, **kwargs))
        return lock_free[-1]

    monkeypatch.setattr(transitions_repository, "write_transition_if_unchanged", counting)
    commands = [admin.post(f"{API}/units/{s}/move") for s in serials[:12]] + [
        admin.post(f"{API}/units/{s}/scrap", json={"reason": "dropped"}) for s in serials[12:]
    ]
    random.shuffle(commands)
    responses = await asyncio.gather(*commands)
    assert all(r.status_code == 200 for r in responses), [r.text for r in responses]

    state = (await admin.get(f"{API}/orders/{number}")).json()
    assert (state["started"], state["completed"], state["scrapped"]) == (14, 12, 2)
    if database_url.startswith("postgresql"):
        assert lock_free.count(True) == 14  # every command, without the unit lock
    if quantity == 12:
        assert state["status"] == "complete" and state["finished_at"] is not None
        assert await _auto_completions(app, number) == 1
    else:
        assert state["status"] == "running"
        assert await _auto_completions(app, number) == 0
