"""SQL of the ingest hot path (Core statements, run through an `Executor`).

Per batch the ledger costs two statements: one look-up of every key the batch carries (array
on PostgreSQL, an IN list on SQLite) and one multi-row insert of the batch's ledger rows.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import (
    String,
    Table,
    any_,
    bindparam,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.dialects import postgresql

from app.db.executor import Executor
from app.models import (
    Counter,
    DeadLetter,
    Line,
    MachineCount,
    MachineCounter,
    MachineState,
    OutboxEvent,
    TelemetryMapping,
    TelemetryMessage,
    Workstation,
)
from app.models.telemetry import TELEMETRY_RULES_COUNTER

ledger = cast(Table, TelemetryMessage.__table__)
dead_letters = cast(Table, DeadLetter.__table__)
states = cast(Table, MachineState.__table__)
counters = cast(Table, MachineCounter.__table__)
counts = cast(Table, MachineCount.__table__)
wip_events = cast(Table, OutboxEvent.__table__)
workstations = cast(Table, Workstation.__table__)


def _bound(table: Table, columns: Sequence[str]) -> dict[str, Any]:
    return {c: bindparam(c, type_=table.c[c].type) for c in columns}


# -- ledger (de-duplication) -------------------------------------------------------------------

_SEEN_PG = select(func.array_agg(ledger.c.dedup_key)).where(
    ledger.c.dedup_key == any_(bindparam("keys", type_=postgresql.ARRAY(String)))
)
_SEEN_SQLITE = select(func.json_group_array(ledger.c.dedup_key)).where(
    ledger.c.dedup_key.in_(bindparam("keys", expanding=True))
)
LEDGER_COLUMNS = (
    "dedup_key",
    "topic",
    "msg_id",
    "rule_id",
    "kind",
    "outcome",
    "result",
    "received_at",
    "handled_at",
)
_INSERT_LEDGER = insert(ledger).values(_bound(ledger, LEDGER_COLUMNS))
_LEDGER_RESOLVED = (
    update(ledger)
    .where(ledger.c.dedup_key == bindparam("key"))
    .values(
        outcome=bindparam("new_outcome"),
        result=bindparam("new_result", type_=ledger.c.result.type),
    )
)
_PRUNE_LEDGER = delete(ledger).where(
    ledger.c.id.in_(
        select(ledger.c.id)
        .where(ledger.c.handled_at < bindparam("before", type_=ledger.c.handled_at.type))
        .limit(bindparam("batch"))
        .scalar_subquery()
    )
)


async def seen_keys(ex: Executor, keys: list[str]) -> set[str]:
    """The keys among `keys` that the ledger already holds."""
    if not keys:
        return set()
    if ex.postgres:
        found = await ex.fetchval(_SEEN_PG, {"keys": keys})
        return set(found or ())
    found = await ex.fetchval(_SEEN_SQLITE, {"keys": keys})
    return set(json.loads(found)) if found else set()


async def insert_ledger(ex: Executor, rows: list[dict[str, Any]]) -> None:
    if rows:
        await ex.execute(_INSERT_LEDGER, rows)


async def resolve_ledger(ex: Executor, key: str, outcome: str, result: dict[str, Any]) -> int:
    return await ex.execute(
        _LEDGER_RESOLVED, {"key": key, "new_outcome": outcome, "new_result": result}
    )


async def prune_ledger(ex: Executor, before: datetime, batch: int) -> int:
    return await ex.execute(_PRUNE_LEDGER, {"before": before, "batch": batch})


# -- dead letters --------------------------------------------------------------------------------

DEAD_LETTER_COLUMNS = (
    "topic",
    "payload",
    "error_code",
    "error",
    "rule_id",
    "dedup_key",
    "msg_id",
    "status",
    "received_at",
)
_INSERT_DEAD_LETTER = (
    insert(dead_letters)
    .values(_bound(dead_letters, DEAD_LETTER_COLUMNS))
    .returning(dead_letters.c.id)
)


async def insert_dead_letter(ex: Executor, row: dict[str, Any]) -> int:
    return int(await ex.fetchval(_INSERT_DEAD_LETTER, row))


# -- configuration the consumer caches -------------------------------------------------------------

_RULES_VERSION = select(Counter.value).where(Counter.name == TELEMETRY_RULES_COUNTER)
_BUMP_RULES = (
    update(Counter)
    .where(Counter.name == TELEMETRY_RULES_COUNTER)
    .values(value=Counter.value + 1)
    .returning(Counter.value)
)
_RULE_COLUMNS = (
    TelemetryMapping.id,
    TelemetryMapping.name,
    TelemetryMapping.topic_filter,
    TelemetryMapping.action,
    TelemetryMapping.workstation_id,
    TelemetryMapping.priority,
    TelemetryMapping.condition,
    TelemetryMapping.fields,
)
ENABLED_RULES = select(*_RULE_COLUMNS).where(TelemetryMapping.enabled.is_(True))
STATIONS = select(Workstation.id, Workstation.code, Workstation.line_id, Line.code).join(
    Line, Line.id == Workstation.line_id
)
# Changes when a workstation or line is created, renamed or deleted.
STATIONS_VERSION = select(
    select(func.count(Workstation.id)).scalar_subquery(),
    select(func.max(Workstation.updated_at)).scalar_subquery(),
    select(func.count(Line.id)).scalar_subquery(),
    select(func.max(Line.updated_at)).scalar_subquery(),
)


async def rules_version(ex: Executor) -> int:
    return int(await ex.fetchval(_RULES_VERSION) or 0)


async def bump_rules_version(ex: Executor) -> int:
    return int(await ex.fetchval(_BUMP_RULES) or 0)


# -- machine states ------------------------------------------------------------------------------

_LOCK_STATION_PG = (
    select(workstations.c.id)
    .where(workstations.c.id == bindparam("workstation_id"))
    .with_for_update(key_share=True)
)
_OPEN_STATE = select(states.c.id, states.c.state, states.c.reason, states.c.started_at).where(
    states.c.workstation_id == bindparam("workstation_id"), states.c.ended_at.is_(None)
)
_STATE_AT = (
    select(states.c.id, states.c.state, states.c.reason, states.c.started_at, states.c.ended_at)
    .where(
        states.c.workstation_id == bindparam("workstation_id"),
        states.c.started_at <= bindparam("at", type_=states.c.started_at.type),
    )
    .order_by(states.c.started_at.desc())
    .limit(1)
)
_FIRST_STATE = (
    select(states.c.id, states.c.state, states.c.reason, states.c.started_at)
    .where(states.c.workstation_id == bindparam("workstation_id"))
    .order_by(states.c.started_at)
    .limit(1)
)
_INSERT_STATE = insert(states).values(
    _bound(states, ("workstation_id", "state", "reason", "started_at", "ended_at", "actor"))
)
_END_STATE = (
    update(states)
    .where(states.c.id == bindparam("b_id"))
    .values(ended_at=bindparam("b_ended_at", type_=states.c.ended_at.type))
)
_RESTATE = (
    update(states)
    .where(states.c.id == bindparam("b_id"))
    .values(state=bindparam("b_state"), reason=bindparam("b_reason"), actor=bindparam("b_actor"))
)
_REOPEN_EARLIER = (
    update(states)
    .where(states.c.id == bindparam("b_id"))
    .values(started_at=bindparam("b_started_at", type_=states.c.started_at.type))
)
_INSERT_OUTBOX = insert(wip_events).values(_bound(wip_events, ("type", "line_id", "payload", "at")))


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


async def restate(ex: Executor, state_id: int, state: str, reason: str | None, actor: str) -> None:
    await ex.execute(
        _RESTATE, {"b_id": state_id, "b_state": state, "b_reason": reason, "b_actor": actor}
    )


async def start_earlier(ex: Executor, state_id: int, started_at: datetime) -> None:
    await ex.execute(_REOPEN_EARLIER, {"b_id": state_id, "b_started_at": started_at})


async def outbox(
    ex: Executor, type_: str, line_id: int | None, payload: dict[str, Any], at: datetime
) -> None:
    """A realtime bus event (numbered and delivered after commit, like WIP events)."""
    await ex.execute(
        _INSERT_OUTBOX, {"type": type_, "line_id": line_id, "payload": payload, "at": at}
    )


# -- counts ----------------------------------------------------------------------------------------

_LOCK_COUNTER = (
    select(counters.c.good, counters.c.reject, counters.c.at)
    .where(counters.c.workstation_id == bindparam("workstation_id"))
    .with_for_update()
)
_INSERT_COUNTER = insert(counters).values(
    _bound(counters, ("workstation_id", "good", "reject", "at"))
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
    _bound(
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
