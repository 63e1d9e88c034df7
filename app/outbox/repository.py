"""SQL of the outbox: appending events, reading numbered ones by `seq`, the counter,
durable consumers' positions, and retention.

Readers only ever read rows the sequencer has numbered (`seq` set), in `seq` order, from the
unique `ix_outbox_events_seq` index. Numbers become visible a whole numbering run at a time
and runs commit in order, so the rows above any `seq` a reader has seen are contiguous —
except where retention has deleted a prefix, which readers detect (the first row is not
`seq + 1`); retention never deletes above a durable consumer's position.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any, cast

from sqlalchemy import (
    BigInteger,
    Integer,
    Row,
    Table,
    bindparam,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncConnection

from app.db.executor import Executor
from app.db.session import Database
from app.kit.time import utcnow
from app.models import Counter, OutboxConsumer, OutboxEvent
from app.outbox.events import OUTBOX_TOPIC, SEQ_COUNTER

outbox_events = cast(Table, OutboxEvent.__table__)
consumers = cast(Table, OutboxConsumer.__table__)

EVENT_COLUMNS = (
    OutboxEvent.seq,
    OutboxEvent.type,
    OutboxEvent.serial,
    OutboxEvent.order_number,
    OutboxEvent.line_id,
    OutboxEvent.from_step,
    OutboxEvent.to_step,
    OutboxEvent.from_workstation_id,
    OutboxEvent.to_workstation_id,
    OutboxEvent.status,
    OutboxEvent.at,
    OutboxEvent.payload,
)

_EVENTS_AFTER = (
    select(*EVENT_COLUMNS)
    .where(OutboxEvent.seq > bindparam("after", type_=BigInteger))
    .order_by(OutboxEvent.seq)
    .limit(bindparam("limit", type_=Integer))
)
_LAST_SEQ = select(Counter.value).where(Counter.name == SEQ_COUNTER)
_APPEND = insert(outbox_events).values(
    type=bindparam("type", type_=outbox_events.c.type.type),
    line_id=bindparam("line_id", type_=outbox_events.c.line_id.type),
    payload=bindparam("payload", type_=outbox_events.c.payload.type),
    at=bindparam("at", type_=outbox_events.c.at.type),
)


@dataclass(frozen=True, slots=True)
class Event:
    """A numbered outbox event, as durable consumers receive it. Unit events (`EventType`)
    fill the unit columns; other events carry `payload`."""

    seq: int
    type: str
    at: datetime
    line_id: int | None
    payload: dict[str, Any] | None
    unit_id: int | None
    serial: str | None
    order_number: str | None
    from_step: int | None
    to_step: int | None
    from_workstation_id: int | None
    to_workstation_id: int | None
    status: str | None


_RECORDS_AFTER = (
    select(*(outbox_events.c[f.name] for f in fields(Event)))
    .where(OutboxEvent.seq > bindparam("after", type_=BigInteger))
    .order_by(OutboxEvent.seq)
    .limit(bindparam("limit", type_=Integer))
)

# Durable consumers. A new one starts after the last number given out: it is handed every
# event numbered after it registered (and none that retention may already have taken).
_REGISTER_FROM = select(
    bindparam("name", type_=consumers.c.name.type),
    Counter.value,
    bindparam("at", type_=consumers.c.updated_at.type),
).where(Counter.name == SEQ_COUNTER)
_REGISTER = {
    dialect: insert_(consumers)
    .from_select(["name", "position", "updated_at"], _REGISTER_FROM)
    .on_conflict_do_nothing(index_elements=["name"])
    for dialect, insert_ in (("postgresql", pg_insert), ("sqlite", sqlite_insert))
}
# Another process handling the same consumer holds the row: skip rather than wait for it
# (SQLite has one writer at a time and no FOR UPDATE).
_LOCK_POSITION = (
    select(OutboxConsumer.position)
    .where(OutboxConsumer.name == bindparam("name"))
    .with_for_update(skip_locked=True)
)
_POSITION = select(OutboxConsumer.position).where(OutboxConsumer.name == bindparam("name"))
_ADVANCE = (
    update(consumers)
    .where(consumers.c.name == bindparam("consumer"))
    .values(position=bindparam("position", type_=BigInteger), updated_at=bindparam("at"))
)
_DROP = delete(consumers).where(consumers.c.name == bindparam("consumer"))

# Retention: the first event, from the oldest, that is still young. Walks the seq index from
# the bottom, so it reads only the events about to be pruned.
_FIRST_YOUNG = (
    select(OutboxEvent.seq)
    .where(
        OutboxEvent.seq <= bindparam("upto", type_=BigInteger),
        OutboxEvent.at >= bindparam("before", type_=OutboxEvent.at.type),
    )
    .order_by(OutboxEvent.seq)
    .limit(1)
)
_OLDEST_BATCH = (
    select(OutboxEvent.seq)
    .where(OutboxEvent.seq <= bindparam("upto", type_=BigInteger))
    .order_by(OutboxEvent.seq)
    .limit(bindparam("batch", type_=Integer))
    .scalar_subquery()
)
_PRUNE = delete(outbox_events).where(outbox_events.c.seq.in_(_OLDEST_BATCH))
# The newest event that may go by count, and the lowest durable consumer's position.
_PRUNE_BOUNDS = select(
    _LAST_SEQ.scalar_subquery(), select(func.min(OutboxConsumer.position)).scalar_subquery()
)
_PRUNE_LOCK = select(func.pg_try_advisory_xact_lock(bindparam("lock_id", type_=BigInteger)))


@asynccontextmanager
async def reading(db: Database) -> AsyncIterator[AsyncConnection]:
    """A short read-only transaction (on SQLite a read snapshot that takes no write lock)."""
    async with db.transaction(write=False) as session:
        yield await session.connection()


async def last_seq(conn: AsyncConnection) -> int:
    """The last number the sequencer gave out (every event up to it is numbered)."""
    return int((await conn.execute(_LAST_SEQ)).scalar() or 0)


async def events_after(conn: AsyncConnection, after: int, limit: int) -> Sequence[Row[Any]]:
    """Up to `limit` numbered events with `seq > after`, in `seq` order (`EVENT_COLUMNS`)."""
    return (await conn.execute(_EVENTS_AFTER, {"after": after, "limit": limit})).all()


async def append(
    ex: Executor,
    type_: str,
    *,
    payload: dict[str, Any] | None,
    line_id: int | None,
    at: datetime,
) -> None:
    """Write an event without unit fields in the command's transaction; the sequencer is
    kicked when it commits."""
    await ex.execute(_APPEND, {"type": type_, "line_id": line_id, "payload": payload, "at": at})
    ex.topics.add(OUTBOX_TOPIC)


async def records_after(conn: AsyncConnection, after: int, limit: int) -> list[Event]:
    """Up to `limit` numbered events with `seq > after`, in `seq` order, every column."""
    rows = await conn.execute(_RECORDS_AFTER, {"after": after, "limit": limit})
    return [Event(*row) for row in rows]


async def register_consumer(conn: AsyncConnection, name: str) -> int:
    """Make sure the durable consumer `name` has a position (a new one: the last number given
    out); returns its position."""
    await conn.execute(_REGISTER[conn.dialect.name], {"name": name, "at": utcnow()})
    return int((await conn.execute(_POSITION, {"name": name})).scalar_one())


async def lock_position(conn: AsyncConnection, name: str) -> int | None:
    """The consumer's position, its row locked until the transaction ends; None when another
    process holds it (or the consumer was dropped)."""
    position = (await conn.execute(_LOCK_POSITION, {"name": name})).scalar()
    return None if position is None else int(position)


async def advance(conn: AsyncConnection, name: str, position: int) -> None:
    """Record that the consumer has handled every event up to `position`."""
    await conn.execute(_ADVANCE, {"consumer": name, "position": position, "at": utcnow()})


async def drop_consumer(conn: AsyncConnection, name: str) -> bool:
    """Forget a durable consumer (retention stops holding events for it)."""
    result = await conn.execute(_DROP, {"consumer": name})
    return bool(getattr(result, "rowcount", 0))


async def try_prune_lock(ex: Executor, lock_id: int) -> bool:
    """PostgreSQL: only one process prunes at a time (SQLite has one writer anyway)."""
    if not ex.postgres:
        return True
    return bool(await ex.fetchval(_PRUNE_LOCK, {"lock_id": lock_id}))


async def prune_cutoff(ex: Executor, keep_events: int, before: datetime) -> int:
    """The highest `seq` that may go: not among the newest `keep_events`, handled by every
    durable consumer and, like every event below it, older than `before`. 0 when nothing may
    go."""
    bounds = await ex.fetchrow(_PRUNE_BOUNDS)
    assert bounds is not None
    upto = int(bounds[0] or 0) - keep_events
    if bounds[1] is not None:
        upto = min(upto, int(bounds[1]))
    if upto <= 0:
        return 0
    young = await ex.fetchval(_FIRST_YOUNG, {"upto": upto, "before": before})
    return upto if young is None else min(upto, int(young) - 1)


async def prune(ex: Executor, upto: int, batch: int) -> int:
    """Delete up to `batch` of the oldest events with `seq <= upto`; returns how many."""
    return await ex.execute(_PRUNE, {"upto": upto, "batch": batch})
