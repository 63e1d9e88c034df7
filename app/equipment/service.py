"""Machine states and counts: commands on an `Executor` (one machine message each, called by
the MQTT consumer) and the queries of the workstation endpoints.

States: each workstation's history is a partition of time into intervals [started_at,
ended_at), the last one open (its current state). A state message at `at` splits the interval
containing `at` — usually the open one, but messages may arrive late (redelivery after a
reconnect, several consumers): a late message is inserted where it belongs and never moves
the current state. Changes of the current state go on the realtime bus (`machine_state`).

Counts: machines report cumulative counters. The first reading of a workstation sets the
baseline; each later one adds the difference as produced quantity. A lower reading than the
baseline means the counter was reset: the new reading is then the quantity since the reset.
A reading older than the baseline carries nothing new and is ignored.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.audit.recorder import append, audit_row, record
from app.auth.principal import Principal
from app.db.command import Command
from app.db.executor import Executor
from app.equipment import hooks
from app.equipment import repository as repo
from app.equipment.events import MACHINE_STATE_EVENT
from app.equipment.hooks import StateChange
from app.equipment.schemas import CountsOut, MachineStateOut
from app.kit import crud
from app.kit.errors import BadRequest, Conflict, NotFound, UnknownReference
from app.kit.pagination import PageParams, decode_cursor, encode_cursor
from app.kit.time import iso_utc, utcnow
from app.kit.window import Window
from app.models import (
    DowntimeReason,
    MachineCount,
    MachineState,
    MachineStateName,
    Workstation,
)
from app.outbox import repository as outbox


async def record_state(
    ex: Executor,
    *,
    workstation_id: int,
    line_id: int | None,
    state: str,
    reason: str | None,
    at: datetime,
    actor: str,
    reason_id: int | None = None,
) -> dict[str, Any]:
    """Apply a state message; returns what it did (for the message ledger). `reason_id` is
    the configured downtime reason the message named (`reason_code`), if any."""
    await repo.lock_station(ex, workstation_id)
    current = await repo.open_state(ex, workstation_id)
    why = (reason, reason_id)
    if current is None or at >= current[3]:
        return await _change_current(ex, workstation_id, line_id, current, state, why, at, actor)
    return await _insert_late(ex, workstation_id, state, why, at, actor)


async def reason_for(ex: Executor, reason_code: str | None) -> int | None:
    """The downtime reason a machine message names; an unknown code refuses the message (it
    becomes a dead letter, like an unknown defect code), so no state is recorded without it."""
    if reason_code is None:
        return None
    reason_id = await repo.downtime_reason_id(ex, reason_code)
    if reason_id is None:
        raise UnknownReference(
            f"reason_code {reason_code!r} is not a configured downtime reason",
            field="reason_code",
        )
    return reason_id


async def _change_current(
    ex: Executor,
    workstation_id: int,
    line_id: int | None,
    current: Any,
    state: str,
    why: tuple[str | None, int | None],
    at: datetime,
    actor: str,
) -> dict[str, Any]:
    reason, reason_id = why
    previous = None if current is None else current[1]
    if current is not None and (current[1], current[2], current[4]) == (state, *why):
        return {"state": state, "changed": False, "since": current[3].isoformat()}
    if current is not None and current[3] == at:
        # Two states at the same instant: the one received last wins.
        await repo.restate(ex, current[0], state, reason, reason_id, actor)
    else:
        if current is not None:
            await repo.end_state(ex, current[0], at)
        await repo.insert_state(
            ex,
            workstation_id=workstation_id,
            state=state,
            reason=reason,
            reason_id=reason_id,
            started_at=at,
            ended_at=None,
            actor=actor,
        )
    await emit_state(
        ex,
        workstation_id=workstation_id,
        line_id=line_id,
        state=state,
        previous=previous,
        reason=reason,
        reason_id=reason_id,
        since=at,
    )
    await append(
        ex,
        audit_row(
            actor=actor,
            entity_type="workstation",
            entity_id=workstation_id,
            action="machine_state",
            before={"state": previous},
            after={"state": state, "reason": reason, "reason_id": reason_id, "since": at},
        ),
    )
    await hooks.state_changed(
        ex, StateChange(workstation_id, line_id, state, previous, reason, reason_id, at, actor)
    )
    return {"state": state, "changed": True, "previous_state": previous, "since": at.isoformat()}


async def emit_state(
    ex: Executor,
    *,
    workstation_id: int,
    line_id: int | None,
    state: str,
    previous: str | None,
    reason: str | None,
    reason_id: int | None,
    since: datetime,
) -> None:
    """The workstation's current state (or its reason) changed: a `machine_state` event on
    the outbox, sent to WIP sockets as `{"type": "machine", "seq", "machine": payload}`."""
    code, reason_code, reason_name, category = await repo.names(ex, workstation_id, reason_id)
    await outbox.append(
        ex,
        MACHINE_STATE_EVENT,
        line_id=line_id,
        payload={
            "workstation_id": workstation_id,
            "workstation_code": code,
            "line_id": line_id,
            "state": state,
            "previous_state": previous,
            "reason": reason,
            "reason_id": reason_id,
            "reason_code": reason_code,
            "reason_name": reason_name,
            "reason_category": category,
            "since": iso_utc(since),
        },
        at=since,
    )


async def _insert_late(
    ex: Executor,
    workstation_id: int,
    state: str,
    why: tuple[str | None, int | None],
    at: datetime,
    actor: str,
) -> dict[str, Any]:
    """A state that began before the current one: split the interval it falls into."""
    reason, reason_id = why
    containing = await repo.state_at(ex, workstation_id, at)
    result = {"state": state, "late": True, "since": at.isoformat()}
    if containing is None:
        first = await repo.first_state(ex, workstation_id)
        assert first is not None  # there is an open interval, so there is a first one
        if (first[1], first[2], first[4]) == (state, *why):
            await repo.start_earlier(ex, first[0], at)
        else:
            await repo.insert_state(
                ex,
                workstation_id=workstation_id,
                state=state,
                reason=reason,
                reason_id=reason_id,
                started_at=at,
                ended_at=first[3],
                actor=actor,
            )
    else:
        state_id, old_state, old_reason, started_at, ended_at, old_reason_id = containing
        if (old_state, old_reason, old_reason_id) == (state, *why):
            return {**result, "changed": False}
        if started_at == at:
            await repo.restate(ex, state_id, state, reason, reason_id, actor)
        else:
            await repo.end_state(ex, state_id, at)
            await repo.insert_state(
                ex,
                workstation_id=workstation_id,
                state=state,
                reason=reason,
                reason_id=reason_id,
                started_at=at,
                ended_at=ended_at,
                actor=actor,
            )
    await append(
        ex,
        audit_row(
            actor=actor,
            entity_type="workstation",
            entity_id=workstation_id,
            action="machine_state_late",
            after={"state": state, "reason": reason, "reason_id": reason_id, "since": at},
        ),
    )
    return {**result, "changed": True}


async def record_count(
    ex: Executor,
    *,
    workstation_id: int,
    good: int,
    reject: int | None,
    at: datetime,
    actor: str,
) -> dict[str, Any]:
    """Apply a cumulative counter reading; returns the quantities it added."""
    baseline = await repo.lock_counter(ex, workstation_id)
    if baseline is None:
        await repo.insert_counter(
            ex, workstation_id=workstation_id, good=good, reject=reject or 0, at=at
        )
        return {"baseline": True, "good_total": good, "reject_total": reject or 0}
    base_good, base_reject, base_at = int(baseline[0]), int(baseline[1]), baseline[2]
    if at < base_at:
        return {"stale": True, "good": 0, "reject": 0}
    reject_total = base_reject if reject is None else reject
    good_reset = good < base_good
    reject_reset = reject_total < base_reject
    good_delta = good if good_reset else good - base_good
    reject_delta = reject_total if reject_reset else reject_total - base_reject
    reset = good_reset or reject_reset
    await repo.update_counter(
        ex, workstation_id=workstation_id, good=good, reject=reject_total, at=at
    )
    if good_delta or reject_delta or reset:
        await repo.insert_count(
            ex,
            workstation_id=workstation_id,
            good=good_delta,
            reject=reject_delta,
            good_total=good,
            reject_total=reject_total,
            reset=reset,
            at=at,
            actor=actor,
        )
    return {"good": good_delta, "reject": reject_delta, "reset": reset}


# -- machine states and counts ---------------------------------------------------------------------


def _state_cursor(params: PageParams) -> tuple[datetime, int] | None:
    if params.cursor is None:
        return None
    key = decode_cursor(params.cursor)
    try:
        at, state_id = key
        return datetime.fromisoformat(at), int(state_id)
    except (TypeError, ValueError) as exc:
        raise BadRequest("the cursor is not one this server issued", code="invalid_cursor") from exc


async def list_states(
    session: AsyncSession, workstation_id: int, window: Window, params: PageParams
) -> tuple[list[MachineStateOut], str | None]:
    """The intervals overlapping the window, oldest first."""
    await crud.get_or_404(session, Workstation, workstation_id, "workstation")
    stmt = (
        select(MachineState, DowntimeReason.code)
        .outerjoin(DowntimeReason, DowntimeReason.id == MachineState.reason_id)
        .where(MachineState.workstation_id == workstation_id)
    )
    if window.until is not None:
        stmt = stmt.where(MachineState.started_at < window.until)
    if window.since is not None:
        stmt = stmt.where(
            or_(MachineState.ended_at.is_(None), MachineState.ended_at > window.since)
        )
    after = _state_cursor(params)
    if after is not None:
        stmt = stmt.where(
            or_(
                MachineState.started_at > after[0],
                and_(MachineState.started_at == after[0], MachineState.id > after[1]),
            )
        )
    stmt = stmt.order_by(MachineState.started_at, MachineState.id).limit(params.limit + 1)
    rows = (await session.execute(stmt)).all()
    items = list(rows[: params.limit])
    cursor = None
    if len(rows) > params.limit:
        last = items[-1][0]
        cursor = encode_cursor([last.started_at.isoformat(), last.id])
    now = utcnow()
    return [state_out(r, code, now) for r, code in items], cursor


def state_out(r: MachineState, reason_code: str | None, now: datetime) -> MachineStateOut:
    return MachineStateOut(
        id=r.id,
        workstation_id=r.workstation_id,
        state=r.state,
        reason=r.reason,
        reason_id=r.reason_id,
        reason_code=reason_code,
        started_at=r.started_at,
        ended_at=r.ended_at,
        seconds=((r.ended_at or now) - r.started_at).total_seconds(),
        actor=r.actor,
    )


async def set_state_reason(
    cmd: Command,
    principal: Principal,
    workstation_id: int,
    state_id: int,
    reason_code: str | None,
) -> MachineStateOut:
    """Name (or clear, with None) the downtime reason of a non-running state interval. On
    the current (open) interval that changes the machine's current reason: a `machine_state`
    event goes out like for a state change."""
    session = await cmd.session()
    row = await session.scalar(
        select(MachineState)
        .where(MachineState.id == state_id, MachineState.workstation_id == workstation_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if row is None:
        await crud.get_or_404(session, Workstation, workstation_id, "workstation")
        raise NotFound(f"machine state {state_id} of workstation {workstation_id} does not exist")
    if row.state == MachineStateName.RUNNING.value:
        raise Conflict(
            "a running interval is not downtime: it takes no reason", code="state_running"
        )
    reason_id = None
    if reason_code is not None:
        reason_id = await session.scalar(
            select(DowntimeReason.id).where(DowntimeReason.code == reason_code)
        )
        if reason_id is None:
            raise UnknownReference(
                f"reason_code {reason_code!r} is not a configured downtime reason",
                field="reason_code",
            )
    before = row.reason_id
    if before != reason_id:
        row.reason_id = reason_id
        await crud.flush(session)
        await record(
            session,
            actor=principal.actor,
            entity_type="workstation",
            entity_id=workstation_id,
            action="machine_state_reason",
            before={"state_id": state_id, "reason_id": before},
            after={"state_id": state_id, "reason_id": reason_id, "reason_code": reason_code},
        )
        if row.ended_at is None:
            line_id = await session.scalar(
                select(Workstation.line_id).where(Workstation.id == workstation_id)
            )
            await emit_state(
                cmd.ex,
                workstation_id=workstation_id,
                line_id=line_id,
                state=row.state,
                previous=row.state,
                reason=row.reason,
                reason_id=reason_id,
                since=row.started_at,
            )
    return state_out(row, reason_code, utcnow())


async def count_summary(session: AsyncSession, workstation_id: int, window: Window) -> CountsOut:
    """Produced quantities (counter deltas) of the workstation in the window."""
    await crud.get_or_404(session, Workstation, workstation_id, "workstation")
    stmt = select(
        func.coalesce(func.sum(MachineCount.good), 0),
        func.coalesce(func.sum(MachineCount.reject), 0),
        func.count(MachineCount.id),
        func.count(MachineCount.id).filter(MachineCount.reset.is_(True)),
    ).where(MachineCount.workstation_id == workstation_id)
    if window.since is not None:
        stmt = stmt.where(MachineCount.at >= window.since)
    if window.until is not None:
        stmt = stmt.where(MachineCount.at < window.until)
    good, reject, readings, resets = (await session.execute(stmt)).one()
    return CountsOut(
        workstation_id=workstation_id,
        start=window.since,
        end=window.until,
        good=int(good),
        reject=int(reject),
        readings=int(readings),
        resets=int(resets),
    )
