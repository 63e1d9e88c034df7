"""PostgreSQL LISTEN: one dedicated asyncpg connection per channel, reconnecting.

The outbox's consumers listen on `takt_outbox`: notifications only say "events up to N are
numbered"; the events themselves are read from the table. So a dropped connection loses no
event: after every (re)connect the listener's owner is told to read the table
(`on_connect`), and until then its periodic sweeps keep delivering. The webhook senders
listen the same way on their own channel (app/webhooks/worker.py).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

import asyncpg

from app.db.dialect import connect_arguments
from app.db.errors import DRIVER_ERRORS
from app.kit.tasks import BackgroundTask, wait_set
from app.outbox.sequencer import OUTBOX_CHANNEL

log = logging.getLogger("takt.outbox")

APPLICATION_NAME = "takt-wip-listener"  # (a name operators and tests know)
HEALTH_SECONDS = 5.0  # how often an idle connection is checked (finds half-open connections)
CHECK_TIMEOUT = 5.0
BACKOFF_START, BACKOFF_MAX = 0.1, 5.0


class PgListener:
    def __init__(
        self,
        database_url: str,
        on_notify: Callable[[int], None],
        on_connect: Callable[[], None],
        *,
        channel: str = OUTBOX_CHANNEL,
        application_name: str = APPLICATION_NAME,
    ) -> None:
        self._arguments = connect_arguments(database_url, application_name)
        self._on_notify = on_notify
        self._on_connect = on_connect
        self._channel = channel
        self._task = BackgroundTask(self._run, name=application_name, log=log)
        self._lost = asyncio.Event()
        self.connected = False
        self.connects = 0  # how many times a connection was established

    def start(self) -> None:
        self._task.start()

    async def stop(self) -> None:
        await self._task.stop()

    def _notified(self, conn: Any, pid: int, channel: str, payload: str) -> None:
        try:
            seq = int(payload)
        except ValueError:
            log.warning("ignoring %s notification with payload %r", channel, payload[:100])
            return
        self._on_notify(seq)

    async def _run(self) -> None:
        backoff = BACKOFF_START
        while True:
            conn: asyncpg.Connection | None = None
            try:
                conn = await asyncpg.connect(**self._arguments, timeout=CHECK_TIMEOUT)
                self._lost = asyncio.Event()
                conn.add_termination_listener(self._connection_lost)
                await conn.add_listener(self._channel, self._notified)
                self.connected = True
                self.connects += 1
                backoff = BACKOFF_START
                if self.connects > 1:
                    log.info("%s listener reconnected", self._channel)
                self._on_connect()
                await self._watch(conn)
            except asyncio.CancelledError:
                raise
            except DRIVER_ERRORS as exc:
                log.warning(
                    "%s listener connection failed (%s); retrying in %.1f s",
                    self._channel,
                    exc,
                    backoff,
                )
            finally:
                self.connected = False
                if conn is not None:
                    conn.terminate()
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, BACKOFF_MAX)

    def _connection_lost(self, conn: Any) -> None:
        self._lost.set()

    async def _watch(self, conn: asyncpg.Connection) -> None:
        """Return when the connection is gone (closed by the server, or not answering)."""
        while not self._lost.is_set() and not conn.is_closed():
            if await wait_set(self._lost, HEALTH_SECONDS):
                break
            await conn.fetchval("SELECT 1", timeout=CHECK_TIMEOUT)
        log.warning("%s listener connection lost; reconnecting", self._channel)
