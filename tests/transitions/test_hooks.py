"""Hooks on unit transitions: another domain's check, rows and follow-up run inside the
transition's transaction (both databases), and a hook on `move` takes the locked path."""

from __future__ import annotations

from typing import Any, cast

import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import Table, func, select

from app.db.command import Command
from app.kit.errors import Conflict
from app.models import AuditEntry, OutboxEvent, UnitEvent
from app.transitions import pipeline
from app.transitions.hooks import Rows, TransitionHook, TransitionHooks, hooks
from app.transitions.state import Action, Change
from tests.support import assert_problem, create_order, shop_floor

API = "/api/v1"
audit_log = cast(Table, AuditEntry.__table__)


class Blocked(Conflict):
    code = "blocked_by_test_hook"
    title = "Blocked"


async def _unit(admin: AsyncClient, steps: int = 3) -> str:
    floor = await shop_floor(admin, steps=steps)
    order = await create_order(admin, floor["part"]["id"], quantity=1)
    r = await admin.post(f"{API}/orders/{order['number']}/units", json={"count": 1})
    assert r.status_code == 201, r.text
    return str(r.json()["items"][0]["serial"])


async def _counts(app: FastAPI) -> tuple[int, int, int]:
    async with app.state.db.transaction(write=False) as session:
        history = await session.scalar(select(func.count()).select_from(UnitEvent))
        outbox = await session.scalar(select(func.count()).select_from(OutboxEvent))
        audit = await session.scalar(select(func.count()).select_from(AuditEntry))
    return int(history or 0), int(outbox or 0), int(audit or 0)


async def test_a_check_that_refuses_changes_nothing(admin: AsyncClient, app: FastAPI) -> None:
    serial = await _unit(admin)
    seen: list[tuple[str, int]] = []

    async def refuse_step_two(cmd: Command, change: Change) -> None:
        seen.append((change.state.serial, change.position.step))
        if change.position.step == 2:
            raise Blocked("step 2 is blocked")

    hook = TransitionHook("test.block", frozenset({Action.MOVE}), check=refuse_step_two)
    with hooks.registered(hook):
        assert (await admin.post(f"{API}/units/{serial}/move")).status_code == 200
        before = await _counts(app)
        refused = await admin.post(f"{API}/units/{serial}/move")
        assert_problem(refused, 409, "blocked_by_test_hook")
        assert await _counts(app) == before
    assert seen == [(serial, 1), (serial, 2)]
    # Unregistered: the move goes through (and took no notice of the old hook).
    r = await admin.post(f"{API}/units/{serial}/move")
    assert r.status_code == 200 and r.json()["step"] == 2
    assert len(seen) == 2


async def test_rows_and_follow_up_are_written_with_the_transition(
    admin: AsyncClient, app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    serial = await _unit(admin)
    single: list[bool] = []
    real = Command.single_statement

    def spy(self: Command) -> Any:
        found = real(self)
        single.append(found is not None)
        return found

    monkeypatch.setattr(Command, "single_statement", spy)

    def note(change: Change) -> Rows:
        return Rows(
            audit_log,
            ("at", "actor", "entity_type", "entity_id", "action", "before", "after"),
            [
                {
                    "at": change.at,
                    "actor": change.actor,
                    "entity_type": "hook",
                    "entity_id": change.state.serial,
                    "action": f"saw_{change.action.value}",
                    "before": None,
                    "after": {"step": change.position.step},
                }
            ],
        )

    followed: list[int] = []

    async def follow(cmd: Command, change: Change) -> None:
        # Inside the same transaction: the unit's new history row is visible already.
        found = await cmd.ex.fetchval(
            select(func.count())
            .select_from(UnitEvent)
            .where(UnitEvent.unit_id == change.state.id, UnitEvent.type == "moved")
        )
        followed.append(int(found))

    rows_only = TransitionHook("test.rows", frozenset({Action.MOVE}), rows=note)
    with hooks.registered(rows_only):
        assert (await admin.post(f"{API}/units/{serial}/move")).status_code == 200
    with (
        hooks.registered(rows_only),
        hooks.registered(TransitionHook("test.follow", frozenset({Action.MOVE}), after=follow)),
    ):
        assert (await admin.post(f"{API}/units/{serial}/move")).status_code == 200
    assert followed == [2]
    async with app.state.db.transaction(write=False) as session:
        noted = (
            await session.execute(
                select(AuditEntry.action, AuditEntry.after)
                .where(AuditEntry.entity_type == "hook")
                .order_by(AuditEntry.id)
            )
        ).all()
    assert [tuple(r) for r in noted] == [("saw_move", {"step": 1}), ("saw_move", {"step": 2})]
    # Rows alone keep the lock-free path where there is one (PostgreSQL); an `after` does not
    # even ask for it.
    assert single == ([True] if app.state.db.dialect == "postgresql" else [False])


def test_the_registry_splits_hooks_by_action_and_replaces_by_name() -> None:
    registry = TransitionHooks()

    async def check(cmd: Command, change: Change) -> None:
        return None

    registry.register(TransitionHook("a", frozenset({Action.MOVE}), rows=lambda c: None))
    assert not registry.of(Action.MOVE).needs_lock
    assert registry.of(Action.SCRAP) == registry.of(Action.SCRAP)
    registry.register(TransitionHook("a", frozenset({Action.MOVE}), check=check))
    assert registry.of(Action.MOVE).needs_lock and registry.of(Action.MOVE).checks == (check,)
    assert not registry.of(Action.SCRAP).needs_lock
    registry.register(TransitionHook("b", frozenset({Action.SCRAP}), locked=True))
    assert registry.of(Action.SCRAP).needs_lock
    assert registry.names() == ["a", "b"]
    registry.unregister("a")
    assert registry.of(Action.MOVE).checks == ()


def test_quality_registers_its_hooks_at_start(app: FastAPI) -> None:
    assert {"quality.gate_tests", "quality.inspection_log"} <= set(hooks.names())
    assert not hooks.of(Action.MOVE).needs_lock  # moves stay lock-free
    assert hooks.of(Action.GATE_PASS).needs_lock
    assert pipeline.OPTIMISTIC_MOVE_TRIES >= 1
