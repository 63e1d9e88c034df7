"""Named consumers of the outbox.

* **In-process** (`LocalConsumer`; the WIP hub, "wip"): told whenever events are numbered (by
  this process's sequencer, or any process's via NOTIFY) and told to `recheck` when
  notifications may have been missed; they read `seq > last` themselves and keep no
  position anywhere but memory (a WIP client resumes with its own `since`).
* **Durable** (`DurableConsumer`; webhook delivery): a position persisted in
  `outbox_consumers`. Each batch — the events after the position, in `seq` order — is handed
  to the handler in one transaction that also advances the position, so the handler's
  effects written in that transaction happen exactly once per event; the handler itself may
  see a batch again if the transaction fails or the process stops mid-batch (at-least-once).
  Handlers should do database work only: anything slow inside the transaction holds the
  consumer's row lock (and, on SQLite, the write lock). Retention keeps every event above the
  lowest position, so a lagging consumer never misses one; a consumer that is retired for
  good must be dropped (`Outbox.drop_consumer`) or retention holds events for it forever.

With several server processes every process runs every durable consumer; the position row is
locked `FOR UPDATE SKIP LOCKED` for each batch, so one process handles a batch and the others
skip it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Protocol

from app.db.command import Command
from app.db.session import Database
from app.kit.tasks import BackgroundTask, wait_set
from app.outbox import repository as repo
from app.outbox.repository import Event

log = logging.getLogger("takt.outbox")

BATCH = 500
SWEEP_SECONDS = 1.0  # a lost notification costs at most this much latency
STOP_GRACE_SECONDS = 5.0  # a batch in hand finishes within it
RETRY_SECONDS, RETRY_MAX_SECONDS = 0.5, 30.0

# `handler(cmd, events)`: the events, in the command that advances the consumer's position.
Handler = Callable[[Command, Sequence[Event]], Awaitable[None]]


class LocalConsumer(Protocol):
    """An in-process consumer (see the module docstring)."""

    def announce(self, seq: int) -> None:
        """Events up to `seq` are numbered."""

    def recheck(self) -> None:
        """Announcements may have been missed: read the table."""


class DurableConsumer:
    """One durable consumer's delivery loop in this process (see the module docstring)."""

    def __init__(
        self,
        db: Database,
        name: str,
        handler: Handler,
        *,
        batch: int = BATCH,
        sweep_seconds: float = SWEEP_SECONDS,
    ) -> None:
        self.name = name
        self._db = db
        self._handler = handler
        self._batch = batch
        self._sweep_seconds = sweep_seconds
        self._wake = asyncio.Event()
        self._task = BackgroundTask(self._run, name=f"takt-outbox-{name}", log=log)
        self.position = 0  # as last seen here: every event up to it is handled
        self._stopping = False

    def announce(self, seq: int) -> None:
        if seq > self.position:
            self._wake.set()

    def recheck(self) -> None:
        self._wake.set()

    async def start(self) -> None:
        """Create the position if the consumer is new (after the last numbered event), then
        deliver in the background."""
        async with self._db.command() as cmd:
            session = await cmd.session()
            self.position = await repo.register_consumer(await session.connection(), self.name)
        self._stopping = False
        self._wake.set()  # deliver whatever is there already
        self._task.start()

    async def stop(self) -> None:
        """Stop delivering: the loop is told to end and given `STOP_GRACE_SECONDS` to finish
        the batch in hand, rather than cancelled inside a database call (on SQLite a
        cancelled `BEGIN IMMEDIATE` still completes in the driver's thread and keeps the
        write lock on a connection nobody closes). A batch cut short by the cancellation
        after the grace is rolled back and handed again on the next start."""
        self._stopping = True
        self._wake.set()
        await self._task.stop(grace=STOP_GRACE_SECONDS)

    async def _run(self) -> None:
        retry = RETRY_SECONDS
        while not self._stopping:
            await wait_set(self._wake, self._sweep_seconds)
            self._wake.clear()
            if self._stopping:
                return
            try:
                while await self.deliver_once() == self._batch and not self._stopping:
                    pass
                retry = RETRY_SECONDS
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("outbox consumer %r failed; retrying in %.1f s", self.name, retry)
                await asyncio.sleep(retry)
                retry = min(retry * 2, RETRY_MAX_SECONDS)
                self._wake.set()

    async def deliver_once(self) -> int:
        """Hand the next batch to the handler and advance the position, in one transaction;
        returns how many events it held (0: nothing new, or another process has the batch)."""
        async with self._db.command() as cmd:
            conn = await (await cmd.session()).connection()
            position = await repo.lock_position(conn, self.name)
            if position is None:
                return 0  # another process is handling this consumer (or it was dropped)
            events = await repo.records_after(conn, position, self._batch)
            if events:
                if events[0].seq != position + 1:  # retention holds them back: never expected
                    log.error(
                        "outbox consumer %r: events %d-%d are gone",
                        self.name,
                        position + 1,
                        events[0].seq - 1,
                    )
                await self._handler(cmd, events)
                await repo.advance(conn, self.name, events[-1].seq)
        self.position = events[-1].seq if events else position
        return len(events)
