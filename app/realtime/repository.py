"""SQL for WIP delivery: reading numbered events by `seq`, the counter, and retention.

Delivery only ever reads rows the sequencer has numbered (`seq` set), in `seq` order, from the
unique `ix_wip_events_seq` index. Numbers become visible a whole numbering run at a time and
runs commit in order, so the rows above any `seq` a reader has seen are contiguous — except
where retention has deleted a prefix, which readers detect (the first row is not `seq + 1`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any, cast

from sqlalchemy import BigInteger, Integer, Row, Table, bindparam, delete, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from app.db.executor import Executor
from app.db.session import Database
from app.models import Counter, WipEvent, Workstation
from app.realtime.sequencer import SEQ_COUNTER

wip_events = cast(Table, WipEvent.__table__)

EVENT_COLUMNS = (
    WipEvent.seq,
    WipEvent.type,
    WipEvent.serial,
    WipEvent.order_number,
    WipEvent.line_id,
    WipEvent.from_step,
    WipEvent.to_step,
    WipEvent.from_workstation_id,
    WipEvent.to_workstation_id,
    WipEvent.status,
    WipEvent.at,
    WipEvent.payload,
)

_EVENTS_AFTER = (
    select(*EVENT_COLUMNS)
    .where(WipEvent.seq > bindparam("after", type_=BigInteger))
    .order_by(WipEvent.seq)
    .limit(bindparam("limit", type_=Integer))
)
_LAST_SEQ = select(Counter.value).where(Counter.name == SEQ_COUNTER)
_STATION_LINES = select(Workstation.id, Workstation.line_id)

# Retention: the first event, from the oldest, that is still young. Walks the seq index from
# the bottom, so it reads only the events about to be pruned.
_FIRST_YOUNG = (
    select(WipEvent.seq)
    .where(
        WipEvent.seq <= bindparam("upto", type_=BigInteger),
        WipEvent.at >= bindparam("before", type_=WipEvent.at.type),
    )
    .order_by(WipEvent.seq)
    .limit(1)
)
_OLDEST_BATCH = (
    select(WipEvent.seq)
    .where(WipEvent.seq <= bindparam("upto", type_=BigInteger))
    .order_by(WipEvent.seq)
    .limit(bindparam("batch", type_=Integer))
    .scalar_subquery()
)
_PRUNE = delete(wip_events).where(wip_events.c.seq.in_(_OLDEST_BATCH))
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


async def station_lines(conn: AsyncConnection) -> dict[int, int]:
    """Every workstation's line (a workstation never changes line)."""
    return {int(r[0]): int(r[1]) for r in await conn.execute(_STATION_LINES)}


async def try_prune_lock(ex: Executor, lock_id: int) -> bool:
    """PostgreSQL: only one process prunes at a time (SQLite has one writer anyway)."""
    if not ex.postgres:
        return True
    return bool(await ex.fetchval(_PRUNE_LOCK, {"lock_id": lock_id}))


async def prune_cutoff(ex: Executor, keep_events: int, before: datetime) -> int:
    """The highest `seq` that may go: not among the newest `keep_events` and, like every event
    below it, older than `before`. 0 when nothing may go."""
    upto = int(await ex.fetchval(_LAST_SEQ) or 0) - keep_events
    if upto <= 0:
        return 0
    young = await ex.fetchval(_FIRST_YOUNG, {"upto": upto, "before": before})
    return upto if young is None else min(upto, int(young) - 1)


async def prune(ex: Executor, upto: int, batch: int) -> int:
    """Delete up to `batch` of the oldest events with `seq <= upto`; returns how many."""
    return await ex.execute(_PRUNE, {"upto": upto, "batch": batch})
