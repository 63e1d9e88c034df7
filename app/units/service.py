"""Unit commands: generate, move, gate, rework, scrap. One transaction each.

Every command locks the unit (or the order, for generation), checks the rules against what it
read under the lock, then writes the unit, its history, the WIP outbox and the audit entry
together. Order counters and the completion rule change in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from app.audit.recorder import audit_row, record
from app.auth.principal import Principal
from app.db.executor import AsyncpgExecutor, Executor, SAExecutor
from app.db.session import TOPICS_KEY
from app.kit import crud
from app.kit.errors import Invalid, NotFound, UnknownReference
from app.kit.time import utcnow
from app.models import Awaiting, EventType, OrderStatus, UnitStatus
from app.orders import service as orders
from app.orders.completion import Finish
from app.orders.lifecycle import GENERATABLE
from app.outbox.events import OUTBOX_TOPIC
from app.quality import gates
from app.quality import inspections as quality_events
from app.units import repository as repo
from app.units.errors import (
    DispositionRequired,
    GateDecisionRequired,
    NotAGate,
    NotStarted,
    NotYourStation,
    OrderNotRunnable,
    ReworkForward,
    StepMismatch,
    UnitFinished,
)
from app.units.repository import UnitState
from app.units.schemas import GateDecision, MoveUnit, ReworkUnit, ScrapUnit, UnitOut

RUNNING = OrderStatus.RUNNING.value
IN_PROGRESS = UnitStatus.IN_PROGRESS.value
# Scrapping is a disposition: allowed while the order is held or finished, not once closed.
SCRAPPABLE_ORDER_STATUSES = frozenset(
    s.value
    for s in (
        OrderStatus.RUNNING,
        OrderStatus.PAUSED,
        OrderStatus.BLOCKED,
        OrderStatus.COMPLETE,
        OrderStatus.CANCELLED,
    )
)


@dataclass(frozen=True, slots=True)
class Position:
    """Where a unit is after an event."""

    step: int
    workstation_id: int | None
    workstation_code: str | None
    status: str
    awaiting: str | None


def _awaiting_at(is_gate: bool) -> str:
    return Awaiting.GATE_DECISION.value if is_gate else Awaiting.MOVE.value


def _current(state: UnitState) -> Position:
    return Position(
        state.step, state.workstation_id, state.workstation_code, state.status, state.awaiting
    )


def _advanced(state: UnitState) -> tuple[EventType, Position]:
    """Where `move` takes the unit: the next step, or completion from the last one."""
    if state.next_step is None:
        return EventType.COMPLETED, Position(
            state.step, None, None, UnitStatus.COMPLETED.value, None
        )
    return EventType.MOVED, Position(
        state.next_step,
        state.next_workstation_id,
        state.next_workstation_code,
        IN_PROGRESS,
        _awaiting_at(state.next_is_gate),
    )


# -- rules -----------------------------------------------------------------------------------


async def _lock(ex: Executor, serial: str) -> UnitState:
    state = await repo.lock_unit(ex, serial)
    if state is None:
        raise NotFound(f"unit {serial} does not exist")
    return state


def _require_in_progress(state: UnitState) -> None:
    if state.status != IN_PROGRESS:
        raise UnitFinished(
            f"unit {state.serial} is already {state.status}", unit_status=state.status
        )


def _require_order(state: UnitState, allowed: frozenset[str] = frozenset({RUNNING})) -> None:
    if state.order_status not in allowed:
        raise OrderNotRunnable(
            f"order {state.order_number} is {state.order_status}; its units cannot be worked on",
            order_status=state.order_status,
        )


def check_station(principal: Principal, workstation_id: int | None, line_id: int | None) -> None:
    """Operators act on their lines only; a bound workstation account at its station only."""
    if principal.kind != "user":
        return
    if principal.workstation_id is not None and workstation_id != principal.workstation_id:
        raise NotYourStation("this workstation account may act only at its own workstation")
    if principal.is_restricted_operator and line_id not in principal.line_ids:
        raise NotYourStation("this unit's current step is not on one of your lines")


def _check_unit_station(principal: Principal, state: UnitState) -> None:
    if state.step == 0:  # not started: the first step's station acts
        check_station(principal, state.next_workstation_id, state.next_workstation_line_id)
    else:
        check_station(principal, state.workstation_id, state.workstation_line_id)


async def _defect_id(ex: Executor, code: str | None) -> int | None:
    if code is None:
        return None
    defect_id = await repo.defect_code_id(ex, code)
    if defect_id is None:
        raise UnknownReference(f"defect code {code!r} does not exist", field="defect_code")
    return defect_id


# -- writing -----------------------------------------------------------------------------------


@dataclass
class _Change:
    """The events of one command, applied to a locked unit."""

    state: UnitState
    actor: str
    at: datetime
    history: list[dict[str, Any]]
    wip: list[dict[str, Any]]
    position: Position

    def add(
        self,
        event: EventType,
        to: Position,
        *,
        result: str | None = None,
        defect_code_id: int | None = None,
        notes: str | None = None,
    ) -> None:
        origin = self.position
        self.history.append(
            {
                "unit_id": self.state.id,
                "order_id": self.state.order_id,
                "type": event.value,
                "from_step": origin.step,
                "to_step": to.step,
                "from_workstation_id": origin.workstation_id,
                "to_workstation_id": to.workstation_id,
                "result": result,
                "defect_code_id": defect_code_id,
                "notes": notes,
                "actor": self.actor,
                "at": self.at,
            }
        )
        self.wip.append(
            {
                "type": event.value,
                "unit_id": self.state.id,
                "serial": self.state.serial,
                "order_number": self.state.order_number,
                "line_id": self.state.line_id,
                "from_step": origin.step,
                "to_step": to.step,
                "from_workstation_id": origin.workstation_id,
                "to_workstation_id": to.workstation_id,
                "status": to.status,
                "at": self.at,
            }
        )
        self.position = to


def _begin(state: UnitState, principal: Principal) -> _Change:
    return _Change(state, principal.actor, utcnow(), [], [], _current(state))


def _unit_values(change: _Change, *, rework: bool) -> dict[str, Any]:
    state, to, at = change.state, change.position, change.at
    step_changed = to.step != state.step or to.workstation_id != state.workstation_id
    return {
        "step": to.step,
        "workstation_id": to.workstation_id,
        "status": to.status,
        "awaiting": to.awaiting,
        "rework_count": state.rework_count + (1 if rework else 0),
        "updated_at": at,
        "step_entered_at": at if step_changed else state.step_entered_at,
        "finished_at": at if to.status != IN_PROGRESS else None,
    }


def _audit(change: _Change, action: str) -> dict[str, Any]:
    state, to = change.state, change.position
    return audit_row(
        actor=change.actor,
        entity_type="unit",
        entity_id=state.serial,
        action=action,
        before={"step": state.step, "status": state.status, "awaiting": state.awaiting},
        after={"step": to.step, "status": to.status, "awaiting": to.awaiting},
    )


async def _commit_change(
    ex: Executor, change: _Change, action: str, *, rework: bool = False
) -> UnitOut:
    await repo.write_transition(
        ex,
        unit_id=change.state.id,
        unit_values=_unit_values(change, rework=rework),
        history=change.history,
        wip=change.wip,
        audit=_audit(change, action),
        finish=_finish(change),
    )
    # Gate decisions, rework and scrap are quality events too (a move is not). After the
    # unit's own events, so dashboards see its change before any alert it fires.
    await quality_events.log_unit_history(ex, change.history)
    ex.topics.add(OUTBOX_TOPIC)
    return _unit_out(change, rework=rework)


def _finish(change: _Change) -> Finish | None:
    """How a change that ends the unit counts on its order (None while it stays in progress)."""
    to = change.position
    if to.status == IN_PROGRESS:
        return None
    return Finish(
        change.state.order_id,
        scrapped=to.status == UnitStatus.SCRAPPED.value,
        actor=change.actor,
        at=change.at,
        order_status=change.state.order_status,
    )


def _unit_out(change: _Change, *, rework: bool) -> UnitOut:
    state, to, at = change.state, change.position, change.at
    return UnitOut(
        serial=state.serial,
        order=state.order_number,
        part=state.part_number,
        status=UnitStatus(to.status),
        step=to.step,
        workstation=to.workstation_code,
        workstation_id=to.workstation_id,
        awaiting=Awaiting(to.awaiting) if to.awaiting else None,
        rework_count=state.rework_count + (1 if rework else 0),
        created_at=state.created_at,
        updated_at=at,
    )


# -- commands --------------------------------------------------------------------------------


# Compare-and-set attempts of a move before it falls back to locking the unit.
OPTIMISTIC_MOVE_TRIES = 3


async def move_unit(
    ex: Executor,
    principal: Principal,
    serial: str,
    body: MoveUnit,
    *,
    own_transaction: bool = False,
) -> UnitOut:
    """Finish the current step and enter the next; from the last step, complete the unit.

    `own_transaction`: the move is all that `ex` will run (a request's command), so it may
    commit by itself; never for a caller that writes more in the same transaction."""
    if own_transaction and isinstance(ex, AsyncpgExecutor) and ex.fresh:
        moved = await _move_without_lock(ex, principal, serial, body)
        if moved is not None:
            return moved
    state = await _lock(ex, serial)
    change = _move_change(state, principal, body)
    return await _commit_change(ex, change, "move")


def _move_change(state: UnitState, principal: Principal, body: MoveUnit) -> _Change:
    """Check the rules of a move against `state`; the change it makes."""
    _require_in_progress(state)
    _require_order(state)
    _check_unit_station(principal, state)
    serial = state.serial
    if body.expected_step is not None and body.expected_step != state.step:
        raise StepMismatch(
            f"unit {serial} is at step {state.step}, not {body.expected_step}", step=state.step
        )
    if state.awaiting == Awaiting.GATE_DECISION.value:
        raise GateDecisionRequired(
            f"unit {serial} is at gate step {state.step}: record a pass or fail first"
        )
    if state.awaiting == Awaiting.DISPOSITION.value:
        raise DispositionRequired(f"unit {serial} failed its gate: rework or scrap it")
    change = _begin(state, principal)
    event, to = _advanced(state)
    change.add(event, to, notes=body.notes)
    return change


async def _move_without_lock(
    ex: AsyncpgExecutor, principal: Principal, serial: str, body: MoveUnit
) -> UnitOut | None:
    """A move in two single-statement transactions (PostgreSQL).

    Each round trip costs more here than the statements do, so instead of BEGIN, lock, write,
    COMMIT: read the unit, check the rules, then write everything in one statement that
    applies only if the unit is still exactly as read and its order still running (compare-
    and-set). Losing a race re-reads; the rules are always judged on the state the write
    replaces. A completing unit's statement also counts it on its order and applies the
    completion rule (app.orders.completion), so the order row, which all of the order's
    finishing units need, stays locked only while that statement commits. A unit that keeps
    losing races takes the locked path: None."""
    for _ in range(OPTIMISTIC_MOVE_TRIES):
        state = await repo.read_unit_alone(ex, serial)
        if state is None:
            raise NotFound(f"unit {serial} does not exist")
        change = _move_change(state, principal, body)
        written = await repo.write_transition_if_unchanged(
            ex,
            state=state,
            unit_values=_unit_values(change, rework=False),
            history=change.history,
            wip=change.wip,
            audit=_audit(change, "move"),
            finish=_finish(change),
        )
        if written:
            ex.topics.add(OUTBOX_TOPIC)
            return _unit_out(change, rework=False)
    return None


async def decide_gate(
    ex: Executor, principal: Principal, serial: str, body: GateDecision
) -> UnitOut:
    """Record an inspection result at a gate step; a pass moves the unit on."""
    state = await _lock(ex, serial)
    _require_in_progress(state)
    _require_order(state)
    _check_unit_station(principal, state)
    if state.step == 0 or not state.is_gate:
        raise NotAGate(f"step {state.step} of unit {serial} is not a gate")
    if state.awaiting == Awaiting.DISPOSITION.value:
        raise DispositionRequired(f"unit {serial} already failed this gate: rework or scrap it")
    defect_id = await _defect_id(ex, body.defect_code)
    if body.result == "fail":
        return await fail_gate(
            ex, state, principal.actor, defect_code_id=defect_id, notes=body.notes
        )
    await gates.require_tests_passed(ex, state)
    change = _begin(state, principal)
    change.add(
        EventType.GATE_PASSED,
        _current(state),
        result="pass",
        defect_code_id=defect_id,
        notes=body.notes,
    )
    event, to = _advanced(state)
    change.add(event, to)
    return await _commit_change(ex, change, "gate_pass")


async def fail_gate(
    ex: Executor,
    state: UnitState,
    actor: str,
    *,
    defect_code_id: int | None = None,
    notes: str | None = None,
) -> UnitOut:
    """Record a failed inspection at the gate a locked unit waits at; it then awaits
    `disposition`. The caller has checked the rules (`decide_gate`, or a failing
    measurement in `app.quality.service`)."""
    here = _current(state)
    failed = Position(
        here.step,
        here.workstation_id,
        here.workstation_code,
        IN_PROGRESS,
        Awaiting.DISPOSITION.value,
    )
    change = _Change(state, actor, utcnow(), [], [], here)
    change.add(
        EventType.GATE_FAILED, failed, result="fail", defect_code_id=defect_code_id, notes=notes
    )
    return await _commit_change(ex, change, "gate_fail")


async def rework_unit(ex: Executor, principal: Principal, serial: str, body: ReworkUnit) -> UnitOut:
    """Send the unit back to this or an earlier step."""
    state = await _lock(ex, serial)
    _require_in_progress(state)
    _require_order(state)
    _check_unit_station(principal, state)
    if state.step == 0:
        raise NotStarted(f"unit {serial} has not entered its route yet")
    target = await repo.route_step(ex, state.route_revision_id, body.to_step)
    if target is None:
        raise Invalid(f"the route has no step {body.to_step}", code="unknown_step")
    if body.to_step > state.step:
        raise ReworkForward(
            f"rework goes back: unit {serial} is at step {state.step}, not before {body.to_step}"
        )
    defect_id = await _defect_id(ex, body.defect_code)
    change = _begin(state, principal)
    to = Position(
        target.seq,
        target.workstation_id,
        target.workstation_code,
        IN_PROGRESS,
        _awaiting_at(target.is_gate),
    )
    change.add(EventType.REWORKED, to, defect_code_id=defect_id, notes=body.notes)
    return await _commit_change(ex, change, "rework", rework=True)


async def scrap_unit(ex: Executor, principal: Principal, serial: str, body: ScrapUnit) -> UnitOut:
    """End the unit as scrapped."""
    state = await _lock(ex, serial)
    _require_in_progress(state)
    _require_order(state, SCRAPPABLE_ORDER_STATUSES)
    _check_unit_station(principal, state)
    defect_id = await _defect_id(ex, body.defect_code)
    change = _begin(state, principal)
    to = Position(state.step, None, None, UnitStatus.SCRAPPED.value, None)
    change.add(EventType.SCRAPPED, to, defect_code_id=defect_id, notes=body.reason)
    return await _commit_change(ex, change, "scrap")


async def generate_units(
    session: AsyncSession, principal: Principal, number: str, count: int
) -> list[UnitOut]:
    """Create `count` serialized units at step 0; starts a new or scheduled order."""
    view = await orders.get_order(session, number, lock=True)
    order = view.order
    if OrderStatus(order.status) not in GENERATABLE:
        raise OrderNotRunnable(
            f"order {number} is {order.status}; units can be generated only for new, "
            "scheduled or running orders",
            order_status=order.status,
        )
    ex = SAExecutor(await session.connection(), session.info[TOPICS_KEY])
    first = await repo.route_step(ex, order.route_revision_id, 1)
    assert first is not None, f"route revision {order.route_revision_id} has no steps"
    check_station(principal, first.workstation_id, first.line_id)
    if order.status != RUNNING:
        await orders.set_status(session, principal.actor, order, OrderStatus.RUNNING, "start")
    last, prefix, digits = await repo.advance_serial_counter(ex, order.part_id, count)
    serials = [f"{prefix}-{n:0{digits}d}" for n in range(last - count + 1, last + 1)]
    at = utcnow()
    line_id = order.line_id or first.line_id
    if ex.postgres:
        await repo.generate_units_pg(
            ex,
            prefix=prefix,
            digits=digits,
            first=last - count + 1,
            last=last,
            order_id=order.id,
            order_number=order.number,
            part_id=order.part_id,
            route_revision_id=order.route_revision_id,
            line_id=line_id,
            actor=principal.actor,
            at=at,
        )
    else:  # SQLite: in-process, so row-at-a-time inserts cost no round trips
        after_id = await repo.max_unit_id(ex, order.id)
        await repo.insert_units(
            ex,
            [
                {
                    "serial": serial,
                    "order_id": order.id,
                    "part_id": order.part_id,
                    "route_revision_id": order.route_revision_id,
                    "line_id": line_id,
                    "status": IN_PROGRESS,
                    "step": 0,
                    "workstation_id": None,
                    "awaiting": Awaiting.MOVE.value,
                    "rework_count": 0,
                    "created_at": at,
                    "updated_at": at,
                }
                for serial in serials
            ],
        )
        await repo.insert_created_events(
            ex,
            order_id=order.id,
            order_number=order.number,
            after_unit_id=after_id,
            actor=principal.actor,
            at=at,
        )
    order.started = order.started + count
    await crud.flush(session)
    await record(
        session,
        actor=principal.actor,
        entity_type="order",
        entity_id=order.number,
        action="generate_units",
        after={"count": count, "first_serial": serials[0], "last_serial": serials[-1]},
    )
    ex.topics.add(OUTBOX_TOPIC)
    part_number = await repo.part_number(ex, order.part_id)
    return [
        UnitOut(
            serial=serial,
            order=order.number,
            part=part_number,
            status=UnitStatus.IN_PROGRESS,
            step=0,
            workstation=None,
            workstation_id=None,
            awaiting=Awaiting.MOVE,
            rework_count=0,
            created_at=at,
            updated_at=at,
        )
        for serial in serials
    ]
