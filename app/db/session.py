"""Transactions: one per command, committed before the response, side effects after commit."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from app.config import Settings
from app.db.engine import WRITE_OPTION, create_engine, create_sqlite_command_engine
from app.db.executor import (
    AsyncpgExecutor,
    CommandExecutor,
    ConnectionLeases,
    Executor,
    SqliteExecutor,
)

log = logging.getLogger("takt.db")

AFTER_COMMIT_KEY = "takt_after_commit"
TOPICS_KEY = "takt_topics"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class Database:
    """The engine plus the transaction discipline every way into Takt uses."""

    def __init__(self, settings: Settings) -> None:
        self.engine: AsyncEngine = create_engine(settings)
        self.dialect = self.engine.dialect.name
        self.is_sqlite = self.dialect == "sqlite"
        write_engine = self.engine.execution_options(**{WRITE_OPTION: True})
        self._read = async_sessionmaker(self.engine, expire_on_commit=False)
        self._write = async_sessionmaker(write_engine, expire_on_commit=False)
        # SQLite has one writer at a time; queueing writers here, in the event loop, is far
        # cheaper than letting connections spin in SQLite's busy handler.
        self._write_lock = asyncio.Lock() if self.is_sqlite else None
        self._listeners: dict[str, list[Callable[[], None]]] = {}
        self._leases = ConnectionLeases(self.engine, keep=min(16, settings.db_pool_size))
        self._settings = settings
        self._sqlite_commands: Connection | None = None

    def on_commit(self, topic: str, listener: Callable[[], None]) -> None:
        """Call `listener` after any transaction that `touch`ed `topic` commits."""
        self._listeners.setdefault(topic, []).append(listener)

    @asynccontextmanager
    async def transaction(self, *, write: bool = True) -> AsyncIterator[AsyncSession]:
        """Run one unit of work: commit on success (write), roll back on any error.

        Callbacks registered with `after_commit` run once the commit has succeeded.
        """
        lock = self._write_lock if write else None
        if lock is not None:
            await lock.acquire()
        callbacks: list[Callable[[], None]] = []
        topics: set[str] = set()
        try:
            factory = self._write if write else self._read
            async with factory() as session:
                session.info[AFTER_COMMIT_KEY] = callbacks
                session.info[TOPICS_KEY] = topics
                try:
                    yield session
                    if write:
                        await session.commit()
                except BaseException:
                    await session.rollback()
                    raise
        finally:
            if lock is not None:
                lock.release()
        for topic in topics:
            callbacks.extend(self._listeners.get(topic, ()))
        for callback in callbacks:
            try:
                callback()
            except Exception:  # a failed notification must not fail a committed command
                log.exception("after-commit callback failed")

    def executor(self) -> CommandExecutor:
        """A hot-path executor whose transaction starts with its first statement; the caller
        must `finish` it, then `notify` its topics (see `command` and `CommandRoute`)."""
        if self.is_sqlite:
            assert self._write_lock is not None
            return SqliteExecutor(self._command_connection, self._write_lock)
        return AsyncpgExecutor(self._leases)

    def _command_connection(self) -> Connection:
        if self._sqlite_commands is None:
            engine = create_sqlite_command_engine(self._settings)
            self._sqlite_commands = engine.connect().execution_options(**{WRITE_OPTION: True})
        return self._sqlite_commands

    @asynccontextmanager
    async def command(self) -> AsyncIterator[Executor]:
        """One hot-path command transaction (see `app.db.executor`); commits on success and
        then runs the listeners of the topics the command touched."""
        executor = self.executor()
        try:
            yield executor
        except BaseException:
            await executor.finish(commit=False)
            raise
        await executor.finish(commit=True)
        self.notify(executor.topics)

    def notify(self, topics: set[str]) -> None:
        """Run the listeners of `topics` (after a commit)."""
        for topic in topics:
            for listener in self._listeners.get(topic, ()):
                try:
                    listener()
                except Exception:  # a failed notification must not fail a committed command
                    log.exception("after-commit listener failed")

    async def dispose(self) -> None:
        if self._sqlite_commands is not None:
            self._sqlite_commands.close()
            self._sqlite_commands.engine.dispose()
        await self._leases.close()
        await self.engine.dispose()


def after_commit(session: AsyncSession, callback: Callable[[], None]) -> None:
    """Run `callback` after this session's transaction commits (never if it rolls back)."""
    session.info.setdefault(AFTER_COMMIT_KEY, []).append(callback)


def touch(session: AsyncSession, topic: str) -> None:
    """Record that this transaction changed `topic`; its listeners run after commit."""
    session.info.setdefault(TOPICS_KEY, set()).add(topic)


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    db: Database = request.app.state.db
    async with db.transaction(write=request.method not in SAFE_METHODS) as session:
        yield session


async def get_command(request: Request) -> Executor:
    """The request's command executor; `app.kit.routing.CommandRoute` commits it."""
    executor = request.app.state.db.executor()
    request.state.command = executor
    return executor  # type: ignore[no-any-return]


# scope="function": the transaction ends (commit) when the endpoint returns, before the
# response is sent, so a client never sees a response for an uncommitted change.
DbSession = Annotated[AsyncSession, Depends(get_session, scope="function")]
# For endpoints on a `CommandRoute` router: one hot-path transaction per request.
DbCommand = Annotated[Executor, Depends(get_command)]
