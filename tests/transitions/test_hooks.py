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
from app.models import AuditEntry, OutboxEvent, Unit, UnitEvent
from app.transitions import pipeline
from app.transitions import repository as transitions_repository
from app.transitions.hooks import ReadScope, Rows, TransitionHook, TransitionHooks, hooks
from app.transitions.state import Action, AnyChange, Change
from tests.support import assert_problem, create_order, gated_floor, shop_floor

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

    async def refuse_step_two(cmd: Command, change: AnyChange) -> None:
        assert isinstance(change, Change)  # a unit action's hook
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

    def note(change: AnyChange) -> Rows:
        assert isinstance(change, Change)  # a unit action's hook
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

    async def follow(cmd: Command, change: AnyChange) -> None:
        assert isinstance(change, Change)  # a unit action's hook
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

    async def check(cmd: Command, change: AnyChange) -> None:
        assert isinstance(change, Change)  # a unit action's hook
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
    # Quality's hooks read and verify, and lock only for an alert rule that may fire: no
    # action has to take the locked path for them.
    assert not any(hooks.of(action).needs_lock for action in Action)
    assert pipeline.OPTIMISTIC_TRIES >= 1


def _spy_lock_free(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Records each lock-free write attempt's outcome (PostgreSQL's compare-and-set)."""
    real = transitions_repository.write_transition_if_unchanged
    attempts: list[bool] = []

    async def spy(*args: Any, **kwargs: Any) -> bool:
        attempts.append(await real(*args, **kwargs))
        return attempts[-1]

    monkeypatch.setattr(transitions_repository, "write_transition_if_unchanged", spy)
    return attempts


async def test_a_hook_reads_with_the_unit_and_verifies_without_the_lock(
    admin: AsyncClient, app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    serial = await _unit(admin)
    attempts = _spy_lock_free(monkeypatch)
    seen: list[tuple[int, tuple[Any, ...]]] = []

    def read(scope: ReadScope) -> list[Any]:
        # Two columns computed in the unit's own read: its step, and its history's length.
        history = (
            select(func.count())
            .select_from(UnitEvent)
            .where(UnitEvent.unit_id == scope.unit.c.id)
            .scalar_subquery()
        )
        return [scope.unit.c.step, history]

    def verify(change: AnyChange, values: tuple[Any, ...]) -> None:
        assert isinstance(change, Change)  # a unit action's hook
        seen.append((change.position.step, values))
        if change.position.step == 2:
            raise Blocked("step 2 is blocked")

    hook = TransitionHook("test.read", frozenset({Action.MOVE}), read=read, verify=verify)
    with hooks.registered(hook):
        assert not hooks.of(Action.MOVE).needs_lock
        assert (await admin.post(f"{API}/units/{serial}/move")).status_code == 200
        before = await _counts(app)
        assert_problem(await admin.post(f"{API}/units/{serial}/move"), 409, "blocked_by_test_hook")
        assert await _counts(app) == before
    assert seen == [(1, (0, 1)), (2, (1, 2))]  # what the unit was when the change was judged
    postgres = app.state.db.dialect == "postgresql"
    assert attempts == ([True] if postgres else [])  # verified, then written lock-free


async def test_a_follow_up_wanted_for_some_changes_locks_only_for_those(
    admin: AsyncClient, app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    serial = await _unit(admin, steps=3)
    attempts = _spy_lock_free(monkeypatch)
    followed: list[int] = []

    async def follow(cmd: Command, change: AnyChange) -> None:
        assert isinstance(change, Change)  # a unit action's hook
        # In the transition's transaction, the unit locked: its new row is visible.
        step = await cmd.ex.fetchval(select(Unit.step).where(Unit.id == change.state.id))
        followed.append(int(step))

    def wants(change: AnyChange, values: tuple[Any, ...]) -> bool:
        assert isinstance(change, Change)  # a unit action's hook
        return bool(values[0]) and change.position.step == 2

    hook = TransitionHook(
        "test.follow_some",
        frozenset({Action.MOVE}),
        read=lambda scope: [scope.unit.c.rework_count == 0],
        after=follow,
        after_if=wants,
    )
    with hooks.registered(hook):
        assert not hooks.of(Action.MOVE).needs_lock
        for expected in (1, 2, 3):
            r = await admin.post(f"{API}/units/{serial}/move")
            assert r.status_code == 200 and r.json()["step"] == expected, r.text
    assert followed == [2]  # only the move into step 2 wanted it
    postgres = app.state.db.dialect == "postgresql"
    # Moves into steps 1 and 3 lock-free; into 2 the attempt handed over before writing.
    assert attempts == ([True, True] if postgres else [])
    history = (await admin.get(f"{API}/units/{serial}/history")).json()["items"]
    assert [h["to_step"] for h in history] == [0, 1, 2, 3]


async def test_gate_decisions_rework_and_scrap_are_lock_free_without_alert_rules(
    admin: AsyncClient, app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Quality's hooks read with the unit: a gate pass (tests verified), a gate fail, a rework
    and a scrap each write with one compare-and-set on PostgreSQL while no alert rule could
    fire; an enabled rule that could fire sends the gate fail through the locked path, where
    it is evaluated."""
    floor = await gated_floor(admin)
    order = await create_order(admin, floor["part"]["id"], quantity=3)
    r = await admin.post(f"{API}/orders/{order['number']}/units", json={"count": 3})
    first, second, third = (u["serial"] for u in r.json()["items"])
    for serial in (first, second, third):
        assert (await admin.post(f"{API}/units/{serial}/move")).status_code == 200
        assert (await admin.post(f"{API}/units/{serial}/move")).status_code == 200
    attempts = _spy_lock_free(monkeypatch)
    test = floor["torque"]["name"]
    r = await admin.post(f"{API}/units/{first}/measurements", json={"test": test, "value": 50.0})
    assert r.status_code == 201, r.text
    assert (
        await admin.post(f"{API}/units/{first}/gate", json={"result": "pass"})
    ).status_code == 200
    assert (
        await admin.post(f"{API}/units/{second}/gate", json={"result": "fail"})
    ).status_code == 200
    r = await admin.post(f"{API}/units/{second}/rework", json={"to_step": 1})
    assert r.status_code == 200, r.text
    r = await admin.post(f"{API}/units/{second}/scrap", json={"reason": "dropped"})
    assert r.status_code == 200, r.text
    postgres = app.state.db.dialect == "postgresql"
    assert attempts == ([True] * 4 if postgres else [])

    gate_station = floor["workstations"][1]["id"]
    rule = await admin.post(
        f"{API}/alert-rules",
        json={
            "name": "gate yield",
            "kind": "yield_below",
            "workstation_id": gate_station,
            "threshold_pct": 90,
            "window_units": 1,
        },
    )
    assert rule.status_code == 201, rule.text
    r = await admin.post(f"{API}/units/{third}/gate", json={"result": "fail"})
    assert r.status_code == 200, r.text
    assert attempts == ([True] * 4 if postgres else [])  # locked: no compare-and-set
    alerts = (await admin.get(f"{API}/alerts")).json()["items"]
    assert [a["kind"] for a in alerts] == ["yield_below"]
