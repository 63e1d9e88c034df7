"""Hot-path execution of SQLAlchemy Core statements.

The SQL is always written as Core statements. On PostgreSQL a hot command compiles each
statement once (asyncpg dialect, `$n` placeholders) and runs it directly on the asyncpg
connection checked out of SQLAlchemy's pool, inside an asyncpg transaction: this skips the
Session/Connection/result layers, which cost several times the statements themselves on a
unit move. On SQLite the same statements run through SQLAlchemy's `AsyncConnection`.

Both executors offer the same three calls; repositories on the hot path take an `Executor`.
They raise database failures as `app.db.errors.DatabaseError`, never a driver's exceptions:
those are wrapped in the `except` clause of each public call (free while nothing fails).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import asyncpg
from sqlalchemy.dialects.postgresql.asyncpg import PGDialect_asyncpg
from sqlalchemy.engine import Compiled, Connection
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession
from sqlalchemy.sql import Executable, Insert
from sqlalchemy.util import greenlet_spawn

from app.db.base import UTCDateTime
from app.db.errors import DRIVER_ERRORS, classify

_PG = PGDialect_asyncpg()  # type: ignore[no-untyped-call]
_PG.paramstyle = "numeric_dollar"


class Executor(Protocol):
    """Runs Core statements in the current transaction."""

    postgres: bool
    topics: set[str]

    async def fetchrow(
        self, stmt: Executable, params: Mapping[str, Any] | None = None
    ) -> Sequence[Any] | None: ...

    async def fetchval(self, stmt: Executable, params: Mapping[str, Any] | None = None) -> Any: ...

    async def execute(
        self,
        stmt: Executable,
        params: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None = None,
    ) -> int: ...


class CommandExecutor(Executor, Protocol):
    """An executor that owns its transaction (see `app.db.command.Command`)."""

    # Whether it can run a statement as its own transaction (`fetchrow_autocommit`).
    autocommits: bool

    @property
    def started(self) -> bool:
        """Whether a statement has run (and so a connection or transaction is held)."""
        ...

    async def finish(self, *, commit: bool) -> None: ...


@dataclass(frozen=True, slots=True, eq=False)
class _Prepared:
    # Keeps the statement alive while cached, so that its id() is not reused by another.
    stmt: Executable
    sql: str
    names: tuple[str, ...]
    defaults: dict[str, Any]
    # SQLAlchemy's bind processors (JSON serialization, TypeDecorators) by argument position.
    processors: tuple[tuple[int, Callable[[Any], Any]], ...]


# Compiled statements by id(): a plain dict hit on the hot path. Bounded: past the bound the
# oldest entry (with the statement it keeps alive) goes, and comes back compiled on next use.
_prepared: dict[int, _Prepared] = {}
PREPARED_CACHE_SIZE = 4096


def _prepare(stmt: Executable) -> _Prepared:
    """Compile once per statement object. Statements run here should be module-level
    constants (parameters as `bindparam`s): the cache is keyed by object identity."""
    found = _prepared.get(id(stmt))
    if found is None:
        found = _compile(stmt)
        while len(_prepared) >= PREPARED_CACHE_SIZE:
            del _prepared[next(iter(_prepared))]  # dicts keep insertion order: the oldest
        _prepared[id(stmt)] = found
    return found


def _compile(stmt: Executable) -> _Prepared:
    if isinstance(stmt, Insert) and not stmt._values and stmt.select is None:
        raise ValueError("hot-path INSERTs need explicit .values(bindparam(...)) columns")
    compiled: Compiled = stmt.compile(dialect=_PG)  # type: ignore[attr-defined]
    names = tuple(compiled.positiontup or ())  # type: ignore[attr-defined]
    defaults = {k: v for k, v in compiled.params.items() if v is not None}
    by_name = compiled._bind_processors  # type: ignore[attr-defined]
    processors = tuple(
        (i, by_name[name])
        for i, name in enumerate(names)
        # asyncpg takes aware datetimes as they are; our UTC decorator would only re-check.
        if name in by_name and not isinstance(compiled.binds[name].type, UTCDateTime)  # type: ignore[attr-defined]
    )
    return _Prepared(stmt, compiled.string, names, defaults, processors)


def inline_sql(stmt: Executable) -> str:
    """The PostgreSQL text of a statement whose parameters are all constants (ints and
    strings), written inline: for a script run in one round trip (`run_script`)."""
    prepared = _prepare(stmt)
    sql = prepared.sql
    for position in range(len(prepared.names), 0, -1):  # $12 before $1
        name = prepared.names[position - 1]
        value = prepared.defaults.get(name)
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise TypeError(f"parameter {name!r} is not an int or str constant: {value!r}")
        literal = str(value) if isinstance(value, int) else "'" + value.replace("'", "''") + "'"
        sql = sql.replace(f"${position}", literal)
    return sql


_BROKEN = (OSError, asyncpg.InterfaceError, asyncpg.ConnectionDoesNotExistError)


class ConnectionLeases:
    """A free list of pool connections kept checked out between hot-path commands.

    SQLAlchemy's pool check-out and check-in (with its reset-on-return) cost more CPU than a
    unit move's own statements, so finished commands hand their connection back here instead;
    at most `keep` idle ones are held, the rest go back to the pool.
    """

    def __init__(self, engine: AsyncEngine, keep: int) -> None:
        self._engine = engine
        self._keep = keep
        self._idle: list[Any] = []

    async def acquire(self) -> Any:
        if self._idle:
            return self._idle.pop()
        return await self._engine.raw_connection()

    async def release(self, pooled: Any, *, broken: bool = False) -> None:
        if broken:
            await greenlet_spawn(pooled.invalidate)
        elif len(self._idle) < self._keep:
            self._idle.append(pooled)
        else:
            # Check-in runs SQLAlchemy's reset-on-return, which needs its greenlet context.
            await greenlet_spawn(pooled.close)

    async def close(self) -> None:
        idle, self._idle = self._idle, []
        for pooled in idle:
            await greenlet_spawn(pooled.close)


class AsyncpgExecutor:
    """Core statements straight on an asyncpg connection (PostgreSQL hot path).

    The connection is leased, and the transaction begun, on the first statement: a request
    holds no connection while it waits for anything else (such as its credentials' lookup).
    """

    postgres = True
    autocommits = True

    def __init__(self, leases: ConnectionLeases, topics: set[str] | None = None) -> None:
        self._leases = leases
        self._pooled: Any = None
        self._conn: asyncpg.Connection | None = None
        self._in_transaction = False
        self.topics: set[str] = topics if topics is not None else set()

    @property
    def started(self) -> bool:
        return self._pooled is not None

    async def fetchrow_autocommit(
        self,
        stmt: Executable,
        params: Mapping[str, Any] | None = None,
        *,
        repeatable: bool = True,
    ) -> Sequence[Any] | None:
        """Run one statement as its own transaction (no BEGIN and COMMIT round trips).

        Only before any transactional statement of this command; the connection stays leased
        for the command's next statements. A statement may be retried on a fresh connection
        when an idle one turns out dead: a write that must not run twice (it may have
        committed before the connection was lost) passes `repeatable=False`, and the failure
        is raised instead."""
        if self._in_transaction:
            raise RuntimeError("a single-statement transaction inside a transaction")
        prepared = _prepare(stmt)
        args = self._args(prepared, params)
        try:
            if self._conn is None:
                rows: list[Sequence[Any] | None] = []

                async def first(conn: asyncpg.Connection) -> None:
                    rows.append(await conn.fetchrow(prepared.sql, *args))

                self._pooled = await self._lease(first, attempts=2 if repeatable else 1)
                self._conn = self._pooled.driver_connection
                return rows[0]
            try:
                return await self._conn.fetchrow(prepared.sql, *args)  # type: ignore[no-any-return]
            except BaseException as exc:
                if isinstance(exc, asyncpg.PostgresError) and not isinstance(exc, _BROKEN):
                    raise  # the statement failed; the connection is fine
                # Dead, or cancelled mid-statement (state unknown): never reuse it.
                pooled, self._pooled, self._conn = self._pooled, None, None
                await self._leases.release(pooled, broken=True)
                raise
        except DRIVER_ERRORS as exc:
            raise classify(exc) from exc

    async def run_script(self, script: str, *, prepare: str | None = None) -> None:
        """Run `script`, statements that begin and end their own transaction, in one round
        trip (the simple query protocol: constants only, no results; each statement still
        takes its own snapshot). Only on a fresh executor; the connection is handed back.
        Scripts must be safe to run again (one may be, on a fresh connection, when the first
        turns out dead).

        A script that `EXECUTE`s a prepared statement (parsed and planned once per connection,
        not on every run) passes its `PREPARE` as `prepare`: run on a connection that lacks
        it, and the script is run again."""
        if self._pooled is not None:
            raise RuntimeError("a script on an executor that has run statements")

        async def run(conn: asyncpg.Connection) -> None:
            try:
                await conn.execute(script)
            except asyncpg.InvalidSQLStatementNameError:
                if prepare is None:
                    raise
                await conn.execute("ROLLBACK")
                await conn.execute(prepare)
                await conn.execute(script)

        try:
            await self._leases.release(await self._lease(run))
        except DRIVER_ERRORS as exc:
            raise classify(exc) from exc

    async def begin_locked(self, lock_id: int) -> None:
        """Open the transaction holding a transaction-scoped advisory lock, in the same round
        trip as BEGIN (for frequent background work such as the WIP sequencer)."""
        if self._in_transaction:
            raise RuntimeError("the transaction has begun already")
        try:
            await self._connection(f"BEGIN; SELECT pg_advisory_xact_lock({int(lock_id)})")
        except DRIVER_ERRORS as exc:
            raise classify(exc) from exc

    async def _connection(self, opening: str = "BEGIN") -> asyncpg.Connection:
        if self._conn is not None and not self._in_transaction:
            # Leased by single-statement transactions: open the command's transaction now.
            try:
                await self._conn.execute(opening)
            except BaseException:
                pooled, self._pooled, self._conn = self._pooled, None, None
                await self._leases.release(pooled, broken=True)
                raise
            self._in_transaction = True
        if self._conn is None:
            self._pooled = await self._lease(lambda conn: conn.execute(opening))
            self._conn = self._pooled.driver_connection
            self._in_transaction = True
        assert self._conn is not None
        return self._conn

    async def _lease(
        self, first: Callable[[asyncpg.Connection], Awaitable[object]], attempts: int = 2
    ) -> Any:
        """A leased connection on which `first` has run. An idle connection that turns out
        dead (a server restart) is replaced by a fresh one, up to `attempts` tries in all.
        After a database error the connection goes back once what `first` began is rolled
        back; after anything else (cancelled mid-statement) its state is unknown and it is
        discarded."""
        for attempt in range(1, attempts + 1):
            pooled = await self._leases.acquire()
            try:
                await first(pooled.driver_connection)
            except _BROKEN:  # before PostgresError: a lost connection is one of those too
                await self._leases.release(pooled, broken=True)
                if attempt == attempts:
                    raise
                continue
            except asyncpg.PostgresError:
                try:
                    await pooled.driver_connection.execute("ROLLBACK")
                except BaseException:
                    await self._leases.release(pooled, broken=True)
                    raise
                await self._leases.release(pooled)
                raise
            except BaseException:
                await self._leases.release(pooled, broken=True)
                raise
            return pooled
        raise AssertionError("unreachable")

    async def finish(self, *, commit: bool) -> None:
        """Commit or roll back (if anything ran) and hand the connection back."""
        if self._pooled is None:
            return
        pooled, conn = self._pooled, self._conn
        self._pooled = self._conn = None
        assert conn is not None
        if not self._in_transaction:  # only single-statement transactions ran
            await self._leases.release(pooled)
            return
        self._in_transaction = False
        try:
            await conn.execute("COMMIT" if commit else "ROLLBACK")
        except _BROKEN as exc:
            await self._leases.release(pooled, broken=True)
            raise classify(exc) from exc
        except BaseException as exc:
            # COMMIT failed inside the server (e.g. a deferred constraint): the transaction
            # is over either way; make sure the connection is clean before reuse.
            await self._leases.release(pooled, broken=conn.is_in_transaction())
            if isinstance(exc, DRIVER_ERRORS):
                raise classify(exc) from exc
            raise
        await self._leases.release(pooled)

    @staticmethod
    def _args(prepared: _Prepared, params: Mapping[str, Any] | None) -> list[Any]:
        values = prepared.defaults if not params else {**prepared.defaults, **params}
        args = [values.get(name) for name in prepared.names]
        for i, process in prepared.processors:
            if args[i] is not None:
                args[i] = process(args[i])
        return args

    async def fetchrow(
        self, stmt: Executable, params: Mapping[str, Any] | None = None
    ) -> Sequence[Any] | None:
        prepared = _prepare(stmt)
        try:
            conn = await self._connection()
            return await conn.fetchrow(prepared.sql, *self._args(prepared, params))  # type: ignore[no-any-return]
        except DRIVER_ERRORS as exc:
            raise classify(exc) from exc

    async def fetchval(self, stmt: Executable, params: Mapping[str, Any] | None = None) -> Any:
        prepared = _prepare(stmt)
        try:
            conn = await self._connection()
            return await conn.fetchval(prepared.sql, *self._args(prepared, params))
        except DRIVER_ERRORS as exc:
            raise classify(exc) from exc

    async def execute(
        self,
        stmt: Executable,
        params: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None = None,
    ) -> int:
        prepared = _prepare(stmt)
        try:
            conn = await self._connection()
            if isinstance(params, Sequence):
                await conn.executemany(prepared.sql, [self._args(prepared, p) for p in params])
                return len(params)
            status: str = await conn.execute(prepared.sql, *self._args(prepared, params))
        except DRIVER_ERRORS as exc:
            raise classify(exc) from exc
        tail = status.rsplit(" ", 1)[-1]
        return int(tail) if tail.isdigit() else 0


class SAExecutor:
    """The same calls through SQLAlchemy: on a command's ORM session (which takes its
    connection only with its first statement), or on a connection; a failure raises the
    same `DatabaseError`s as the other executors."""

    def __init__(
        self, conn: AsyncConnection | AsyncSession, postgres: bool, topics: set[str] | None = None
    ) -> None:
        self._conn = conn
        self.postgres = postgres
        self.topics = topics if topics is not None else set()

    async def fetchrow(
        self, stmt: Executable, params: Mapping[str, Any] | None = None
    ) -> Sequence[Any] | None:
        try:
            return (await self._conn.execute(stmt, dict(params or {}))).first()
        except DRIVER_ERRORS as exc:
            raise classify(exc) from exc

    async def fetchval(self, stmt: Executable, params: Mapping[str, Any] | None = None) -> Any:
        try:
            return (await self._conn.execute(stmt, dict(params or {}))).scalar()
        except DRIVER_ERRORS as exc:
            raise classify(exc) from exc

    async def execute(
        self,
        stmt: Executable,
        params: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None = None,
    ) -> int:
        try:
            if isinstance(params, Sequence):
                await self._conn.execute(stmt, [dict(p) for p in params])
                return len(params)
            result = await self._conn.execute(stmt, dict(params or {}))
        except DRIVER_ERRORS as exc:
            raise classify(exc) from exc
        return int(getattr(result, "rowcount", 0) or 0)


class SqliteExecutor:
    """The SQLite hot path: a synchronous connection on the same file, used under the
    database's write lock. SQLite runs in-process in microseconds; doing a command's
    statements without thread hand-offs or awaits keeps its write transaction (which every
    other writer waits for) as short as possible, instead of interleaving it with other
    requests at every statement. Opened (BEGIN IMMEDIATE) on the first statement."""

    postgres = False
    autocommits = False

    def __init__(
        self,
        connect: Callable[[], Connection],
        lock: asyncio.Lock,
        topics: set[str] | None = None,
    ) -> None:
        self._connect = connect
        self._lock = lock
        self._conn: Connection | None = None
        self._transaction: Any = None
        self.topics: set[str] = topics if topics is not None else set()

    @property
    def started(self) -> bool:
        return self._conn is not None

    async def _connection(self) -> Connection:
        if self._conn is None:
            await self._lock.acquire()
            try:
                conn = self._connect()
                self._transaction = conn.begin()
            except BaseException:
                self._lock.release()
                raise
            self._conn = conn
        return self._conn

    async def fetchrow(
        self, stmt: Executable, params: Mapping[str, Any] | None = None
    ) -> Sequence[Any] | None:
        try:
            return (await self._connection()).execute(stmt, dict(params or {})).first()
        except DRIVER_ERRORS as exc:
            raise classify(exc) from exc

    async def fetchval(self, stmt: Executable, params: Mapping[str, Any] | None = None) -> Any:
        try:
            return (await self._connection()).execute(stmt, dict(params or {})).scalar()
        except DRIVER_ERRORS as exc:
            raise classify(exc) from exc

    async def execute(
        self,
        stmt: Executable,
        params: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None = None,
    ) -> int:
        try:
            conn = await self._connection()
            if isinstance(params, Sequence):
                conn.execute(stmt, [dict(p) for p in params])
                return len(params)
            return int(conn.execute(stmt, dict(params or {})).rowcount or 0)
        except DRIVER_ERRORS as exc:
            raise classify(exc) from exc

    async def finish(self, *, commit: bool) -> None:
        if self._conn is None:
            return
        transaction, self._conn, self._transaction = self._transaction, None, None
        try:
            if commit:
                transaction.commit()
            else:
                transaction.rollback()
        except DRIVER_ERRORS as exc:
            raise classify(exc) from exc
        finally:
            self._lock.release()
