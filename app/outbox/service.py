"""The outbox of one server process, started and stopped by the app lifespan.

    commands ─commit─▶ outbox_events (seq NULL)          (+ OUTBOX_TOPIC: kick the sequencer)
    Sequencer ─numbers them in commit order─▶ seq 1, 2, 3, …  (+ NOTIFY takt_outbox on PostgreSQL)
    Outbox.announce ─▶ in-process consumers (the WIP hub reads seq > last itself)
                    ─▶ durable consumers (a batch after the persisted position, per transaction)
    Pruner ─deletes the oldest events retention allows (never above a durable position)

On SQLite the sequencer announces directly (everything is in this process); on PostgreSQL
every process LISTENs, so consumers on every process hear of every process's numbering.
"""

from __future__ import annotations

import logging

from app.config import Settings
from app.db.session import Database
from app.outbox import repository as repo
from app.outbox.consumers import BATCH, DurableConsumer, Handler, LocalConsumer
from app.outbox.listener import PgListener
from app.outbox.retention import Pruner
from app.outbox.sequencer import Sequencer

log = logging.getLogger("takt.outbox")


class Outbox:
    """Numbering, notification, retention and the named consumers of this process."""

    def __init__(self, db: Database, settings: Settings) -> None:
        self.db = db
        self.sequencer = Sequencer(db, on_sequenced=self.announce)
        self.listener = (
            None if db.is_sqlite else PgListener(settings.database_url, self.announce, self.recheck)
        )
        self.pruner = Pruner(db, settings)
        self._local: dict[str, LocalConsumer] = {}
        self._durable: dict[str, DurableConsumer] = {}
        self._told: tuple[LocalConsumer | DurableConsumer, ...] = ()
        self._running = False

    # -- consumers ------------------------------------------------------------------------------

    def register_local(self, name: str, consumer: LocalConsumer) -> None:
        """An in-process consumer, told of every numbering from now on (before `start`)."""
        self._check_free(name)
        self._local[name] = consumer
        self._told = (*self._local.values(), *self._durable.values())

    async def register_consumer(
        self, name: str, handler: Handler, *, batch: int = BATCH
    ) -> DurableConsumer:
        """A durable consumer: `handler(cmd, events)` gets every event numbered after the
        consumer first registered (in any process, any earlier run), in `seq` order, in
        batches of at most `batch`; its position advances in the handler's transaction.
        Registered before `start`, it starts with the outbox; after, at once."""
        self._check_free(name)
        consumer = DurableConsumer(self.db, name, handler, batch=batch)
        self._durable[name] = consumer
        self._told = (*self._local.values(), *self._durable.values())
        if self._running:
            await consumer.start()
        return consumer

    async def drop_consumer(self, name: str) -> bool:
        """Retire a durable consumer for good: stop it here and delete its position, so
        retention no longer holds events for it. Returns whether a position existed."""
        consumer = self._durable.pop(name, None)
        self._told = (*self._local.values(), *self._durable.values())
        if consumer is not None:
            await consumer.stop()
        async with self.db.command() as cmd:
            conn = await (await cmd.session()).connection()
            return await repo.drop_consumer(conn, name)

    @property
    def durable(self) -> dict[str, DurableConsumer]:
        """The durable consumers running in this process, by name (read only)."""
        return dict(self._durable)

    def _check_free(self, name: str) -> None:
        if name in self._local or name in self._durable:
            raise ValueError(f"an outbox consumer named {name!r} is registered already")

    # -- notifications --------------------------------------------------------------------------

    def announce(self, seq: int) -> None:
        """Events up to `seq` are numbered (this process's sequencer, or any, via NOTIFY)."""
        for consumer in self._told:
            consumer.announce(seq)

    def recheck(self) -> None:
        """Announcements may have been missed (the listener reconnected)."""
        for consumer in self._told:
            consumer.recheck()

    # -- lifecycle ------------------------------------------------------------------------------

    async def start(self) -> None:
        for consumer in self._durable.values():
            await consumer.start()
        self.sequencer.start()
        if self.listener is not None:
            self.listener.start()
        self.pruner.start()
        self._running = True

    async def stop(self) -> None:
        self._running = False
        await self.pruner.stop()
        if self.listener is not None:
            await self.listener.stop()
        await self.sequencer.stop()
        for consumer in self._durable.values():
            await consumer.stop()
