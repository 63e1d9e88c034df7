"""The rules of unit transitions: what a command may do to a unit and where it takes it.

Pure functions of what the command read (`UnitState`) and who asks: no database, no I/O
(tested in tests/transitions/test_rules.py without one). Each returns the `Change` to write or
raises the domain error a client acts on.
"""

from __future__ import annotations

from datetime import datetime

from app.auth.principal import Principal
from app.models import Awaiting, EventType, OrderStatus, UnitStatus
from app.transitions.errors import (
    DispositionRequired,
    GateDecisionRequired,
    NotAGate,
    NotStarted,
    OrderNotRunnable,
    ReworkForward,
    StepMismatch,
    UnitFinished,
)
from app.transitions.state import IN_PROGRESS, Action, Change, Position, StepInfo, UnitState

RUNNING = OrderStatus.RUNNING.value
AT_GATE = Awaiting.GATE_DECISION.value
AT_DISPOSITION = Awaiting.DISPOSITION.value
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


def awaiting_at(is_gate: bool) -> str:
    """What a unit entering a step awaits."""
    return AT_GATE if is_gate else Awaiting.MOVE.value


def current(state: UnitState) -> Position:
    return Position(
        state.step, state.workstation_id, state.workstation_code, state.status, state.awaiting
    )


def advanced(state: UnitState) -> tuple[EventType, Position]:
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
        awaiting_at(state.next_is_gate),
    )


def require_in_progress(state: UnitState) -> None:
    if state.status != IN_PROGRESS:
        raise UnitFinished(
            f"unit {state.serial} is already {state.status}", unit_status=state.status
        )


def require_order(state: UnitState, allowed: frozenset[str] = frozenset({RUNNING})) -> None:
    if state.order_status not in allowed:
        raise OrderNotRunnable(
            f"order {state.order_number} is {state.order_status}; its units cannot be worked on",
            order_status=state.order_status,
        )


def require_station(principal: Principal, state: UnitState) -> None:
    """The caller may act at the unit's current step (before step 1: at the first step)."""
    if state.step == 0:
        principal.require_station(state.next_workstation_id, state.next_workstation_line_id)
    else:
        principal.require_station(state.workstation_id, state.workstation_line_id)


def _workable(state: UnitState, principal: Principal) -> None:
    require_in_progress(state)
    require_order(state)
    require_station(principal, state)


def move(
    state: UnitState,
    principal: Principal,
    at: datetime,
    *,
    expected_step: int | None = None,
    notes: str | None = None,
) -> Change:
    """Finish the current step and enter the next; from the last step, complete the unit."""
    _workable(state, principal)
    serial = state.serial
    if expected_step is not None and expected_step != state.step:
        raise StepMismatch(
            f"unit {serial} is at step {state.step}, not {expected_step}", step=state.step
        )
    if state.awaiting == AT_GATE:
        raise GateDecisionRequired(
            f"unit {serial} is at gate step {state.step}: record a pass or fail first"
        )
    if state.awaiting == AT_DISPOSITION:
        raise DispositionRequired(f"unit {serial} failed its gate: rework or scrap it")
    change = Change(Action.MOVE, state, principal.actor, at, current(state))
    event, to = advanced(state)
    change.add(event, to, notes=notes)
    return change


def check_gate_decision(state: UnitState, principal: Principal) -> None:
    """A gate decision is possible: the unit waits at a gate step, undecided."""
    _workable(state, principal)
    if state.step == 0 or not state.is_gate:
        raise NotAGate(f"step {state.step} of unit {state.serial} is not a gate")
    if state.awaiting == AT_DISPOSITION:
        raise DispositionRequired(
            f"unit {state.serial} already failed this gate: rework or scrap it"
        )


def gate_pass(
    state: UnitState,
    actor: str,
    at: datetime,
    *,
    defect_code_id: int | None = None,
    notes: str | None = None,
) -> Change:
    """Record a passed inspection and move on (after `check_gate_decision`)."""
    change = Change(Action.GATE_PASS, state, actor, at, current(state))
    change.add(
        EventType.GATE_PASSED,
        current(state),
        result="pass",
        defect_code_id=defect_code_id,
        notes=notes,
    )
    event, to = advanced(state)
    change.add(event, to)
    return change


def gate_fail(
    state: UnitState,
    actor: str,
    at: datetime,
    *,
    defect_code_id: int | None = None,
    notes: str | None = None,
) -> Change:
    """Record a failed inspection at the gate the unit waits at; it then awaits
    `disposition` (after `check_gate_decision`, or `fails_gate_at` for a measurement)."""
    here = current(state)
    failed = Position(
        here.step, here.workstation_id, here.workstation_code, IN_PROGRESS, AT_DISPOSITION
    )
    change = Change(Action.GATE_FAIL, state, actor, at, here)
    change.add(
        EventType.GATE_FAILED, failed, result="fail", defect_code_id=defect_code_id, notes=notes
    )
    return change


def fails_gate_at(state: UnitState, step: int) -> bool:
    """Whether a failing measurement for `step` fails the gate: the unit still waits for
    that gate's decision (a concurrent command may have decided first)."""
    return (
        state.status == IN_PROGRESS
        and state.order_status == RUNNING
        and state.awaiting == AT_GATE
        and state.step == step
    )


def check_rework(state: UnitState, principal: Principal) -> None:
    """The unit may be sent back (it has entered its route)."""
    _workable(state, principal)
    if state.step == 0:
        raise NotStarted(f"unit {state.serial} has not entered its route yet")


def check_rework_target(state: UnitState, target: StepInfo) -> None:
    """Rework goes to this or an earlier step."""
    if target.seq > state.step:
        raise ReworkForward(
            f"rework goes back: unit {state.serial} is at step {state.step}, "
            f"not before {target.seq}"
        )


def rework(
    state: UnitState,
    principal: Principal,
    at: datetime,
    target: StepInfo,
    *,
    defect_code_id: int | None = None,
    notes: str | None = None,
) -> Change:
    """Send the unit back to `target` (after `check_rework` and `check_rework_target`)."""
    change = Change(Action.REWORK, state, principal.actor, at, current(state), rework=True)
    to = Position(
        target.seq,
        target.workstation_id,
        target.workstation_code,
        IN_PROGRESS,
        awaiting_at(target.is_gate),
    )
    change.add(EventType.REWORKED, to, defect_code_id=defect_code_id, notes=notes)
    return change


def check_scrap(state: UnitState, principal: Principal) -> None:
    """The unit may be scrapped: in progress, its order not closed, the caller's station."""
    require_in_progress(state)
    require_order(state, SCRAPPABLE_ORDER_STATUSES)
    require_station(principal, state)


def scrap(
    state: UnitState,
    actor: str,
    at: datetime,
    *,
    defect_code_id: int | None = None,
    reason: str | None = None,
) -> Change:
    """End the unit as scrapped (after `check_scrap`)."""
    change = Change(Action.SCRAP, state, actor, at, current(state))
    to = Position(state.step, None, None, UnitStatus.SCRAPPED.value, None)
    change.add(EventType.SCRAPPED, to, defect_code_id=defect_code_id, notes=reason)
    return change
