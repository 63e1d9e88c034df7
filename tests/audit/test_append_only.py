"""The audit log cannot be emptied (issue 11, item 8): TRUNCATE is refused like DELETE, and
the application can run as a role that does not own the tables, so it cannot disable the
triggers either — checked on a real PostgreSQL with a role created here."""

from __future__ import annotations

import asyncio
import re
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any

import asyncpg
import pytest
from httpx import ASGITransport, AsyncClient
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from app.config import Settings
from app.db import migrate
from app.main import create_app
from tests.conftest import ADMIN_PASSWORD, _asyncpg_url, _pg_admin, make_settings

API = "/api/v1"


async def _entries(conn: asyncpg.Connection) -> int:
    return int(await conn.fetchval("SELECT count(*) FROM audit_log"))


async def test_truncate_is_refused(postgres_url: str) -> None:
    settings = make_settings(postgres_url)
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        async with AsyncClient(transport=ASGITransport(app=app), base_url="http://takt") as c:
            r = await c.post(
                f"{API}/auth/token", data={"username": "admin", "password": ADMIN_PASSWORD}
            )
            c.headers["Authorization"] = f"Bearer {r.json()['access_token']}"
            r = await c.post(f"{API}/lines", json={"code": f"T{uuid.uuid4().hex[:6]}", "name": "L"})
            assert r.status_code == 201, r.text
        conn = await asyncpg.connect(postgres_url.replace("+asyncpg", ""))
        try:
            before = await _entries(conn)
            assert before > 0
        finally:
            await conn.close()
        for statement in ("TRUNCATE audit_log", "TRUNCATE audit_log RESTART IDENTITY CASCADE"):
            with pytest.raises(DBAPIError, match="append-only"):
                async with app.state.db.transaction() as session:
                    await session.execute(text(statement))
        conn = await asyncpg.connect(postgres_url.replace("+asyncpg", ""))
        try:
            assert await _entries(conn) == before
        finally:
            await conn.close()


@pytest.fixture
def non_owner(postgres_url: str) -> Iterator[dict[str, str]]:
    """A fresh database migrated by its owner (the server's superuser) for an application
    role that owns nothing, created for this test and dropped after it."""
    suffix = uuid.uuid4().hex[:8]
    role, database = f"takt_app_{suffix}", f"takt_nonowner_{suffix}"
    asyncio.run(_pg_admin(f'CREATE ROLE "{role}" LOGIN'))
    asyncio.run(_pg_admin(f'CREATE DATABASE "{database}"'))
    owner_url = _asyncpg_url(database).replace("postgresql://", "postgresql+asyncpg://", 1)
    app_url = re.sub(r"://[^@/]*@", f"://{role}@", owner_url, count=1)
    assert app_url != owner_url, "TAKT_TEST_POSTGRES must name a user"
    try:
        yield {"role": role, "owner_url": owner_url, "app_url": app_url}
    finally:
        asyncio.run(_pg_admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        asyncio.run(_pg_admin(f'DROP ROLE IF EXISTS "{role}"'))


@pytest.fixture
def non_owner_settings(non_owner: dict[str, str]) -> Settings:
    settings = make_settings(non_owner["app_url"], migration_database_url=non_owner["owner_url"])
    assert settings.app_role == non_owner["role"]
    migrate.upgrade_database(settings)  # as `takt migrate` / `takt serve` do
    return settings


@pytest.fixture
async def non_owner_client(non_owner_settings: Settings) -> AsyncIterator[AsyncClient]:
    app = create_app(non_owner_settings)
    transport = ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        AsyncClient(transport=transport, base_url="http://takt") as c,
    ):
        r = await c.post(
            f"{API}/auth/token", data={"username": "admin", "password": ADMIN_PASSWORD}
        )
        assert r.status_code == 200, r.text
        c.headers["Authorization"] = f"Bearer {r.json()['access_token']}"
        yield c


async def _ok(r: Any, status: int = 200) -> Any:
    assert r.status_code == status, r.text
    return r.json()


async def test_the_app_runs_as_a_role_that_owns_no_table(
    non_owner: dict[str, str], non_owner_client: AsyncClient
) -> None:
    c = non_owner_client
    # The whole Run Mode story works: configuration, an order, units, moves, a measurement.
    line = await _ok(await c.post(f"{API}/lines", json={"code": "L1", "name": "Line"}), 201)
    station = await _ok(
        await c.post(
            f"{API}/workstations", json={"code": "W1", "name": "WS", "line_id": line["id"]}
        ),
        201,
    )
    part = await _ok(
        await c.post(
            f"{API}/parts",
            json={"number": "P1", "name": "Part", "serial_prefix": "NO", "serial_digits": 4},
        ),
        201,
    )
    route = {
        "code": "R1",
        "name": "Route",
        "part_id": part["id"],
        "steps": [{"name": "S1", "workstation_id": station["id"], "is_gate": False}],
    }
    await _ok(await c.post(f"{API}/routes", json=route), 201)
    order = await _ok(
        await c.post(f"{API}/orders", json={"part_id": part["id"], "quantity": 2}), 201
    )
    units = await _ok(await c.post(f"{API}/orders/{order['number']}/units", json={"count": 2}), 201)
    serial = units["items"][0]["serial"]
    await _ok(await c.post(f"{API}/units/{serial}/move"))
    await _ok(await c.post(f"{API}/units/{serial}/move"))
    await _ok(await c.post(f"{API}/orders/{order['number']}/cancel"))
    audit = await _ok(await c.get(f"{API}/audit-log", params={"limit": 500}))
    assert len(audit["items"]) > 5

    app_conn = await asyncpg.connect(non_owner["app_url"].replace("+asyncpg", ""))
    try:
        before = await _entries(app_conn)
        refused = {
            "TRUNCATE audit_log": "permission denied|append-only",
            "ALTER TABLE audit_log DISABLE TRIGGER ALL": "must be owner",
            "ALTER TABLE audit_log DISABLE TRIGGER audit_log_immutable": "must be owner",
            "DROP TRIGGER audit_log_immutable ON audit_log": "must be owner",
            "DELETE FROM audit_log": "permission denied|append-only",
            "UPDATE audit_log SET actor = 'forged'": "permission denied|append-only",
            "SET session_replication_role = replica": "permission denied",
            "ALTER TABLE units ADD COLUMN forged int": "must be owner",
        }
        for statement, message in refused.items():
            with pytest.raises(asyncpg.PostgresError, match=message):
                await app_conn.execute(statement)
        assert await _entries(app_conn) == before
        # What the application does need, it has.
        await app_conn.execute(
            "INSERT INTO audit_log (at, actor, entity_type, entity_id, "
            "action) VALUES (now(), 'test', 'test', '1', 'test')"
        )
        assert await _entries(app_conn) == before + 1
    finally:
        await app_conn.close()
