"""Test fixtures: every database test runs on SQLite and on PostgreSQL.

The schema always comes from `alembic upgrade head`. Each test sees an empty database with
identities restarted: SQLite gets a fresh copy of a migrated template file; PostgreSQL has
one migrated database per test session (so parallel runs don't collide), emptied between
tests. Without a PostgreSQL server those tests are skipped with the reason printed, unless
TAKT_REQUIRE_POSTGRES=1 (set by .ci/run), which turns the absence into a failure.

Speed (fixtures were most of a test's cost): the PostgreSQL reset is one round trip of
DELETEs on a connection kept for the session (a TRUNCATE of ~30 tables costs ~150 ms per
test and leaves thousands of new files for the final checkpoint), and tests share
`create_app` objects (see `_Apps`): each test still runs its own lifespan (engine, admin
bootstrap, realtime, sequencer), but FastAPI builds a route's validators lazily per app
object, on its first request, which alone costs ~100-200 ms per fresh app.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import asyncpg
import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from starlette.datastructures import State

from app.config import Settings
from app.db import migrate
from app.main import create_app

PG_SERVER = os.environ.get("TAKT_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")
REQUIRE_POSTGRES = os.environ.get("TAKT_REQUIRE_POSTGRES") == "1"


def unavailable(reason: str, ci_hint: str = "TAKT_REQUIRE_POSTGRES=1") -> NoReturn:
    """Skip for lack of a service or tool — a failure where CI provides it
    (TAKT_REQUIRE_POSTGRES=1, set by .ci/run), so nothing that can run is skipped there."""
    if REQUIRE_POSTGRES:
        pytest.fail(f"{reason} ({ci_hint})")
    pytest.skip(reason)


ADMIN_PASSWORD = "admin-password-for-tests"
# Kept between tests: the schema version and the counters (reset instead).
KEEP_TABLES = ("alembic_version", "counters")


def _asyncpg_url(database: str) -> str:
    base = PG_SERVER.rsplit("/", 1)[0]
    return f"{base}/{database}"


async def _pg_admin(sql: str) -> None:
    conn = await asyncpg.connect(PG_SERVER, timeout=5)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# The reset script of each session database, by URL (see `_reset_script`).
_RESET_SCRIPTS: dict[str, str] = {}


async def _reset_script(conn: asyncpg.Connection) -> str:
    """One script that empties every table but KEEP_TABLES and restarts their identities.

    As a superuser: DELETE with `session_replication_role = replica`, which skips foreign
    key and user triggers (the audit log's append-only trigger) — a few ms, where TRUNCATE
    of every table rewrites ~100 files. Otherwise the TRUNCATE it replaces.
    """
    tables = [
        r["tablename"]
        for r in await conn.fetch(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )
        if r["tablename"] not in KEEP_TABLES
    ]
    reset_counters = "UPDATE counters SET value = 0 WHERE value <> 0"
    if not await conn.fetchval("SELECT rolsuper FROM pg_roles WHERE rolname = current_user"):
        quoted = ", ".join(_quote(t) for t in tables)
        return f"TRUNCATE {quoted} RESTART IDENTITY CASCADE; {reset_counters}"
    # The sequences TRUNCATE ... RESTART IDENTITY restarts: those owned by these tables.
    sequences = await conn.fetch(
        """
        SELECT s.oid::regclass::text AS name, q.seqstart AS start
        FROM pg_class s
        JOIN pg_sequence q ON q.seqrelid = s.oid
        JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = s.oid
            AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
        JOIN pg_class t ON t.oid = d.refobjid
        JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE s.relkind = 'S' AND n.nspname = 'public' AND t.relname = ANY($1::text[])
        """,
        tables,
    )
    statements = [
        "BEGIN",
        "SET LOCAL session_replication_role = replica",
        *(f"DELETE FROM {_quote(t)}" for t in tables),
        reset_counters,
        "COMMIT",
    ]
    if sequences:
        # Only the sequences that handed out a value (setval is not transactional anyway).
        starts = ", ".join(
            f"({_literal(r['name'])}::regclass, {int(r['start'])})" for r in sequences
        )
        statements.append(
            f"SELECT setval(s.seq, s.start, false) FROM (VALUES {starts}) AS s(seq, start) "
            "WHERE pg_sequence_last_value(s.seq) IS NOT NULL"
        )
    return "; ".join(statements)


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


async def _reset_postgres(url: str, conn: asyncpg.Connection | None = None) -> None:
    """Empty the session database `url` (on `conn`, or on a connection of its own)."""
    own = conn is None
    if conn is None:
        conn = await asyncpg.connect(url.replace("+asyncpg", ""))
    try:
        script = _RESET_SCRIPTS.get(url)
        if script is None:
            script = _RESET_SCRIPTS[url] = await _reset_script(conn)
        await conn.execute(script)
    finally:
        if own:
            await conn.close()


class _PostgresReset:
    """Resets the session database between tests on one connection kept for the session.

    asyncpg connections belong to an event loop and every test has its own, so this one
    lives on a private loop, driven from the (synchronous) `database_url` fixture.
    """

    def __init__(self, url: str) -> None:
        self.url = url
        self._loop = asyncio.new_event_loop()
        self._conn: asyncpg.Connection | None = None

    def __call__(self) -> None:
        self._loop.run_until_complete(self._reset())

    async def _reset(self) -> None:
        if self._conn is None or self._conn.is_closed():
            self._conn = await asyncpg.connect(self.url.replace("+asyncpg", ""))
        await _reset_postgres(self.url, self._conn)

    def close(self) -> None:
        if self._conn is not None:
            self._loop.run_until_complete(self._conn.close())
        self._loop.close()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A freshly migrated PostgreSQL database for this test session."""
    name = f"takt_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    try:
        asyncio.run(_pg_admin(f'CREATE DATABASE "{name}"'))
    except (OSError, asyncpg.PostgresError, TimeoutError) as exc:
        unavailable(f"PostgreSQL not available at {PG_SERVER}: {exc}")
    url = _asyncpg_url(name).replace("postgresql://", "postgresql+asyncpg://", 1)
    migrate.upgrade(url)
    yield url
    asyncio.run(_pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def postgres_reset(postgres_url: str) -> Iterator[_PostgresReset]:
    reset = _PostgresReset(postgres_url)
    yield reset
    reset.close()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite-template") / "takt.sqlite"
    migrate.upgrade(f"sqlite+aiosqlite:///{path}")
    return path


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty, migrated database of each kind."""
    if request.param == "sqlite":
        path = tmp_path / "takt.sqlite"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite+aiosqlite:///{path}"
    reset: _PostgresReset = request.getfixturevalue("postgres_reset")
    reset()
    return reset.url


@pytest.fixture
def backend(database_url: str) -> str:
    return "sqlite" if database_url.startswith("sqlite") else "postgresql"


def make_settings(database_url: str, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "env": "test",
        "database_url": database_url,
        "admin_password": ADMIN_PASSWORD,
        "secret_key": "test-secret-key-that-is-long-enough-0123456789",
        "argon2_time_cost": 1,
        "argon2_memory_kib": 8,
        "auth_cache_seconds": 0,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture
def settings(database_url: str) -> Settings:
    return make_settings(database_url)


def _runtime_field(name: str) -> bool:
    """Settings that `create_app` does not read (only the lifespan and requests do), so an
    app object built for other values serves as well once they are set on it. Tests vary
    just these per test: the database (a file per test) and the MQTT topics and client."""
    return name == "database_url" or name.startswith("mqtt_")


def _build_key(settings: Settings) -> dict[str, object]:
    return {k: v for k, v in settings.model_dump().items() if not _runtime_field(k)}


def _shape(application: FastAPI) -> tuple[object, ...]:
    """What a test could change on an app object itself (a route added, an override)."""
    return (
        tuple(application.router.routes),
        tuple(application.user_middleware),
        tuple(application.exception_handlers.items()),
        tuple(application.dependency_overrides.items()),
    )


@dataclass
class _Pooled:
    application: FastAPI
    key: dict[str, object]
    shape: tuple[object, ...]


class _Apps:
    """`create_app` objects reused across tests (FastAPI builds each route's validators
    lazily, per app object, on its first request: ~100-200 ms for every fresh app).

    An idle app built for the same build-time settings is taken, its runtime settings set
    to the test's, its `state` and OpenAPI cache reset to what `create_app` leaves; then
    its lifespan runs as on a fresh app: engine, admin bootstrap, realtime, consumer — all
    new. Two lifespans never share an app (one is idle only once its lifespan has ended),
    and an app a test changed (e.g. added a route to) is not reused.
    """

    def __init__(self, keep: int = 4) -> None:
        self._idle: list[_Pooled] = []
        self._keep = keep

    def _take(self, settings: Settings) -> _Pooled:
        key = _build_key(settings)
        for i, pooled in enumerate(self._idle):
            if pooled.key == key:
                del self._idle[i]
                application = pooled.application
                own: Settings = application.state.settings
                for name in type(settings).model_fields:
                    if _runtime_field(name):
                        setattr(own, name, getattr(settings, name))
                assert own == settings
                application.state = State()
                application.state.settings = own
                application.openapi_schema = None
                return pooled
        # Its own copy of the settings: the test's object stays as the test made it.
        application = create_app(settings.model_copy())
        return _Pooled(application, key, _shape(application))

    @contextlib.asynccontextmanager
    async def running(self, settings: Settings) -> AsyncIterator[FastAPI]:
        """An app for `settings` inside its lifespan."""
        pooled = self._take(settings)
        application = pooled.application
        async with application.router.lifespan_context(application):
            yield application
        if _shape(application) == pooled.shape:
            self._idle.append(pooled)
            del self._idle[: -self._keep]


_APPS = _Apps()
running_app = _APPS.running


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[FastAPI]:
    async with running_app(settings) as application:
        yield application


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[AsyncClient]:
    """An unauthenticated client talking to the app in-process."""
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://takt") as c:
        yield c


async def login(app: FastAPI, username: str, password: str) -> AsyncClient:
    """A client authenticated as `username` (close it, or use `as_user`)."""
    c = AsyncClient(transport=ASGITransport(app=app), base_url="http://takt")
    r = await c.post("/api/v1/auth/token", data={"username": username, "password": password})
    assert r.status_code == 200, r.text
    c.headers["Authorization"] = f"Bearer {r.json()['access_token']}"
    return c


@contextlib.asynccontextmanager
async def as_user(
    app: FastAPI, username: str = "admin", password: str = ADMIN_PASSWORD
) -> AsyncIterator[AsyncClient]:
    """A client authenticated as `username` (the bootstrap admin by default), closed after."""
    c = await login(app, username, password)
    try:
        yield c
    finally:
        await c.aclose()


@pytest.fixture
async def admin(app: FastAPI) -> AsyncIterator[AsyncClient]:
    """A client authenticated as the bootstrap admin."""
    async with as_user(app) as c:
        yield c
