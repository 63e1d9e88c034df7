"""Numbers outbox events gap-free and in commit order, after their transactions commit.

Commands insert outbox rows (`outbox_events`) with `seq` NULL; numbering them inside the
command would need one hot counter row locked until every command commits (serializing all
commits). Instead a sequencer numbers whatever has committed, in batches:

* only one sequencer runs at a time (a PostgreSQL advisory lock; SQLite writers are serial),
* it reads the `outbox_seq` counter, gives the committed, unnumbered rows `counter + 1 …` in id
  order, and advances the counter — all in one transaction, so numbers never skip or repeat,
* a row that commits later than a higher-id row simply gets a later number: delivery order
  is commit order, and every number, once visible, is final,
* on PostgreSQL the same statement queues `NOTIFY takt_outbox, '<last seq>'`, delivered to
  every server process's outbox consumers when the numbering commits (`listener.py`).

A WIP snapshot is made consistent with this in `app/wip/service.py` (it subtracts events that
are committed but not yet numbered). Each process kicks its sequencer after its own
outbox commits and sweeps periodically, so no committed event waits long for its number.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from functools import cache
from typing import cast

from sqlalchemy import Table, Text, bindparam, case, func, select, text, update
from sqlalchemy import cast as sql_cast
from sqlalchemy.dialects.postgresql import aggregate_order_by

from app.db.executor import inline_sql
from app.db.session import Database
from app.kit.tasks import BackgroundTask, wait_set
from app.models import Counter, OutboxEvent
from app.outbox.events import OUTBOX_TOPIC, SEQ_COUNTER

log = logging.getLogger("takt.outbox")

OUTBOX_CHANNEL = "takt_outbox"  # PostgreSQL NOTIFY channel; the payload is the last numbered seq
SEQUENCER_LOCK_ID = 0x77697073  # any fixed number, shared by all processes
BATCH = 5000
SWEEP_SECONDS = 1.0
# After a run, wait at least this long before the next one: under load each run then numbers
# a batch instead of one event, at a latency cost far below the realtime budget.
MIN_INTERVAL_SECONDS = 0.008

# Number a batch of committed, unnumbered events after `base` and advance the counter, in one
# statement. Only ever run by one sequencer at a time (see `run_once`), so `base` is current
# and nobody else assigns numbers concurrently.
_counters = cast(Table, Counter.__table__)
# The ids to number, as one array: the rows are then found by primary key, one probe each.
# (Joined to a `LIMIT 5000` subquery instead, the planner expects 5,000 rows and may hash them
# and scan the whole outbox for every run, though a run numbers a handful; how often it does
# depends on statistics taken at any moment — e.g. while a burst was still unnumbered.)
_pending_ids = (
    select(OutboxEvent.id)
    .where(OutboxEvent.seq.is_(None))
    .order_by(OutboxEvent.id)
    .limit(BATCH)
    .subquery()
)
_batch = select(
    func.array_agg(aggregate_order_by(_pending_ids.c.id, _pending_ids.c.id))
).scalar_subquery()
_pending = func.unnest(_batch).table_valued("id", with_ordinality="rn").render_derived("pending")
_base = select(_counters.c.value).where(_counters.c.name == SEQ_COUNTER).scalar_subquery()
_numbered = (
    update(OutboxEvent)
    .where(OutboxEvent.id == _pending.c.id)
    .values(seq=_base + _pending.c.rn)
    .returning(OutboxEvent.seq)
    .cte("numbered")
)
_numbered_count = select(func.count()).select_from(_numbered).scalar_subquery()
_ASSIGN = (
    update(_counters)
    .where(_counters.c.name == SEQ_COUNTER)
    .values(
        value=select(func.coalesce(func.max(_numbered.c.seq), _counters.c.value)).scalar_subquery()
    )
    .returning(
        _counters.c.value,
        _numbered_count,
        # Tell every process (delivered on commit, only when something was numbered).
        case(
            (_numbered_count > 0, func.pg_notify(OUTBOX_CHANNEL, sql_cast(_counters.c.value, Text)))
        ),
    )
)


# `run_once` on PostgreSQL as one script (`Sequencer._run_blind`): each statement of a script
# takes its own snapshot, so the numbering still sees what committed before the lock was
# granted. The numbering is a prepared statement, planned once per connection.
_ASSIGN_NAME = "takt_outbox_assign"
_ASSIGN_SCRIPT = (
    f"BEGIN; SELECT pg_advisory_xact_lock({SEQUENCER_LOCK_ID}); EXECUTE {_ASSIGN_NAME}; COMMIT"
)


@cache
def _prepare_assign() -> str:
    return f"PREPARE {_ASSIGN_NAME} AS {inline_sql(_ASSIGN)}"


_READ_COUNTER = select(Counter.value).where(Counter.name == bindparam("name"))
# SQLite has no UPDATE … FROM a CTE with RETURNING in one go: two statements there.
_ASSIGN_SQLITE = text(
    """
    UPDATE outbox_events SET seq = :base + numbered.rn
    FROM (
        SELECT id, row_number() OVER (ORDER BY id) AS rn
        FROM outbox_events WHERE seq IS NULL ORDER BY id LIMIT :batch
    ) AS numbered
    WHERE outbox_events.id = numbered.id
    """
)
_SET_COUNTER = update(Counter).where(Counter.name == SEQ_COUNTER).values(value=bindparam("value"))


class Sequencer:
    def __init__(self, db: Database, on_sequenced: Callable[[int], None] | None = None) -> None:
        self._db = db
        self._on_sequenced = on_sequenced
        self._wake = asyncio.Event()
        self._task = BackgroundTask(self._run, name="takt-wip-sequencer", log=log)
        self.last_seq = 0

    def kick(self) -> None:
        """An outbox event committed: number it soon."""
        self._wake.set()

    def start(self) -> None:
        db = self._db
        db.on_commit(OUTBOX_TOPIC, self.kick)
        self._task.start()

    async def stop(self) -> None:
        await self._task.stop()

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        last_run = 0.0
        while True:
            kicked = await wait_set(self._wake, SWEEP_SECONDS)
            pause = last_run + MIN_INTERVAL_SECONDS - loop.time()
            if pause > 0:
                await asyncio.sleep(pause)
            self._wake.clear()
            last_run = loop.time()
            try:
                if kicked and not self._db.is_sqlite:
                    await self._run_blind()
                else:  # the sweep: until nothing is left (a backlog goes in batches)
                    while await self.run_once() == BATCH:
                        pass
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("outbox sequencer failed; retrying")
                await asyncio.sleep(0.5)

    async def _run_blind(self) -> None:
        """PostgreSQL, after a kick: `run_once` in one round trip instead of three (BEGIN and
        the lock, the numbering, COMMIT), without learning what it numbered — the NOTIFY it
        sends tells every process's consumers, this process's too. At most `BATCH` events: a
        bigger backlog is finished by the next kick or sweep."""
        async with self._db.command() as cmd:
            pg = cmd.postgres_executor()
            assert pg is not None, "a blind run is for PostgreSQL"
            await pg.run_script(_ASSIGN_SCRIPT, prepare=_prepare_assign())

    async def catch_up(self) -> int:
        """Number everything committed so far (before taking a snapshot that must include
        the caller's own writes); returns the last sequence number."""
        while await self.run_once() == BATCH:
            pass
        return self.last_seq

    async def run_once(self) -> int:
        """Number the committed, unnumbered events; returns how many were numbered."""
        async with self._db.command() as cmd:
            pg = cmd.postgres_executor()
            if pg is not None:
                await pg.begin_locked(SEQUENCER_LOCK_ID)
                # The lock is held, so the statement's snapshot sees the latest counter.
                row = await pg.fetchrow(_ASSIGN)
                assert row is not None, "counters row missing: run migrations"
                last, numbered = int(row[0]), int(row[1])
            else:
                ex = cmd.ex
                base = int(await ex.fetchval(_READ_COUNTER, {"name": SEQ_COUNTER}))
                numbered = await ex.execute(_ASSIGN_SQLITE, {"base": base, "batch": BATCH})
                last = base + numbered
                if numbered:
                    await ex.execute(_SET_COUNTER, {"value": last})
        self.last_seq = last
        if numbered and self._on_sequenced is not None:
            self._on_sequenced(last)
        return numbered
