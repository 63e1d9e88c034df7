"""Labour and the transition pipeline under concurrency: a move with nobody clocked on stays
lock-free; a clock-on racing a move is never left open on a step the unit has left; one
person is on one job once, whatever the timing."""

from __future__ import annotations

import asyncio
import random
from typing import Any

import asyncpg
import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import select

from app.auth.principal import Principal
from app.labour import service
from app.labour.hooks import CLOSE
from app.labour.schemas import ClockOn
from app.models import LabourEntry, Role, Unit
from app.transitions import repository as transitions_repository
from app.transitions.hooks import TransitionHook, hooks
from app.transitions.state import Action
from tests.labour.test_labour import PASSWORD, clock_on, entry, history, units_at_step_one
from tests.support import create_user

API = "/api/v1"
ADMIN = Principal(kind="user", id=1, name="admin", role=Role.ADMIN)


def _spy_lock_free(monkeypatch: pytest.MonkeyPatch, meddle: Any = None) -> list[bool]:
    """Records each lock-free compare-and-set's outcome (PostgreSQL); runs `meddle()` once,
    between the first lock-free read and its write."""
    real = transitions_repository.write_transition_if_unchanged
    outcomes: list[bool] = []

    async def spy(*args: Any, **kwargs: Any) -> bool:
        nonlocal meddle
        if meddle is not None:
            now, meddle = meddle, None
            await now()
        outcomes.append(await real(*args, **kwargs))
        return outcomes[-1]

    monkeypatch.setattr(transitions_repository, "write_transition_if_unchanged", spy)
    return outcomes


def test_labour_registers_a_hook_that_never_locks_by_itself(app: FastAPI) -> None:
    assert "labour.close" in hooks.names()
    assert not CLOSE.needs_lock
    assert CLOSE.actions == {
        Action.MOVE,
        Action.GATE_PASS,
        Action.REWORK,
        Action.SCRAP,
        Action.BATCH_COMPLETE,
    }
    assert not any(hooks.of(action).needs_lock for action in Action)


