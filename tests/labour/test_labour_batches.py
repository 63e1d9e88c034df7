"""Labour on quantity batches: clocked on to the batch's current step, closed when the step
completes, in the labour report by good quantity (both databases)."""

from __future__ import annotations

import asyncio
from typing import Any

import asyncpg
import pytest
from fastapi import FastAPI
from httpx import AsyncClient

from app.batches import repository as batches_repository
from app.labour import service
from app.labour.schemas import ClockOn
from app.transitions.hooks import TransitionHook, hooks
from app.transitions.state import Action
from tests.batches.support import batch_order, new_batch, run_step, step
from tests.conftest import as_user
from tests.labour.test_labour import PASSWORD, clock_on, entry, units_at_step_one
from tests.labour.test_labour_analytics import IDEAL_S, approx, backdate, report
from tests.labour.test_labour_races import ADMIN, until_waiting_for_a_lock
from tests.support import assert_problem, create_line, create_user

API = "/api/v1"
CLOCK_ON = f"{API}/labour/clock-on"


def _spy_lock_free(monkeypatch: pytest.MonkeyPatch, meddle: Any = None) -> list[bool]:
    """Each lock-free batch compare-and-set's outcome (PostgreSQL); `meddle()` runs once,
    between the first lock-free read and its write."""
    real = batches_repository.write_batch_if_unchanged
    outcomes: list[bool] = []

    async def spy(*args: Any, **kwargs: Any) -> bool:
        nonlocal meddle
        if meddle is not None:
            now, meddle = meddle, None
            await now()
        outcomes.append(await real(*args, **kwargs))
        return outcomes[-1]

    monkeypatch.setattr(batches_repository, "write_batch_if_unchanged", spy)
    return outcomes


async def test_completing_a_batch_step_closes_its_entries(
    admin: AsyncClient, monkeypatch: pytest.MonkeyPatch, app: FastAPI
) -> None:
    floor, order = await batch_order(admin, steps=2, quantity=100)
    ws = floor["workstations"]
    batch = await new_batch(admin, order["number"], 60)
    worker = await create_user(admin, password=PASSWORD)
    outcomes = _spy_lock_free(monkeypatch)
    postgres = app.state.db.dialect == "postgresql"

    # The current step may be worked on before it starts (setting up).
    mine = await clock_on(admin, batch_id=batch["id"])
    assert (mine["batch_id"], mine["serial"], mine["order"], mine["step"]) == (
        batch["id"],
        None,
        order["number"],
        1,
    )
    assert mine["workstation_id"] == ws[0]["id"]
    assert_problem(await admin.post(CLOCK_ON, json={"batch_id": batch["id"]}), 409)
    theirs = await clock_on(admin, batch_id=batch["id"], user_id=worker["id"])
    await step(admin, batch["id"], 1, "start")  # starting keeps everyone on it
    assert (await entry(admin, mine["id"]))["ended_at"] is None
    done = await step(admin, batch["id"], 1, "complete", good=55, scrap=5)
    for closed in (await entry(admin, mine["id"]), await entry(admin, theirs["id"])):
        assert closed["ended_at"] == done["steps"][0]["completed_at"]
        assert closed["ended_by"] == "user:admin" and closed["seconds"] >= 0
    # Start lock-free; the completion found entries open and handed over to the locked path.
    assert outcomes == ([True] if postgres else [])

    nobody = await new_batch(admin, order["number"], 10)
    await run_step(admin, nobody["id"], 1, 10)  # nobody on it: lock-free throughout
    assert outcomes == ([True] * 3 if postgres else [])

    at_two = await clock_on(admin, batch_id=batch["id"])
    assert (at_two["step"], at_two["workstation_id"]) == (2, ws[1]["id"])
    last = await run_step(admin, batch["id"], 2, 55)
    assert last["status"] == "completed"
    assert (await entry(admin, at_two["id"]))["ended_at"] == last["steps"][1]["completed_at"]
    r = await admin.post(CLOCK_ON, json={"batch_id": batch["id"]})
    assert_problem(r, 409, "batch_finished")
    listed = await admin.get(f"{API}/labour", params={"order": order["number"]})
    assert [e["id"] for e in listed.json()["items"]] == [at_two["id"], theirs["id"], mine["id"]]


