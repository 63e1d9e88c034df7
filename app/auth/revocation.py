"""Telling every server process that users or API keys changed, so cached principals go.

The auth cache (`app.auth.principal.Authenticator`) keeps principals for a few seconds, in
each process. A command that changes a user or a key calls `changed(session)`: after commit
this process forgets its cache (an after-commit listener of `AUTH_TOPIC`), and on
PostgreSQL the same transaction queues `NOTIFY takt_auth, '<change id>'`, delivered at
commit to every process's `AuthListener`, which forgets its cache and answers
`NOTIFY takt_auth_ack, '<change id>'`. The transaction also notes which listeners exist
(`pg_stat_activity`); the request that made the change holds its response until all of them
have acknowledged (`AuthListener.settled`, called by `app.auth.headers` before the response
starts; at most `ACK_TIMEOUT`). So once the client has its answer, no process serves the
old principal any more: a notification alone could still be on its way to a busy process.

Notifications can be lost only while a listener is disconnected: the cache is switched off
from the moment the connection is lost until it is back (and then cleared), so a revocation
is never missed — requests only cost a lookup more meanwhile. On SQLite there is one server
process (`takt serve` refuses several), and the after-commit listener is enough.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import asyncpg
from fastapi import Request
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from app.db.dialect import connect_arguments, is_postgres
from app.db.errors import DRIVER_ERRORS
from app.db.session import after_commit, touch
from app.kit.tasks import BackgroundTask

log = logging.getLogger("takt.auth")

AUTH_TOPIC = "auth"
AUTH_CHANNEL = "takt_auth"
ACK_CHANNEL = "takt_auth_ack"
ACK_TIMEOUT = 2.0  # a listener that died unnoticed must not hold responses longer
CHANGE_KEY = "takt_auth_change"  # session.info: this command's (change id, listener pids)
_ORIGIN = uuid.uuid4().hex[:16]  # change ids of this process start with it
_changes = itertools.count(1)
_LISTENERS = text(
    "SELECT pid FROM pg_stat_activity"
    " WHERE datname = current_database() AND application_name = :name"
)
APPLICATION_NAME = "takt-auth-listener"
HEALTH_SECONDS = 5.0
CHECK_TIMEOUT = 5.0
BACKOFF_START, BACKOFF_MAX = 0.1, 5.0


@dataclass(frozen=True)
class Change:
    id: str
    listeners: frozenset[int]  # backend pids of the listeners that must acknowledge it


async def changed(session: AsyncSession) -> None:
    """This command changes who may do what (a user, a role, a password, a key): every
    process forgets its cached principals once it commits."""
    touch(session, AUTH_TOPIC)
    if is_postgres(session) and CHANGE_KEY not in session.info:
        change_id = f"{_ORIGIN}:{next(_changes)}"
        await session.execute(select(func.pg_notify(AUTH_CHANNEL, change_id)))
        pids = await session.scalars(_LISTENERS, {"name": APPLICATION_NAME})
        session.info[CHANGE_KEY] = Change(change_id, frozenset(pids))


def hold_response(request: Request, session: AsyncSession) -> None:
    """Have this request's response wait, once its command committed, until every process
    has forgotten the principals it changed (see the module docstring)."""

    def committed() -> None:
        change = session.info.get(CHANGE_KEY)
        if change is not None:
            request.state.auth_change = change

    after_commit(session, committed)


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
        self._arguments = connect_arguments(database_url, APPLICATION_NAME)
        self._on_change = on_change
        self._on_state = on_state
        self._task = BackgroundTask(self._run, name="takt-auth-listener", log=log)
        self._lost = asyncio.Event()
        self._conn: asyncpg.Connection | None = None
        self._using = asyncio.Lock()  # one operation at a time on the connection
        self._acks: dict[str, set[int]] = {}  # this process's changes: who acknowledged
        self._acked = asyncio.Event()
        self._pending: set[asyncio.Future[None]] = set()

    def start(self) -> None:
        self._task.start()

    async def stop(self) -> None:
        await self._task.stop()
        self._on_state(False)

    @property
    def connected(self) -> bool:
        return self._conn is not None and not self._lost.is_set()

    def _notified(self, conn: Any, pid: int, channel: str, payload: str) -> None:
        self._on_change()  # first forget, then say so
        if payload:
            ack = asyncio.ensure_future(self._acknowledge(payload))
            self._pending.add(ack)
            ack.add_done_callback(self._pending.discard)

    async def _acknowledge(self, change_id: str) -> None:
        conn = self._conn
        if conn is None:
            return
        with contextlib.suppress(*DRIVER_ERRORS):
            async with self._using:
                await conn.execute("SELECT pg_notify($1, $2)", ACK_CHANNEL, change_id)

    def _acknowledged(self, conn: Any, pid: int, channel: str, payload: str) -> None:
        if payload.startswith(_ORIGIN):
            self._acks.setdefault(payload, set()).add(pid)
            self._acked.set()

    async def settled(self, change: Change) -> None:
        """Return once every listener that existed at `change` acknowledged it (or after
        `ACK_TIMEOUT`: a process whose listener died unnoticed turns its cache off)."""
        try:
            async with asyncio.timeout(ACK_TIMEOUT):
                while self.connected and not change.listeners <= self._acks.get(change.id, set()):
                    self._acked.clear()
                    await self._acked.wait()
        except TimeoutError:
            log.warning("auth change %s not acknowledged by every process in time", change.id)
        finally:
            self._acks.pop(change.id, None)

    async def _run(self) -> None:
        backoff = BACKOFF_START
        while True:
            conn: asyncpg.Connection | None = None
            try:
                conn = await self._connect()
                self._lost = asyncio.Event()
                conn.add_termination_listener(lambda _: self._lost.set())
                await conn.add_listener(ACK_CHANNEL, self._acknowledged)
                await conn.add_listener(AUTH_CHANNEL, self._notified)
                backoff = BACKOFF_START
                self._conn = conn
                self._on_state(True)
                await self._watch(conn)
            except asyncio.CancelledError:
                raise
            except DRIVER_ERRORS as exc:
                log.warning("auth listener failed (%s); retrying in %.1f s", exc, backoff)
            finally:
                self._conn = None
                self._acked.set()  # waiters stop waiting for a listener that is gone
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
            async with self._using:
                await conn.fetchval("SELECT 1", timeout=CHECK_TIMEOUT)
        log.warning("auth listener connection lost; the auth cache is off until it is back")


def _discard(connecting: asyncio.Future[asyncpg.Connection]) -> None:
    if not connecting.cancelled() and connecting.exception() is None:
        connecting.result().terminate()
