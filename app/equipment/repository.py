"""SQL of machine states and counts (Core statements, run through an `Executor`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, insert, select, update

from app.db.binding import bound
from app.db.executor import Executor
from app.models import DowntimeReason, MachineCount, MachineCounter, MachineState, Workstation

states = cast(Table, MachineState.__table__)
counters = cast(Table, MachineCounter.__table__)
counts = cast(Table, MachineCount.__table__)
workstations = cast(Table, Workstation.__table__)


# -- machine states ------------------------------------------------------------------------------

_LOCK_STATION_PG = (
    select(workstations.c.id)
    .where(workstations.c.id == bindparam("workstation_id"))
    .with_for_update(key_share=True)
)
_OPEN_STATE = select(
    states.c.id, states.c.state, states.c.reason, states.c.started_at, states.c.reason_id
).where(states.c.workstation_id == bindparam("workstation_id"), states.c.ended_at.is_(None))
_STATE_AT = (
    select(
        states.c.id,
        states.c.state,
        states.c.reason,
        states.c.started_at,
        states.c.ended_at,
        states.c.reason_id,
    )
    .where(
        states.c.workstation_id == bindparam("workstation_id"),
        states.c.started_at <= bindparam("at", type_=states.c.started_at.type),
    )
    .order_by(states.c.started_at.desc())
    .limit(1)
)
_FIRST_STATE = (
    select(states.c.id, states.c.state, states.c.reason, states.c.started_at, states.c.reason_id)
    .where(states.c.workstation_id == bindparam("workstation_id"))
    .order_by(states.c.started_at)
    .limit(1)
)
_INSERT_STATE = insert(states).values(
    bound(
        states,
        ("workstation_id", "state", "reason", "reason_id", "started_at", "ended_at", "actor"),
    )
)
_END_STATE = (
    update(states)
    .where(states.c.id == bindparam("b_id"))
    .values(ended_at=bindparam("b_ended_at", type_=states.c.ended_at.type))
)
_RESTATE = (
    update(states)
    .where(states.c.id == bindparam("b_id"))
    .values(
        state=bindparam("b_state"),
        reason=bindparam("b_reason"),
        reason_id=bindparam("b_reason_id", type_=states.c.reason_id.type),
        actor=bindparam("b_actor"),
    )
)
_REOPEN_EARLIER = (
    update(states)
    .where(states.c.id == bindparam("b_id"))
    .values(started_at=bindparam("b_started_at", type_=states.c.started_at.type))
)


_REASON_ID = select(DowntimeReason.id).where(
    DowntimeReason.code == bindparam("code", type_=DowntimeReason.code.type)
)


# What a `machine_state` event names besides ids: the workstation's code and the downtime
# reason's code, name and category (a LEFT JOIN on the parameter: no reason, nulls).
_NAMES = (
    select(
        workstations.c.code,
        DowntimeReason.code,
        DowntimeReason.name,
        DowntimeReason.category,
    )
    .select_from(workstations)
    .outerjoin(
        DowntimeReason,
        DowntimeReason.id == bindparam("reason_id", type_=DowntimeReason.id.type),
    )
    .where(workstations.c.id == bindparam("workstation_id"))
)


async def names(ex: Executor, workstation_id: int, reason_id: int | None) -> Sequence[Any]:
    """(workstation code, reason code, reason name, reason category) for an event."""
    row = await ex.fetchrow(_NAMES, {"workstation_id": workstation_id, "reason_id": reason_id})
    return row if row is not None else (None, None, None, None)


async def downtime_reason_id(ex: Executor, code: str) -> int | None:
    """The id of the downtime reason `code`, None when there is none."""
    value = await ex.fetchval(_REASON_ID, {"code": code})
    return int(value) if value is not None else None


async def lock_station(ex: Executor, workstation_id: int) -> None:
    """Serialize state changes of one workstation (SQLite's write lock already does)."""
    if ex.postgres:
        await ex.fetchval(_LOCK_STATION_PG, {"workstation_id": workstation_id})


async def open_state(ex: Executor, workstation_id: int) -> Sequence[Any] | None:
    return await ex.fetchrow(_OPEN_STATE, {"workstation_id": workstation_id})


async def state_at(ex: Executor, workstation_id: int, at: datetime) -> Sequence[Any] | None:
    return await ex.fetchrow(_STATE_AT, {"workstation_id": workstation_id, "at": at})


async def first_state(ex: Executor, workstation_id: int) -> Sequence[Any] | None:
    return await ex.fetchrow(_FIRST_STATE, {"workstation_id": workstation_id})


async def insert_state(ex: Executor, **values: Any) -> None:
    await ex.execute(_INSERT_STATE, values)


async def end_state(ex: Executor, state_id: int, ended_at: datetime) -> None:
    await ex.execute(_END_STATE, {"b_id": state_id, "b_ended_at": ended_at})


async def restate(
    ex: Executor,
    state_id: int,
    state: str,
    reason: str | None,
    reason_id: int | None,
    actor: str,
) -> None:
    await ex.execute(
        _RESTATE,
        {
            "b_id": state_id,
            "b_state": state,
            "b_reason": reason,
            "b_reason_id": reason_id,
            "b_actor": actor,
        },
    )


async def start_earlier(ex: Executor, state_id: int, started_at: datetime) -> None:
    await ex.execute(_REOPEN_EARLIER, {"b_id": state_id, "b_started_at": started_at})


# -- counts ----------------------------------------------------------------------------------------

_LOCK_COUNTER = (
    select(counters.c.good, counters.c.reject, counters.c.at)
    .where(counters.c.workstation_id == bindparam("workstation_id"))
    .with_for_update()
)
_INSERT_COUNTER = insert(counters).values(
    bound(counters, ("workstation_id", "good", "reject", "at"))
)
_UPDATE_COUNTER = (
    update(counters)
    .where(counters.c.workstation_id == bindparam("b_workstation_id"))
    .values(
        good=bindparam("b_good"),
        reject=bindparam("b_reject"),
        at=bindparam("b_at", type_=counters.c.at.type),
    )
)
_INSERT_COUNT = insert(counts).values(
    bound(
        counts,
        (
            "workstation_id",
            "good",
            "reject",
            "good_total",
            "reject_total",
            "reset",
            "at",
            "actor",
        ),
    )
)


async def lock_counter(ex: Executor, workstation_id: int) -> Sequence[Any] | None:
    return await ex.fetchrow(_LOCK_COUNTER, {"workstation_id": workstation_id})


async def insert_counter(ex: Executor, **values: Any) -> None:
    await ex.execute(_INSERT_COUNTER, values)


async def update_counter(ex: Executor, **values: Any) -> None:
    await ex.execute(_UPDATE_COUNTER, {f"b_{k}": v for k, v in values.items()})


async def insert_count(ex: Executor, **values: Any) -> None:
    await ex.execute(_INSERT_COUNT, values)