async def test_a_move_locks_only_when_someone_is_clocked_on(
    admin: AsyncClient, app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, _, (serial,) = await units_at_step_one(admin, steps=4)
    outcomes = _spy_lock_free(monkeypatch)
    assert (await admin.post(f"{API}/units/{serial}/move")).status_code == 200
    postgres = app.state.db.dialect == "postgresql"
    assert outcomes == ([True] if postgres else [])  # nobody on it: one compare-and-set
    opened = await clock_on(admin, serial=serial)
    assert (await admin.post(f"{API}/units/{serial}/move")).status_code == 200
    # Someone on it: the lock-free attempt read the open entry and handed over to the locked
    # path (no compare-and-set), which closed it.
    assert outcomes == ([True] if postgres else [])
    assert (await entry(admin, opened["id"]))["ended_at"] is not None
    # Everyone clocked off: lock-free again.
    assert (await admin.post(f"{API}/units/{serial}/move")).status_code == 200
    assert outcomes == ([True, True] if postgres else [])


async def test_a_clock_on_between_a_moves_read_and_write_is_closed_by_the_move(
    admin: AsyncClient, app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The clock-on writes the unit's row: the move's compare-and-set fails, its new read
    sees the entry, and it closes it on the locked path."""
    _, _, (serial,) = await units_at_step_one(admin)
    opened: list[dict[str, Any]] = []

    async def someone_clocks_on() -> None:
        opened.append(await clock_on(admin, serial=serial))

    postgres = app.state.db.dialect == "postgresql"
    outcomes = _spy_lock_free(monkeypatch, someone_clocks_on if postgres else None)
    if not postgres:
        await someone_clocks_on()  # SQLite serializes: the clock-on simply comes first
    r = await admin.post(f"{API}/units/{serial}/move")
    assert r.status_code == 200 and r.json()["step"] == 2, r.text
    assert outcomes == ([False] if postgres else [])
    closed = await entry(admin, opened[0]["id"])
    assert closed["step"] == 1 and closed["ended_at"] == (await history(admin, serial))[-1]["at"]


async def until_waiting_for_a_lock(watcher: asyncpg.Connection) -> None:
    for _ in range(500):
        waiting = await watcher.fetchval(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        if waiting:
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the move never waited for the unit's row lock")


# Row locks and statement snapshots: PostgreSQL's (SQLite serializes whole transactions).
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_a_locked_move_that_waited_for_a_clock_on_closes_its_entry(
    admin: AsyncClient, app: FastAPI, database_url: str
) -> None:
    """A move on the locked path reads the unit while a clock-on holds the unit's row: it
    waits, and gets the row as the clock-on left it — but its statement's snapshot predates
    the entry. The hook's read notices the row changed and closes what is open."""
    _, _, (serial,) = await units_at_step_one(admin)
    watcher = await asyncpg.connect(database_url.replace("postgresql+asyncpg://", "postgresql://"))
    locked = TransitionHook("test.locked", frozenset({Action.MOVE}), locked=True)
    try:
        with hooks.registered(locked):
            async with app.state.db.command() as cmd:
                opened = await service.clock_on(cmd, ADMIN, ClockOn(serial=serial))
                move = asyncio.create_task(admin.post(f"{API}/units/{serial}/move"))
                await until_waiting_for_a_lock(watcher)
            r = await move
    finally:
        await watcher.close()
    assert r.status_code == 200 and r.json()["step"] == 2, r.text
    closed = await entry(admin, opened.id)
    assert closed["ended_at"] == (await history(admin, serial))[-1]["at"]


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_parallel_clock_ons_of_one_person_on_one_job_one_wins(
    admin: AsyncClient, app: FastAPI
) -> None:
    _, _, (serial,) = await units_at_step_one(admin)
    person = await create_user(admin, password=PASSWORD)
    body = {"serial": serial, "user_id": person["id"]}
    responses = await asyncio.gather(
        *(admin.post(f"{API}/labour/clock-on", json=body) for _ in range(8))
    )
    assert sorted(r.status_code for r in responses) == [201] + [409] * 7, [
        r.text for r in responses
    ]
    assert {r.json()["code"] for r in responses if r.status_code == 409} == {"already_clocked_on"}
    # Different people on the same job at once: all of them.
    people = [await create_user(admin, password=PASSWORD) for _ in range(5)]
    responses = await asyncio.gather(
        *(
            admin.post(f"{API}/labour/clock-on", json={"serial": serial, "user_id": p["id"]})
            for p in people
        )
    )
    assert [r.status_code for r in responses] == [201] * 5
    async with app.state.db.transaction(write=False) as session:
        users = (await session.scalars(select(LabourEntry.user_id))).all()
    assert sorted(users) == sorted([person["id"], *(p["id"] for p in people)])


async def test_clock_ons_racing_moves_leave_no_entry_open_behind_a_unit(
    admin: AsyncClient, app: FastAPI
) -> None:
    """Clock-ons, clock-offs and moves of the same units at once: whatever the order, an open
    entry is always on its unit's current step (never left behind by a move)."""
    _, _, serials = await units_at_step_one(admin, count=6, steps=4)
    people = [await create_user(admin, password=PASSWORD) for _ in range(3)]
    rng = random.Random(13)

    async def work(serial: str) -> None:
        for _ in range(4):
            actions = [
                admin.post(f"{API}/labour/clock-on", json={"serial": serial, "user_id": p["id"]})
                for p in people
            ]
            actions.append(admin.post(f"{API}/units/{serial}/move"))
            rng.shuffle(actions)
            for r in await asyncio.gather(*actions):
                assert r.status_code in (200, 201, 409), r.text

    await asyncio.gather(*(work(s) for s in serials))
    async with app.state.db.transaction(write=False) as session:
        rows = (
            await session.execute(
                select(LabourEntry.step, Unit.step, Unit.status, LabourEntry.ended_at).join(
                    Unit, Unit.id == LabourEntry.unit_id
                )
            )
        ).all()
    assert rows
    for entry_step, unit_step, status, ended_at in rows:
        if ended_at is None:
            assert (entry_step, status) == (unit_step, "in_progress")
        else:
            assert entry_step <= unit_step