async def test_batch_clock_on_rules(admin: AsyncClient, app: FastAPI) -> None:
    floor, order = await batch_order(admin, steps=1, quantity=10)
    batch = await new_batch(admin, order["number"], 10)
    elsewhere = await create_line(admin)
    stranger = await create_user(admin, password=PASSWORD, line_ids=[elsewhere["id"]])
    local = await create_user(admin, password=PASSWORD, line_ids=[floor["line"]["id"]])
    async with as_user(app, stranger["username"], PASSWORD) as c:
        r = await c.post(CLOCK_ON, json={"batch_id": batch["id"]})
        assert_problem(r, 403, "not_your_station")
    async with as_user(app, local["username"], PASSWORD) as c:
        assert (await clock_on(c, batch_id=batch["id"]))["user_id"] == local["id"]
    assert (await admin.post(f"{API}/orders/{order['number']}/pause")).status_code == 200
    r = await admin.post(CLOCK_ON, json={"batch_id": batch["id"]})
    assert_problem(r, 409, "order_not_runnable")
    assert_problem(await admin.post(CLOCK_ON, json={"batch_id": 99999}), 404, "not_found")


async def test_a_clock_on_between_a_completions_read_and_write_is_closed(
    admin: AsyncClient, app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, order = await batch_order(admin, steps=2, quantity=10)
    batch = await new_batch(admin, order["number"], 10)
    await step(admin, batch["id"], 1, "start")
    opened: list[dict[str, Any]] = []

    async def someone_clocks_on() -> None:
        opened.append(await clock_on(admin, batch_id=batch["id"]))

    postgres = app.state.db.dialect == "postgresql"
    outcomes = _spy_lock_free(monkeypatch, someone_clocks_on if postgres else None)
    if not postgres:
        await someone_clocks_on()
    done = await step(admin, batch["id"], 1, "complete", good=10)
    assert outcomes == ([False] if postgres else [])
    closed = await entry(admin, opened[0]["id"])
    assert (closed["step"], closed["ended_at"]) == (1, done["steps"][0]["completed_at"])


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_parallel_clock_ons_on_one_batch_one_wins(admin: AsyncClient) -> None:
    _, order = await batch_order(admin, steps=1, quantity=10)
    batch = await new_batch(admin, order["number"], 10)
    responses = await asyncio.gather(
        *(admin.post(CLOCK_ON, json={"batch_id": batch["id"]}) for _ in range(6))
    )
    assert sorted(r.status_code for r in responses) == [201] + [409] * 5
    assert {r.json()["code"] for r in responses if r.status_code == 409} == {"already_clocked_on"}


async def test_the_report_counts_a_batch_steps_good_quantity(
    admin: AsyncClient, app: FastAPI
) -> None:
    _, order = await batch_order(admin, steps=2, quantity=100)
    batch = await new_batch(admin, order["number"], 60)
    on_batch = await clock_on(admin, batch_id=batch["id"])
    await backdate(app, on_batch["id"], 2)
    await run_step(admin, batch["id"], 1, 55, 5)
    _, unit_order, (serial,) = await units_at_step_one(admin)
    on_unit = await clock_on(admin, serial=serial)
    await backdate(app, on_unit["id"], 1)
    assert (await admin.post(f"{API}/units/{serial}/move")).status_code == 200

    rows = {r["key"]: r for r in await report(admin, "order")}
    assert sorted(rows) == sorted([order["number"], unit_order])
    batch_row, unit_row = rows[order["number"]], rows[unit_order]
    assert (batch_row["entries"], batch_row["hours"], batch_row["units"]) == (1, approx(2), 55)
    assert batch_row["standard_hours"] == approx(55 * IDEAL_S / 3600)
    assert batch_row["efficiency"] == approx(55 * IDEAL_S / 3600 / 2)
    assert (unit_row["hours"], unit_row["units"]) == (approx(1), 1)
    (me,) = await report(admin, "user")
    assert (me["entries"], me["hours"], me["units"]) == (2, approx(3), 56)
    assert me["standard_hours"] == approx(56 * IDEAL_S / 3600)


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_a_locked_completion_that_waited_for_a_clock_on_closes_its_entry(
    admin: AsyncClient, app: FastAPI, database_url: str
) -> None:
    """As for units (`test_labour_races`): the completion waits for the clock-on's row lock
    on the batch, reads the batch as the clock-on left it, and closes the entry."""
    _, order = await batch_order(admin, steps=2, quantity=10)
    batch = await new_batch(admin, order["number"], 10)
    await step(admin, batch["id"], 1, "start")
    watcher = await asyncpg.connect(database_url.replace("postgresql+asyncpg://", "postgresql://"))
    locked = TransitionHook("test.locked", frozenset({Action.BATCH_COMPLETE}), locked=True)
    try:
        with hooks.registered(locked):
            async with app.state.db.command() as cmd:
                opened = await service.clock_on(cmd, ADMIN, ClockOn(batch_id=batch["id"]))
                url = f"{API}/batches/{batch['id']}/steps/1/complete"
                completing = asyncio.create_task(admin.post(url, json={"good": 10}))
                await until_waiting_for_a_lock(watcher)
            r = await completing
    finally:
        await watcher.close()
    assert r.status_code == 200, r.text
    closed = await entry(admin, opened.id)
    assert closed["ended_at"] == r.json()["steps"][0]["completed_at"]
