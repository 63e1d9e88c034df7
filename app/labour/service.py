"""Labour booking: clock a person on to a job (a unit's or a batch's current step) and off.

One person may be on several jobs at once and several people on one job; one person is on
one job (and step) at most once at a time — the database refuses a second open entry
(`app.labour.repository`). Moving a unit on, or completing a batch step, closes the open
entries of the step it leaves (`app.labour.hooks`).

Who may clock whom: a person clocks themself on (an operator only on jobs at a step of one of
their lines, as for the unit commands); supervisors and admins clock anyone, anywhere, and so
does an API key holding a supervisor's scopes (a badge reader), which must name `user_id`.
A workstation account is not a person: it neither clocks on nor clocks anyone. An operator
clocks off only their own entries.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from app.audit.recorder import audit_row
from app.auth.principal import Principal, holds_role
from app.batches.errors import BatchFinished
from app.db.command import Command
from app.db.executor import Executor
from app.kit.errors import Conflict, Invalid, NotFound, UnknownReference
from app.kit.time import utcnow
from app.labour import repository as repo
from app.labour.errors import (
    AlreadyClockedOff,
    MayNotClockOthers,
    NotAPerson,
    NotYourEntry,
    UserInactive,
    WorkstationAccount,
)
from app.labour.schemas import ClockOn, LabourEntryOut
from app.models import BatchStatus, OrderStatus, Role, UnitStatus, UserKind
from app.transitions.errors import NotStarted, OrderNotRunnable, UnitFinished

ENTITY = "labour"
# Clock-on attempts while the job keeps leaving the step between the read and the write.
ATTEMPTS = 3
_RUNNING = OrderStatus.RUNNING.value


def _acts_for_others(principal: Principal) -> bool:
    """Supervisors and admins; an API key with every scope a supervisor holds."""
    return holds_role(principal, Role.SUPERVISOR)


def _refuse_workstation_account(principal: Principal) -> None:
    if principal.kind == "user" and principal.user_kind != UserKind.PERSON:
        raise WorkstationAccount(
            "a workstation account is not a person: it does not clock on or off"
        )


async def _person(ex: Executor, principal: Principal, user_id: int | None) -> tuple[int, str]:
    """(id, username) of who is clocked on: the caller, or `user_id` (an active person)."""
    _refuse_workstation_account(principal)
    if principal.kind == "user" and user_id in (None, principal.id):
        return principal.id, principal.name
    if not _acts_for_others(principal):
        raise MayNotClockOthers("only supervisors and admins clock other people on")
    if user_id is None:
        raise Invalid(
            "body.user_id: an API key clocks someone on: name them",
            errors=[{"loc": ["body", "user_id"], "msg": "required for an API key"}],
        )
    found = await repo.user(ex, user_id)
    if found is None:
        raise UnknownReference(f"user {user_id} does not exist", field="user_id")
    _, username, kind, active = found
    if kind != UserKind.PERSON.value:
        raise NotAPerson(f"{username} is a workstation account, not a person", field="user_id")
    if not active:
        raise UserInactive(f"{username} is deactivated", field="user_id")
    return user_id, username


def _workable(job: repo.Job, principal: Principal) -> None:
    """The job is at a step people can work on, and the caller may act there."""
    if job.unit_id is not None:
        if job.status != UnitStatus.IN_PROGRESS.value:
            raise UnitFinished(f"unit {job.serial} is already {job.status}", unit_status=job.status)
        if job.step == 0:
            raise NotStarted(f"unit {job.serial} has not entered its route: move it first")
    elif job.status != BatchStatus.IN_PROGRESS.value:
        raise BatchFinished(
            f"batch {job.batch_id} is already {job.status}", batch_status=job.status
        )
    if job.order_status != _RUNNING:
        raise OrderNotRunnable(
            f"order {job.order_number} is {job.order_status}; its jobs cannot be worked on",
            order_status=job.order_status,
        )
    principal.require_station(job.workstation_id, job.line_id)


async def _job(ex: Executor, body: ClockOn) -> repo.Job:
    if body.serial is not None:
        found = await repo.unit_job(ex, body.serial)
        if found is None:
            raise NotFound(f"unit {body.serial} does not exist")
        return found
    assert body.batch_id is not None
    found = await repo.batch_job(ex, body.batch_id)
    if found is None:
        raise NotFound(f"batch {body.batch_id} does not exist")
    return found


def _audit_after(job: repo.Job, user_id: int, username: str, at: datetime) -> dict[str, Any]:
    return {
        "user_id": user_id,
        "user": username,
        "serial": job.serial,
        "batch_id": job.batch_id,
        "order": job.order_number,
        "step": job.step,
        "workstation_id": job.workstation_id,
        "started_at": at,
    }


async def clock_on(cmd: Command, principal: Principal, body: ClockOn) -> LabourEntryOut:
    """Open an entry for a person on a job's current step (see the module docstring).

    403 who may not clock whom or there; 404 unknown unit or batch; 409 `unit_finished`,
    `batch_finished`, `unit_not_started` (step 0), `order_not_runnable`,
    `already_clocked_on`; 422 `unknown_reference`, `not_a_person`, `user_inactive`."""
    ex = cmd.ex
    user_id, username = await _person(ex, principal, body.user_id)
    for _ in range(ATTEMPTS):
        job = await _job(ex, body)
        _workable(job, principal)
        at = utcnow()
        entry_id = await repo.open_entry(ex, job, user_id, username, at, principal.actor)
        if entry_id is not None:
            break
    else:
        raise Conflict("the job kept moving on while clocking on; retry", code="concurrent_update")
    await cmd.audit(
        audit_row(
            actor=principal.actor,
            entity_type=ENTITY,
            entity_id=entry_id,
            action="clock_on",
            after=_audit_after(job, user_id, username, at),
        )
    )
    return LabourEntryOut(
        id=entry_id,
        user_id=user_id,
        user=username,
        serial=job.serial,
        batch_id=job.batch_id,
        order=job.order_number,
        step=job.step,
        workstation_id=job.workstation_id,
        started_at=at,
        ended_at=None,
        seconds=None,
        started_by=principal.actor,
        ended_by=None,
    )


async def clock_off(cmd: Command, principal: Principal, entry_id: int) -> LabourEntryOut:
    """Close an open entry: an operator their own, supervisors and admins anyone's.

    404 unknown entry; 403 someone else's (or a workstation account); 409
    `already_clocked_off`."""
    ex = cmd.ex
    found = await repo.entry(ex, entry_id)
    if found is None:
        raise NotFound(f"labour entry {entry_id} does not exist")
    _refuse_workstation_account(principal)
    own = principal.kind == "user" and found["user_id"] == principal.id
    if not own and not _acts_for_others(principal):
        raise NotYourEntry("only supervisors and admins clock other people off")
    closed = None
    if found["ended_at"] is None:
        closed = await repo.close_entry(ex, entry_id, utcnow(), principal.actor)
    if closed is None:
        raise AlreadyClockedOff(f"labour entry {entry_id} is already closed")
    ended_at, seconds, ended_by = closed
    await cmd.audit(
        audit_row(
            actor=principal.actor,
            entity_type=ENTITY,
            entity_id=entry_id,
            action="clock_off",
            before={"ended_at": None, "seconds": None},
            after={"ended_at": ended_at, "seconds": seconds},
        )
    )
    return LabourEntryOut(
        **{**found, "ended_at": ended_at, "seconds": seconds, "ended_by": ended_by}
    )
