"""The database: engine, sessions, and `command()`, the unit of work every write runs in."""

from __future__ import annotations

import asyncio
import itertools
import logging
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from contextvars import Token
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from app.config import Settings
from app.db.command import AFTER_COMMIT_KEY, TOPICS_KEY, Command
from app.db.engine import WRITE_OPTION, create_engine, create_sqlite_command_engine
from app.db.executor import AsyncpgExecutor, CommandExecutor, ConnectionLeases, SqliteExecutor
from app.kit.time import reset_command_time, set_command_time

log = logging.getLogger("takt.db")

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class Database:
    """The engine plus the transaction discipline every way into Takt uses."""

    def __init__(self, settings: Settings, *, relaxed_commits: bool = False) -> None:
        self.engine: AsyncEngine = create_engine(settings, relaxed_commits=relaxed_commits)
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
        """Call `listener` after any command that `touch`ed `topic` commits."""
        self._listeners.setdefault(topic, []).append(listener)

    def command(self, *, whole: bool = False, at: datetime | None = None) -> _CommandScope:
        """One command's unit of work (`async with db.command() as cmd:`): commits when the
        block ends, rolls back when it raises; see `app.db.command`. `whole`: the block is
        all the caller will write (a request), so a hot-path command may commit by itself.
        `at`: the command runs at this (timezone-aware) instant instead of the wall clock's
        (`utcnow()` returns it inside the block)."""
        return _CommandScope(Command(self, whole=whole, at=at))

    @asynccontextmanager
    async def transaction(self, *, write: bool = True) -> AsyncIterator[AsyncSession]:
        """A session: a read-only one, or (write) the ORM session of a command."""
        if write:
            async with self.command() as cmd:
                yield await cmd.session()
            return
        async with self._read() as session:
            yield session

    async def open_write_session(self) -> AsyncSession:
        """A write session (under SQLite's write lock); `release_write_session` after."""
        if self._write_lock is not None:
            await self._write_lock.acquire()
        try:
            return self._write()
        except BaseException:
            self.release_write_session()
            raise

    def release_write_session(self) -> None:
        if self._write_lock is not None:
            self._write_lock.release()

    def executor(self, topics: set[str] | None = None) -> CommandExecutor:
        """A hot-path executor whose transaction starts with its first statement (used by
        `Command`; the caller must `finish` it)."""
        if self.is_sqlite:
            assert self._write_lock is not None
            return SqliteExecutor(self._command_connection, self._write_lock, topics)
        return AsyncpgExecutor(self._leases, topics)

    def _command_connection(self) -> Connection:
        if self._sqlite_commands is None:
            engine = create_sqlite_command_engine(self._settings)
            self._sqlite_commands = engine.connect().execution_options(**{WRITE_OPTION: True})
        return self._sqlite_commands

    def notify(self, topics: set[str], callbacks: Sequence[Callable[[], None]] = ()) -> None:
        """Run the listeners of `topics` and `callbacks` (after a commit)."""
        for callback in itertools.chain(
            (listener for topic in topics for listener in self._listeners.get(topic, ())),
            callbacks,
        ):
            try:
                callback()
            except Exception:  # a failed notification must not fail a committed command
                log.exception("after-commit listener failed")

    async def dispose(self) -> None:
        if self._sqlite_commands is not None:
            self._sqlite_commands.close()
            self._sqlite_commands.engine.dispose()
        await self._leases.close()
        await self.engine.dispose()


def after_commit(session: AsyncSession, callback: Callable[[], None]) -> None:
    """Run `callback` after this session's command commits (never if it rolls back)."""
    session.info.setdefault(AFTER_COMMIT_KEY, []).append(callback)


def touch(session: AsyncSession, topic: str) -> None:
    """Record that this session's command changed `topic`; its listeners run after commit."""
    session.info.setdefault(TOPICS_KEY, set()).add(topic)


class _CommandScope:
    """`async with db.command() as cmd`: finish the command when the block ends (and, for a
    command given a time, set the clock for the block's duration)."""

    __slots__ = ("_clock", "_cmd")

    def __init__(self, cmd: Command) -> None:
        self._cmd = cmd
        self._clock: Token[datetime | None] | None = None

    async def __aenter__(self) -> Command:
        at = self._cmd.at
        if at is not None:
            self._clock = set_command_time(at)
        return self._cmd

    async def __aexit__(self, kind: type[BaseException] | None, *_: object) -> None:
        try:
            await self._cmd.finish(commit=kind is None)
        finally:
            if self._clock is not None:
                reset_command_time(self._clock)
                self._clock = None


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """A read session for safe methods; for others, the ORM session of the request's
    command (committed by `CommandRoute`)."""
    if request.method in SAFE_METHODS:
        db: Database = request.app.state.db
        async with db.transaction(write=False) as session:
            yield session
        return
    yield await (await get_command(request)).session()


async def get_command(request: Request) -> Command:
    """The request's command, opened and finished by `app.kit.routing.CommandRoute`.
    (`async`: FastAPI runs a plain `def` dependency in a worker thread, a thread hop on every
    request of the hot path.)"""
    cmd: Command | None = getattr(request.state, "command", None)
    if cmd is None:
        raise RuntimeError(f"{request.url.path}: commands need a router with CommandRoute")
    return cmd


# scope="function": a read session closes when the endpoint returns, before the response.
DbSession = Annotated[AsyncSession, Depends(get_session, scope="function")]
# The request's command (one transaction), committed after the endpoint returns and before
# the response is sent (`CommandRoute`).
DbCommand = Annotated[Command, Depends(get_command)]
