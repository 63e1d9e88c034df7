"""The WIP hub of one server process: reads numbered events once, fans them out to sockets.

The database is the bus. Events are numbered gap-free in commit order by the outbox's
sequencer (`app/outbox/`); the hub, the outbox's in-process consumer "wip", keeps
`last_seq`, the highest number it has fanned out, and reads `seq > last_seq` in `seq` order
whenever the outbox tells it of new numbers:

* from its own process's sequencer,
* on PostgreSQL, from any process's sequencer via `NOTIFY takt_outbox` (`outbox/listener.py`),
* and by itself every `SWEEP_SECONDS`, and at once after the listener (re)connects, so a
  lost notification costs latency, never an event.

Each socket has a `Subscriber`: a bounded queue of the batches it has not sent yet. Fan-out
never waits for a socket; one that falls `limit` events behind is marked overflowed (its
stream then closes it with 1013) so a slow client never holds up the others.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Callable, Sequence
from typing import Any

from app.db.session import Database
from app.kit.tasks import BackgroundTask, wait_set
from app.outbox import repository as repo
from app.realtime.messages import Outgoing, encode_row
from app.realtime.repository import station_lines

log = logging.getLogger("takt.realtime")

FETCH_LIMIT = 2000
SWEEP_SECONDS = 1.0
RETRY_SECONDS = 0.5

Batch = list[Outgoing]


class Subscriber:
    """One socket's queue: contiguous batches in `seq` order. A batch arriving while `limit`
    events are still waiting overflows it (so it holds at most `limit` + one batch)."""

    __slots__ = ("_on_overflow", "batches", "limit", "overflowed", "queued", "wake")

    def __init__(self, limit: int, on_overflow: Callable[[], None]) -> None:
        self.batches: deque[Batch] = deque()
        self.queued = 0
        self.limit = limit
        self.overflowed = False
        self.wake = asyncio.Event()
        self._on_overflow = on_overflow

    def push(self, batch: Batch) -> None:
        if self.overflowed:
            return
        if self.queued >= self.limit:
            self.overflowed = True
            self.batches.clear()
            self.queued = 0
            self._on_overflow()
            return
        self.batches.append(batch)
        self.queued += len(batch)
        self.wake.set()

    def pop(self) -> Batch | None:
        if not self.batches:
            return None
        batch = self.batches.popleft()
        self.queued -= len(batch)
        return batch


class WipHub:
    def __init__(
        self,
        db: Database,
        *,
        fetch_limit: int = FETCH_LIMIT,
        sweep_seconds: float = SWEEP_SECONDS,
    ) -> None:
        self._db = db
        self._fetch_limit = fetch_limit
        self._sweep_seconds = sweep_seconds
        self._subscribers: set[Subscriber] = set()
        self._station_lines: dict[int, int] = {}
        self._wake = asyncio.Event()
        self._heard = 0  # the highest seq announced so far
        self._recheck = False
        self._task = BackgroundTask(self._run, name="takt-wip-hub", log=log)
        self.last_seq = 0  # every event up to here has been handed to the subscribers

    # -- lifecycle ------------------------------------------------------------------------------

    async def start(self) -> None:
        self.last_seq = self._heard = await self.current_seq()
        self._task.start()

    async def stop(self) -> None:
        await self._task.stop()

    # -- inputs ---------------------------------------------------------------------------------

    def announce(self, seq: int) -> None:
        """Events up to `seq` are numbered (by this process's sequencer, or any, via NOTIFY)."""
        if seq > self._heard:
            self._heard = seq
            self._wake.set()

    def recheck(self) -> None:
        """Announcements may have been missed (the listener reconnected): read the table."""
        self._recheck = True
        self._wake.set()

    # -- subscribers ----------------------------------------------------------------------------

    def subscribe(self, limit: int, on_overflow: Callable[[], None]) -> Subscriber:
        """A queue that receives every batch fanned out from now on (`seq > last_seq`)."""
        subscriber = Subscriber(limit, on_overflow)
        self._subscribers.add(subscriber)
        return subscriber

    def unsubscribe(self, subscriber: Subscriber) -> None:
        self._subscribers.discard(subscriber)

    @property
    def subscribers(self) -> int:
        return len(self._subscribers)

    # -- reading --------------------------------------------------------------------------------

    async def current_seq(self) -> int:
        async with repo.reading(self._db) as conn:
            return await repo.last_seq(conn)

    async def load(self, after: int, limit: int) -> Batch:
        """Up to `limit` numbered events after `after`, encoded, in `seq` order."""
        async with repo.reading(self._db) as conn:
            rows = await repo.events_after(conn, after, limit)
            if self._unknown_stations(rows):
                self._station_lines = await station_lines(conn)
        lines = self._station_lines
        return [encode_row(row, lines) for row in rows]

    def station_line(self, workstation_id: int) -> int | None:
        return self._station_lines.get(workstation_id)

    def _unknown_stations(self, rows: Sequence[Sequence[Any]]) -> bool:
        known = self._station_lines
        return any(
            (row[7] is not None and row[7] not in known)
            or (row[8] is not None and row[8] not in known)
            for row in rows
        )

    # -- the fan-out loop -----------------------------------------------------------------------

    async def _run(self) -> None:
        while True:
            swept = not await wait_set(self._wake, self._sweep_seconds)
            self._wake.clear()
            recheck, self._recheck = self._recheck, False
            try:
                await self._pump(read_table=swept or recheck)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("WIP hub could not read events; retrying")
                self._recheck = True
                await asyncio.sleep(RETRY_SECONDS)
                self._wake.set()

    async def _pump(self, *, read_table: bool) -> None:
        if not self._subscribers:
            # Nobody to send to: only keep `last_seq` current, so a first subscriber does not
            # make the hub read a backlog nobody needs (subscribers catch up from the table).
            if read_table:
                self._heard = max(self._heard, await self.current_seq())
            if not self._subscribers:  # (still: one may have come while we read)
                self.last_seq = max(self.last_seq, self._heard)
                return
        if not read_table and self._heard <= self.last_seq:
            return
        while True:
            batch = await self.load(self.last_seq, self._fetch_limit)
            if not batch:
                return
            self.last_seq = batch[-1].seq
            self._heard = max(self._heard, self.last_seq)
            for subscriber in tuple(self._subscribers):
                subscriber.push(batch)
            if len(batch) < self._fetch_limit:
                return
