"""Revocation and expiry are exact (issue 11, item 3), with the auth cache on: a password
change, a deactivation, a new role, a revoked key take effect on the next request — in
every server process — reactivation brings no old token back, and a token dies at `exp`."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import jwt
import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import update

from app.auth.security import TOKEN_ALGORITHM, TOKEN_AUDIENCE
from app.config import Settings
from app.main import create_app
from app.models import User
from tests.conftest import ADMIN_PASSWORD, login, make_settings
from tests.realtime.conftest import Launch, Server, _launcher
from tests.support import assert_problem, create_user

ME = "/api/v1/auth/me"
USERS = "/api/v1/users"
PASSWORD = "user-password-1"


@pytest.fixture
def settings(database_url: str) -> Settings:
    return make_settings(database_url, auth_cache_seconds=300)


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[FastAPI]:
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        if not application.state.db.is_sqlite:  # wait for the listener: the cache is on
            for _ in range(1000):
                if application.state.auth.trusted:
                    break
                await asyncio.sleep(0.01)
        yield application


async def test_password_change_ends_older_tokens(admin: AsyncClient, app: FastAPI) -> None:
    user = await create_user(admin, password=PASSWORD)
    old = await login(app, user["username"], PASSWORD)
    try:
        assert (await old.get(ME)).status_code == 200  # cached now
        r = await admin.patch(f"{USERS}/{user['id']}", json={"password": "another-password-2"})
        assert r.status_code == 200
        assert_problem(await old.get(ME), 401, "invalid_credentials")
        new = await login(app, user["username"], "another-password-2")
        assert (await new.get(ME)).status_code == 200
        await new.aclose()
    finally:
        await old.aclose()


async def test_reactivation_does_not_revive_tokens(admin: AsyncClient, app: FastAPI) -> None:
    user = await create_user(admin, password=PASSWORD)
    old = await login(app, user["username"], PASSWORD)
    try:
        assert (await old.get(ME)).status_code == 200
        await admin.patch(f"{USERS}/{user['id']}", json={"active": False})
        assert_problem(await old.get(ME), 401, "invalid_credentials")
        await admin.patch(f"{USERS}/{user['id']}", json={"active": True})
        assert_problem(await old.get(ME), 401, "invalid_credentials")
        fresh = await login(app, user["username"], PASSWORD)
        assert (await fresh.get(ME)).status_code == 200
        await fresh.aclose()
    finally:
        await old.aclose()


async def test_expired_token_is_refused_at_exp_despite_the_cache(
    client: AsyncClient, settings: Settings
) -> None:
    exp = int(time.time()) + 2
    claims = {"sub": "1", "aud": TOKEN_AUDIENCE, "gen": 0, "iat": exp - 60, "exp": exp}
    assert settings.secret_key
    token = jwt.encode(claims, settings.secret_key, algorithm=TOKEN_ALGORITHM)
    headers = {"Authorization": f"Bearer {token}"}
    assert (await client.get(ME, headers=headers)).status_code == 200  # cached now
    await asyncio.sleep(max(0.0, exp - time.time()) + 0.01)
    assert_problem(await client.get(ME, headers=headers), 401, "invalid_credentials")


async def test_without_the_bus_nothing_is_served_from_the_cache(
    admin: AsyncClient, app: FastAPI
) -> None:
    """While cross-process notifications could be missed, every request looks up."""
    user = await create_user(admin, password=PASSWORD)
    c = await login(app, user["username"], PASSWORD)
    try:
        assert (await c.get(ME)).status_code == 200
        app.state.auth.listening(False)  # as when the PostgreSQL listener loses its link
        # A change the bus never announces (another tool, a lost notification):
        async with app.state.db.transaction() as session:
            await session.execute(update(User).where(User.id == user["id"]).values(active=False))
        assert_problem(await c.get(ME), 401, "invalid_credentials")
    finally:
        await c.aclose()


# -- across server processes ---------------------------------------------------------------


@pytest.fixture
def launch(tmp_path: Path) -> Iterator[Launch]:
    with _launcher(tmp_path) as launcher:
        yield launcher


def _token(server: Server, username: str, password: str) -> str:
    r = httpx.post(
        f"{server.base_url}/api/v1/auth/token", data={"username": username, "password": password}
    )
    assert r.status_code == 200, r.text
    return str(r.json()["access_token"])


def test_revocation_reaches_every_process_at_once(launch: Launch) -> None:
    """Two `takt serve` processes on one PostgreSQL database, each caching principals for
    five minutes: what one process revokes, the other refuses on the very next request."""
    a, b = launch("postgresql", 2, env={"TAKT_AUTH_CACHE_SECONDS": "300"})
    admin = httpx.Client(base_url=a.base_url, timeout=30)
    admin.headers["Authorization"] = f"Bearer {_token(a, 'admin', ADMIN_PASSWORD)}"
    on_b = httpx.Client(base_url=b.base_url, timeout=30)

    def user(role: str = "operator") -> tuple[int, dict[str, str]]:
        name = f"u{time.monotonic_ns()}"
        r = admin.post(USERS, json={"username": name, "password": PASSWORD, "role": role})
        assert r.status_code == 201, r.text
        headers = {"Authorization": f"Bearer {_token(b, name, PASSWORD)}"}
        assert on_b.get(ME, headers=headers).status_code == 200  # cached on B
        return int(r.json()["id"]), headers

    try:
        for change in ({"password": "another-password-3"}, {"active": False}):
            user_id, headers = user()
            assert admin.patch(f"{USERS}/{user_id}", json=change).status_code == 200
            assert_problem(on_b.get(ME, headers=headers), 401, "invalid_credentials")
            if change == {"active": False}:
                admin.patch(f"{USERS}/{user_id}", json={"active": True})
                assert_problem(on_b.get(ME, headers=headers), 401, "invalid_credentials")

        user_id, headers = user("supervisor")
        assert on_b.get(ME, headers=headers).json()["role"] == "supervisor"
        assert admin.patch(f"{USERS}/{user_id}", json={"role": "operator"}).status_code == 200
        assert on_b.get(ME, headers=headers).json()["role"] == "operator"

        r = admin.post("/api/v1/api-keys", json={"name": "erp", "scopes": ["read"]})
        key = {"X-API-Key": r.json()["key"]}
        assert on_b.get(ME, headers=key).status_code == 200
        assert admin.delete(f"/api/v1/api-keys/{r.json()['id']}").status_code == 204
        assert_problem(on_b.get(ME, headers=key), 401, "invalid_credentials")
    finally:
        admin.close()
        on_b.close()
