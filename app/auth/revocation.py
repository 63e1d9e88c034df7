"""Telling every server process that users or API keys changed, so cached principals go.

The auth cache (`app.auth.principal.Authenticator`) keeps principals for a few seconds, in
each process. A command that changes a user or a key calls `changed(session)`: after commit
this process forgets its cache (an after-commit listener of `AUTH_TOPIC`) and, on
PostgreSQL, the same transaction queues `NOTIFY takt_auth`, which PostgreSQL delivers at
commit to every process's `AuthListener`. The server signals the listening backends before
COMMIT returns, so the other processes have their notification before the revoking request
has even answered.

Notifications can be lost only while a listener is disconnected: the cache is switched off
from the moment the connection is lost until it is back (and then cleared), so a revocation
is never missed — requests only cost a lookup more meanwhile. On SQLite there is one server
process (`takt serve` refuses several), and the after-commit listener is enough.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any

import asyncpg
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.db.dialect import is_postgres
from app.db.errors import DRIVER_ERRORS
from app.db.session import touch
from app.kit.tasks import BackgroundTask
from app.realtime.listener import connect_arguments

log = logging.getLogger("takt.auth")

AUTH_TOPIC = "auth"
AUTH_CHANNEL = "takt_auth"
APPLICATION_NAME = "takt-auth-listener"
HEALTH_SECONDS = 5.0
CHECK_TIMEOUT = 5.0
BACKOFF_START, BACKOFF_MAX = 0.1, 5.0


async def changed(session: AsyncSession) -> None:
    """This command changes who may do what (a user, a role, a password, a key): every
    process forgets its cached principals once it commits."""
    touch(session, AUTH_TOPIC)
    if is_postgres(session):
        await session.execute(select(func.pg_notify(AUTH_CHANNEL, "")))


class AuthListener:
    """LISTEN takt_auth on a dedicated connection, reconnecting; `on_state(True)` once
    listening (the cache may be trusted again), `on_state(False)` when the connection is
    lost, `on_change()` for every notification."""

    def __init__(
        self,
        database_url: str,
        on_change: Callable[[], None],
        on_state: Callable[[bool], None],
    ) -> None:
        self._arguments = connect_arguments(database_url)
        self._arguments["server_settings"] = {"application_name": APPLICATION_NAME}
        self._on_change = on_change
        self._on_state = on_state
        self._task = BackgroundTask(self._run, name="takt-auth-listener", log=log)
        self._lost = asyncio.Event()

    def start(self) -> None:
        self._task.start()

    async def stop(self) -> None:
        await self._task.stop()
        self._on_state(False)

    def _notified(self, conn: Any, pid: int, channel: str, payload: str) -> None:
        self._on_change()

    async def _run(self) -> None:
        backoff = BACKOFF_START
        while True:
            conn: asyncpg.Connection | None = None
            try:
                conn = await self._connect()
                self._lost = asyncio.Event()
                conn.add_termination_listener(lambda _: self._lost.set())
                await conn.add_listener(AUTH_CHANNEL, self._notified)
                backoff = BACKOFF_START
                self._on_state(True)
                await self._watch(conn)
            except asyncio.CancelledError:
                raise
            except DRIVER_ERRORS as exc:
                log.warning("auth listener failed (%s); retrying in %.1f s", exc, backoff)
            finally:
                self._on_state(False)
                if conn is not None:
                    conn.terminate()
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, BACKOFF_MAX)

    async def _connect(self) -> asyncpg.Connection:
        # Shielded: cancelled mid-handshake (a stop right after the start), asyncpg would
        # leave a future failing unobserved; the connection is finished, then closed.
        connecting = asyncio.ensure_future(
            asyncpg.connect(**self._arguments, timeout=CHECK_TIMEOUT)
        )
        try:
            return await asyncio.shield(connecting)
        except asyncio.CancelledError:
            connecting.add_done_callback(_discard)
            raise

    async def _watch(self, conn: asyncpg.Connection) -> None:
        """Return when the connection is gone (closed by the server, or not answering)."""
        while not self._lost.is_set() and not conn.is_closed():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._lost.wait(), HEALTH_SECONDS)
                break
            await conn.fetchval("SELECT 1", timeout=CHECK_TIMEOUT)
        log.warning("auth listener connection lost; the auth cache is off until it is back")


def _discard(connecting: asyncio.Future[asyncpg.Connection]) -> None:
    if not connecting.cancelled() and connecting.exception() is None:
        connecting.result().terminate()
