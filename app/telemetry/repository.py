"""SQL of the ingest hot path (Core statements, run through an `Executor`).

Per batch the ledger costs two statements: one look-up of every key the batch carries (array
on PostgreSQL, an IN list on SQLite) and one multi-row insert of the batch's ledger rows.
"""

from __future__ import annotations

import json
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

from app.db.binding import bound
from app.db.executor import Executor
from app.models import (
    Counter,
    DeadLetter,
    Line,
    TelemetryMapping,
    TelemetryMessage,
    Workstation,
)
from app.models.telemetry import TELEMETRY_RULES_COUNTER

ledger = cast(Table, TelemetryMessage.__table__)
dead_letters = cast(Table, DeadLetter.__table__)


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
_INSERT_LEDGER = insert(ledger).values(bound(ledger, LEDGER_COLUMNS))
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
    .values(bound(dead_letters, DEAD_LETTER_COLUMNS))
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
