"""The rules of batch step commands: pure functions of what the command read (`BatchState`)
and who asks, returning the `BatchChange` to write or raising the error a client acts on.

A batch's steps run in route order: a step starts when it is ready (pending, with the
quantity that entered it: the batch's quantity for the first step, the previous step's good
quantity for the others) and completes with `good + scrap` equal to that quantity. The last
step's completion completes the batch; a step that passes nothing (good = 0) ends it as
scrapped. Each completion counts on the order: its scrap at once, its good at the last step.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from app.auth.principal import Principal
from app.batches.errors import (
    BatchFinished,
    QuantityMismatch,
    StepDone,
    StepNotReady,
    StepNotStarted,
)
from app.models import BatchEventType, BatchStatus, BatchStepStatus, OrderStatus
from app.orders.completion import Finish
from app.transitions.errors import OrderNotRunnable
from app.transitions.state import Action, BatchChange, BatchState

IN_PROGRESS = BatchStatus.IN_PROGRESS.value
PENDING = BatchStepStatus.PENDING.value
RUNNING_STEP = BatchStepStatus.IN_PROGRESS.value
DONE = BatchStepStatus.DONE.value
RUNNING = OrderStatus.RUNNING.value


def _workable(state: BatchState, principal: Principal) -> None:
    if state.status != IN_PROGRESS:
        raise BatchFinished(
            f"batch {state.id} is already {state.status}", batch_status=state.status
        )
    if state.order_status != RUNNING:
        raise OrderNotRunnable(
            f"order {state.order_number} is {state.order_status}; its batches cannot be worked on",
            order_status=state.order_status,
        )
    principal.require_station(state.workstation_id, state.workstation_line_id)


def _event(change: BatchChange, type_: BatchEventType, **values: Any) -> None:
    state = change.state
    change.history.append(
        {
            "batch_id": state.id,
            "order_id": state.order_id,
            "type": type_.value,
            "step": state.seq,
            "workstation_id": state.workstation_id,
            "quantity": state.quantity_in,
            "good": values.get("good"),
            "scrap": values.get("scrap"),
            "defect_code_id": values.get("defect_code_id"),
            "notes": values.get("notes"),
            "actor": change.actor,
            "at": change.at,
        }
    )
    started = type_ is BatchEventType.STEP_STARTED
    change.outbox.append(
        {
            "type": type_.value,
            "order_number": state.order_number,
            "line_id": state.line_id,
            "from_step": state.seq,
            "to_step": state.seq,
            "from_workstation_id": None if started else state.workstation_id,
            "to_workstation_id": state.workstation_id if started else None,
            "status": change.status,
            "payload": {
                "batch": state.id,
                "step": state.seq,
                "workstation_id": state.workstation_id,
                "quantity": state.quantity_in,
                "good": values.get("good"),
                "scrap": values.get("scrap"),
            },
            "at": change.at,
        }
    )


def start(state: BatchState, principal: Principal, at: datetime) -> BatchChange:
    """Start the step the command names: the batch's next step, ready."""
    _workable(state, principal)
    if state.step_status != PENDING or state.quantity_in is None or state.seq != state.step:
        where = (
            "is already started"
            if state.step_status == RUNNING_STEP
            else "is done"
            if state.step_status == DONE
            else f"waits for step {state.step}"
        )
        raise StepNotReady(
            f"step {state.seq} of batch {state.id} {where}; the batch's next step is {state.step}",
            step=state.step,
            step_status=state.step_status,
        )
    change = BatchChange(Action.BATCH_START, state, principal.actor, at)
    _event(change, BatchEventType.STEP_STARTED)
    return change


def complete(
    state: BatchState,
    principal: Principal,
    at: datetime,
    *,
    good: int,
    scrap: int,
    defect_code_id: int | None = None,
    notes: str | None = None,
) -> BatchChange:
    """Complete the step the command names, with its good and scrapped quantities."""
    _workable(state, principal)
    if state.step_status == PENDING:
        raise StepNotStarted(
            f"step {state.seq} of batch {state.id} has not been started; start it first",
            step=state.step,
        )
    if state.step_status == DONE:
        raise StepDone(
            f"step {state.seq} of batch {state.id} is already completed", step=state.step
        )
    quantity_in = state.quantity_in
    assert quantity_in is not None, "a started step has its quantity"
    if good + scrap != quantity_in:
        raise QuantityMismatch(
            f"good ({good}) + scrap ({scrap}) must equal the {quantity_in} that entered step "
            f"{state.seq} of batch {state.id}",
            errors=[{"loc": ["body", "good"], "msg": f"good + scrap must be {quantity_in}"}],
            quantity_in=quantity_in,
        )
    last = state.seq == state.last_seq
    status = (
        BatchStatus.SCRAPPED.value
        if good == 0
        else BatchStatus.COMPLETED.value
        if last
        else IN_PROGRESS
    )
    change = BatchChange(
        Action.BATCH_COMPLETE,
        state,
        principal.actor,
        at,
        good=good,
        scrap=scrap,
        defect_code_id=defect_code_id,
        notes=notes,
        status=status,
    )
    if scrap or status != IN_PROGRESS:
        change.finish = Finish(
            state.order_id,
            completed=good if status == BatchStatus.COMPLETED.value else 0,
            scrapped=scrap,
            actor=principal.actor,
            at=at,
            order_status=state.order_status,
        )
    _event(
        change,
        BatchEventType.STEP_COMPLETED,
        good=good,
        scrap=scrap,
        defect_code_id=defect_code_id,
        notes=notes,
    )
    return change


def batch_values(change: BatchChange) -> dict[str, Any]:
    """The batch row's new values."""
    state, at = change.state, change.at
    finished = change.status != IN_PROGRESS
    advanced = change.action is Action.BATCH_COMPLETE and not finished
    return {
        "step": state.seq + 1 if advanced else state.seq,
        "good": change.good if change.good is not None else state.good,
        "scrap": state.scrap + change.scrap,
        "status": change.status,
        "updated_at": at,
        "finished_at": at if finished else None,
    }


def step_values(change: BatchChange) -> dict[str, Any]:
    """The named step's new values (a start: who and when; a completion: the rest)."""
    at = change.at
    if change.action is Action.BATCH_START:
        return {"status": RUNNING_STEP, "started_at": at, "started_by": change.actor}
    started = change.state.started_at
    return {
        "status": DONE,
        "good": change.good,
        "scrap": change.scrap,
        "defect_code_id": change.defect_code_id,
        "notes": change.notes,
        "completed_at": at,
        "completed_by": change.actor,
        "seconds": max((at - started).total_seconds(), 0.0) if started else None,
    }


def audit_values(change: BatchChange) -> tuple[dict[str, Any], dict[str, Any]]:
    """The audit entry's (before, after)."""
    state = change.state
    before = {"step": state.seq, "step_status": state.step_status, "status": state.status}
    after: dict[str, Any] = {"step": state.seq, "status": change.status}
    if change.action is Action.BATCH_START:
        after["step_status"] = RUNNING_STEP
    else:
        after |= {"step_status": DONE, "good": change.good, "scrap": change.scrap}
    return before, after
