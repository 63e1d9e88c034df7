"""The unit of work: one object per command, whatever the way in.

Every state-changing command — a REST request (`CommandRoute`, or a write `DbSession` on a
configuration endpoint), an MQTT batch, the CLI, and later importers, the simulator, webhook
delivery, the assistant — runs in one `Command` (`async with db.command() as cmd:`). It
carries the transaction and says what the transaction allows; the domain code never asks
which driver or executor it is on.

- `cmd.ex` runs Core statements (repositories take an `Executor`). On PostgreSQL they go
  straight to an asyncpg connection, on SQLite to a synchronous connection under the write
  lock (`app.db.executor`): the hot path.
- `await cmd.session()` is an ORM session for configuration reads and CRUD. It is bound
  lazily: asked for before any statement has run, the command's transaction becomes the
  session's and `cmd.ex` runs on the session's connection, so ORM and Core share one
  transaction. Asked for after hot-path statements ran, it is a programming error.
- `cmd.single_statement()` is the executor for a command that may commit by itself in one
  statement (PostgreSQL, nothing run yet, and the command is its caller's whole work — a
  request, not an MQTT batch that writes a ledger after it); None otherwise.
- `cmd.audit(row)` appends an audit entry, `cmd.emit(type_, …)` an outbox event;
  `cmd.touch(topic)` asks for the topic's listeners after commit (`Database.on_commit`).

Nothing is published before commit: the listeners of the touched topics and the callbacks of
`after_commit` run once the transaction has committed, never after a rollback.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol, cast

from sqlalchemy.ext.asyncio import AsyncSession

from app.db.executor import CommandExecutor, Executor, SAExecutor

if TYPE_CHECKING:
    from app.db.session import Database

log = logging.getLogger("takt.db")

AFTER_COMMIT_KEY = "takt_after_commit"
TOPICS_KEY = "takt_topics"


class SingleStatementExecutor(Executor, Protocol):
    """An executor that runs a statement as its own transaction (see `Command`)."""

    async def fetchrow_autocommit(
        self, stmt: Any, params: Mapping[str, Any] | None = None, *, repeatable: bool = True
    ) -> Any: ...


class PostgresExecutor(SingleStatementExecutor, Protocol):
    """The PostgreSQL executor's extras, for infrastructure such as the outbox sequencer."""

    async def run_script(self, script: str, *, prepare: str | None = None) -> None: ...

    async def begin_locked(self, lock_id: int) -> None: ...


class Command:
    """One command's transaction (see the module docstring)."""

    __slots__ = ("_after", "_at", "_db", "_ex", "_hot", "_session", "_whole", "topics")

    def __init__(self, db: Database, *, whole: bool = False, at: datetime | None = None) -> None:
        self._db = db
        self._whole = whole
        self._at = at
        self._hot: CommandExecutor | None = None
        self._ex: Executor | None = None
        self._session: AsyncSession | None = None
        self._after: list[Callable[[], None]] = []
        self.topics: set[str] = set()

    @property
    def now(self) -> datetime:
        """The command's time: the instant it was given (`db.command(at=…)`), which
        `utcnow()` also returns while it runs; the wall clock otherwise."""
        from app.kit.time import utcnow

        return self._at if self._at is not None else utcnow()

    @property
    def at(self) -> datetime | None:
        """The time the command was given, if any (see `now`)."""
        return self._at

    @property
    def postgres(self) -> bool:
        return not self._db.is_sqlite

    @property
    def ex(self) -> Executor:
        """The executor of this command's transaction (hot path, or the session's)."""
        if self._ex is None:
            self._hot = self._db.executor(self.topics)
            self._ex = self._hot
        return self._ex

    async def session(self) -> AsyncSession:
        """An ORM session in this command's transaction (ask before running statements)."""
        if self._session is not None:
            return self._session
        if self._hot is not None and self._hot.started:
            raise RuntimeError("the ORM session must be asked for before the first statement")
        self._hot = None
        session = await self._db.open_write_session()
        session.info[AFTER_COMMIT_KEY] = self._after
        session.info[TOPICS_KEY] = self.topics
        self._session = session
        self._ex = SAExecutor(session, self.postgres, self.topics)
        return session

    def single_statement(self) -> SingleStatementExecutor | None:
        """The executor for a command that may commit by itself, statement by statement:
        only where the driver allows it (PostgreSQL), before anything ran, and when the
        command is its caller's whole work."""
        if not self._whole or self._session is not None:
            return None
        self.ex  # noqa: B018 (opens the hot-path executor)
        hot = self._hot
        if hot is None or hot.started or not hot.autocommits:
            return None
        return cast(SingleStatementExecutor, hot)

    def postgres_executor(self) -> PostgresExecutor | None:
        """The PostgreSQL executor with its extras (scripts in one round trip, a transaction
        opened holding an advisory lock), before anything ran; None elsewhere."""
        if self._session is not None or not self.postgres:
            return None
        self.ex  # noqa: B018 (opens the hot-path executor)
        hot = self._hot
        if hot is None or hot.started or not hot.autocommits:
            return None
        return cast(PostgresExecutor, hot)

    def touch(self, topic: str) -> None:
        """Run `topic`'s listeners after this command commits."""
        self.topics.add(topic)

    def after_commit(self, callback: Callable[[], None]) -> None:
        """Run `callback` after this command commits (never if it rolls back)."""
        self._after.append(callback)

    async def audit(self, row: dict[str, Any]) -> None:
        """Append an audit entry (built with `app.audit.recorder.audit_row`)."""
        from app.audit.recorder import append

        await append(self.ex, row)

    async def emit(
        self,
        type_: str,
        *,
        payload: dict[str, Any] | None = None,
        line_id: int | None = None,
        at: datetime | None = None,
    ) -> None:
        """Append an event to the outbox (numbered and delivered after commit). Unit
        transitions write theirs inside their own statement instead."""
        from app.kit.time import utcnow
        from app.outbox.repository import append

        await append(self.ex, type_, payload=payload, line_id=line_id, at=at or utcnow())

    async def finish(self, *, commit: bool) -> None:
        """Commit (or roll back) and, after a commit, tell the listeners."""
        if self._session is not None:
            await self._close_session(commit=commit)
        elif self._hot is not None:
            hot, self._hot = self._hot, None
            await hot.finish(commit=commit)
        self._ex = None
        if commit:
            self._db.notify(self.topics, self._after)

    async def _close_session(self, *, commit: bool) -> None:
        session, self._session = self._session, None
        assert session is not None
        try:
            if commit:
                await session.commit()
            else:
                await session.rollback()
        except BaseException:
            if commit:
                await session.rollback()
            raise
        finally:
            await session.close()
            self._db.release_write_session()
