"""Retention of the outbox: old events are pruned, oldest first, a batch at a time.

An event goes only when it is older than `wip_retention_hours` AND not among the newest
`wip_retention_events` AND every durable consumer has handled it (so all guarantees hold),
and so does every event below it: what is kept is always a contiguous `seq` range, and a WIP
client resuming with a `since` below it gets a snapshot. One process prunes at a time (a
PostgreSQL advisory lock per batch transaction).
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from app.config import Settings
from app.db.session import Database
from app.kit.tasks import BackgroundTask
from app.kit.time import utcnow
from app.outbox import repository as repo

log = logging.getLogger("takt.outbox")

PRUNE_LOCK_ID = 0x77697072  # any fixed number, shared by all processes
PRUNE_BATCH = 10_000


class Pruner:
    def __init__(self, db: Database, settings: Settings) -> None:
        self._db = db
        self._keep_events = settings.wip_retention_events
        self._keep_for = timedelta(hours=settings.wip_retention_hours)
        self._interval = settings.wip_prune_seconds
        self._task = BackgroundTask(self._run, name="takt-wip-pruner", log=log)

    def start(self) -> None:
        self._task.start()

    async def stop(self) -> None:
        await self._task.stop()

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self._interval)
            try:
                await self.prune()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("pruning outbox events failed; trying again later")

    async def prune(self) -> int:
        """Delete what retention allows, in batches (short transactions); returns how many."""
        total = 0
        while True:
            async with self._db.command() as cmd:
                ex = cmd.ex
                if not await repo.try_prune_lock(ex, PRUNE_LOCK_ID):
                    return total  # another process is pruning
                upto = await repo.prune_cutoff(ex, self._keep_events, utcnow() - self._keep_for)
                deleted = await repo.prune(ex, upto, PRUNE_BATCH) if upto > 0 else 0
            total += deleted
            if deleted < PRUNE_BATCH:
                if total:
                    log.info("pruned %d outbox events up to seq %d", total, upto)
                return total
