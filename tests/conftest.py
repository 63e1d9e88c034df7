"""Test fixtures: every database test runs on SQLite and on PostgreSQL.

The schema always comes from `alembic upgrade head`. PostgreSQL gets a fresh database per
test session (so parallel runs don't collide); tables are truncated between tests. Without a
PostgreSQL server those tests are skipped with the reason printed, unless
TAKT_REQUIRE_POSTGRES=1 (set by .ci/run), which turns the absence into a failure.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import NoReturn

import asyncpg
import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient

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
KEEP_TABLES = {"alembic_version", "counters"}


def _asyncpg_url(database: str) -> str:
    base = PG_SERVER.rsplit("/", 1)[0]
    return f"{base}/{database}"


async def _pg_admin(sql: str) -> None:
    conn = await asyncpg.connect(PG_SERVER, timeout=5)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


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
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite-template") / "takt.sqlite"
    migrate.upgrade(f"sqlite+aiosqlite:///{path}")
    return path


async def _reset_postgres(url: str) -> None:
    conn = await asyncpg.connect(url.replace("+asyncpg", ""))
    try:
        tables = [
            r["tablename"]
            for r in await conn.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            if r["tablename"] not in KEEP_TABLES
        ]
        if tables:
            quoted = ", ".join(f'"{t}"' for t in tables)
            # As superuser, without triggers: the audit log refuses TRUNCATE (migration 0007).
            await conn.execute("SET session_replication_role = replica")
            await conn.execute(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")
        await conn.execute("UPDATE counters SET value = 0")
    finally:
        await conn.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty, migrated database of each kind."""
    if request.param == "sqlite":
        path = tmp_path / "takt.sqlite"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite+aiosqlite:///{path}"
    url: str = request.getfixturevalue("postgres_url")
    asyncio.run(_reset_postgres(url))
    return url


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


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[FastAPI]:
    application = create_app(settings)
    async with application.router.lifespan_context(application):
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
