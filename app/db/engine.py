"""Engine construction and the SQLite/PostgreSQL differences that live below the services.

SQLite: WAL, foreign keys on, and SQLAlchemy owns `BEGIN` so that a write transaction starts
with `BEGIN IMMEDIATE` (it takes the write lock up front instead of failing on upgrade) and
a read transaction is a real snapshot (pysqlite would otherwise run each SELECT on its own).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import ConnectionPoolEntry, StaticPool

from app.config import Settings

WRITE_OPTION = "takt_write"
SQLITE_BUSY_TIMEOUT_MS = 30_000


def create_engine(settings: Settings, *, relaxed_commits: bool = False) -> AsyncEngine:
    """The engine; `relaxed_commits` (PostgreSQL): a commit returns before its WAL reaches
    the disk (`synchronous_commit = off`) — for re-runnable bulk writers such as the
    simulator's back-fill, never for the server (a crash may lose the last commits, though
    never leaves the database inconsistent)."""
    url = make_url(settings.database_url)
    kwargs: dict[str, Any] = {"echo": settings.db_echo}
    if url.get_backend_name() == "sqlite":
        database = url.database or ""
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        kwargs["connect_args"] = {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
        engine = create_async_engine(url, **kwargs)
        _install_sqlite_events(engine)
        return engine
    kwargs.update(
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_max_overflow,
        pool_pre_ping=False,
        connect_args={
            "server_settings": {"application_name": "takt"}
            | ({"synchronous_commit": "off"} if relaxed_commits else {})
        },
    )
    return create_async_engine(url, **kwargs)


def create_sqlite_command_engine(settings: Settings) -> Engine:
    """A synchronous engine on the same SQLite file, for hot-path commands (see
    `app.db.executor.SqliteExecutor`): one connection, used under the write lock."""
    url = make_url(settings.database_url).set(drivername="sqlite")
    engine = sqlalchemy.create_engine(
        url, poolclass=StaticPool, connect_args={"check_same_thread": False}, echo=settings.db_echo
    )
    _install_sqlite_events(engine)
    return engine


def _install_sqlite_events(engine: AsyncEngine | Engine) -> None:
    sync_engine = engine.sync_engine if isinstance(engine, AsyncEngine) else engine

    @event.listens_for(sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, record: ConnectionPoolEntry) -> None:
        # Let SQLAlchemy emit BEGIN itself (see the module docstring).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in (
            "PRAGMA journal_mode=WAL",
            "PRAGMA synchronous=NORMAL",
            "PRAGMA foreign_keys=ON",
            f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}",
        ):
            cursor.execute(pragma)
        cursor.close()

    @event.listens_for(sync_engine, "begin")
    def _on_begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get(WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
