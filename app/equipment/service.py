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

from app.audit.recorder import append, audit_row
from app.db.executor import Executor
from app.equipment import repository as repo
from app.equipment.events import MACHINE_STATE_EVENT
from app.equipment.schemas import CountsOut, MachineStateOut
from app.kit import crud
from app.kit.errors import BadRequest
from app.kit.pagination import PageParams, decode_cursor, encode_cursor
from app.kit.time import utcnow
from app.kit.window import Window
from app.models import MachineCount, MachineState, Workstation
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
) -> dict[str, Any]:
    """Apply a state message; returns what it did (for the message ledger)."""
    await repo.lock_station(ex, workstation_id)
    current = await repo.open_state(ex, workstation_id)
    if current is None or at >= current[3]:
        return await _change_current(ex, workstation_id, line_id, current, state, reason, at, actor)
    return await _insert_late(ex, workstation_id, state, reason, at, actor)


async def _change_current(
    ex: Executor,
    workstation_id: int,
    line_id: int | None,
    current: Any,
    state: str,
    reason: str | None,
    at: datetime,
    actor: str,
) -> dict[str, Any]:
    previous = None if current is None else current[1]
    if current is not None and current[1] == state and current[2] == reason:
        return {"state": state, "changed": False, "since": current[3].isoformat()}
    if current is not None and current[3] == at:
        # Two states at the same instant: the one received last wins.
        await repo.restate(ex, current[0], state, reason, actor)
    else:
        if current is not None:
            await repo.end_state(ex, current[0], at)
        await repo.insert_state(
            ex,
            workstation_id=workstation_id,
            state=state,
            reason=reason,
            started_at=at,
            ended_at=None,
            actor=actor,
        )
    await outbox.append(
        ex,
        MACHINE_STATE_EVENT,
        line_id=line_id,
        payload={
            "workstation_id": workstation_id,
            "line_id": line_id,
            "state": state,
            "reason": reason,
            "previous_state": previous,
            "since": at.isoformat(),
        },
        at=at,
    )
    await append(
        ex,
        audit_row(
            actor=actor,
            entity_type="workstation",
            entity_id=workstation_id,
            action="machine_state",
            before={"state": previous},
            after={"state": state, "reason": reason, "since": at},
        ),
    )
    return {"state": state, "changed": True, "previous_state": previous, "since": at.isoformat()}


async def _insert_late(
    ex: Executor, workstation_id: int, state: str, reason: str | None, at: datetime, actor: str
) -> dict[str, Any]:
    """A state that began before the current one: split the interval it falls into."""
    containing = await repo.state_at(ex, workstation_id, at)
    result = {"state": state, "late": True, "since": at.isoformat()}
    if containing is None:
        first = await repo.first_state(ex, workstation_id)
        assert first is not None  # there is an open interval, so there is a first one
        if first[1] == state and first[2] == reason:
            await repo.start_earlier(ex, first[0], at)
        else:
            await repo.insert_state(
                ex,
                workstation_id=workstation_id,
                state=state,
                reason=reason,
                started_at=at,
                ended_at=first[3],
                actor=actor,
            )
    else:
        state_id, old_state, old_reason, started_at, ended_at = containing
        if old_state == state and old_reason == reason:
            return {**result, "changed": False}
        if started_at == at:
            await repo.restate(ex, state_id, state, reason, actor)
        else:
            await repo.end_state(ex, state_id, at)
            await repo.insert_state(
                ex,
                workstation_id=workstation_id,
                state=state,
                reason=reason,
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
            after={"state": state, "reason": reason, "since": at},
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
    stmt = select(MachineState).where(MachineState.workstation_id == workstation_id)
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
    rows = (await session.scalars(stmt)).all()
    items = list(rows[: params.limit])
    cursor = None
    if len(rows) > params.limit:
        last = items[-1]
        cursor = encode_cursor([last.started_at.isoformat(), last.id])
    now = utcnow()
    return [
        MachineStateOut(
            id=r.id,
            workstation_id=r.workstation_id,
            state=r.state,
            reason=r.reason,
            started_at=r.started_at,
            ended_at=r.ended_at,
            seconds=((r.ended_at or now) - r.started_at).total_seconds(),
            actor=r.actor,
        )
        for r in items
    ], cursor


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
