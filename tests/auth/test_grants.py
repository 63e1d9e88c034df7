"""Nobody grants more than they hold (issue 11, item 1): every kind of principal that may
reach user and key administration, against every path that grants something."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient

from tests.conftest import login
from tests.support import assert_problem, create_user, unique

USERS = "/api/v1/users"
KEYS = "/api/v1/api-keys"
OPERATOR_SCOPES = ["read", "units:execute", "quality:write", "issues:write"]
ALL_BUT_ADMIN = [
    "read",
    "config:write",
    "orders:write",
    "units:execute",
    "quality:write",
    "issues:write",
    "users:admin",
    "audit:read",
]

# Who is calling: an admin user, or an API key with these scopes.
PRINCIPALS: dict[str, list[str] | None] = {
    "admin_user": None,
    "admin_key": ["admin"],
    "users_admin_key": ["users:admin"],
    "operator_manager_key": ["users:admin", *OPERATOR_SCOPES],
    "all_but_admin_key": ALL_BUT_ADMIN,
}
# The roles each principal holds everything of (and so may create, give and manage).
HOLDS: dict[str, set[str]] = {
    "admin_user": {"operator", "supervisor", "admin"},
    "admin_key": {"operator", "supervisor", "admin"},
    "users_admin_key": set(),
    "operator_manager_key": {"operator"},
    "all_but_admin_key": {"operator", "supervisor"},
}
ROLES = ("operator", "supervisor", "admin")


@asynccontextmanager
async def _caller(app: FastAPI, admin: AsyncClient, kind: str) -> AsyncIterator[AsyncClient]:
    scopes = PRINCIPALS[kind]
    if scopes is None:
        boss = await create_user(admin, role="admin", password="boss-password-12")
        c = await login(app, boss["username"], "boss-password-12")
    else:
        r = await admin.post(KEYS, json={"name": kind, "scopes": scopes})
        assert r.status_code == 201, r.text
        c = AsyncClient(
            transport=ASGITransport(app=app),
            base_url="http://takt",
            headers={"X-API-Key": r.json()["key"]},
        )
    try:
        yield c
    finally:
        await c.aclose()


async def _users(admin: AsyncClient) -> list[dict[str, Any]]:
    return (await admin.get(USERS, params={"limit": 500})).json()["items"]  # type: ignore[no-any-return]


async def _can_log_in(app: FastAPI, username: str, password: str) -> bool:
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://takt") as c:
        r = await c.post("/api/v1/auth/token", data={"username": username, "password": password})
        return r.status_code == 200


Path = Callable[[FastAPI, AsyncClient, AsyncClient, str], Awaitable[dict[str, bool]]]


async def create_user_with_role(
    app: FastAPI, admin: AsyncClient, c: AsyncClient, kind: str
) -> dict[str, bool]:
    done = {}
    for role in ROLES:
        name = unique(f"new-{role}-")
        body = {"username": name, "password": "fresh-password-1", "role": role}
        r = await c.post(USERS, json=body)
        done[role] = r.status_code == 201
        if not done[role]:
            assert_problem(r, 403, "forbidden")
        assert (name in {u["username"] for u in await _users(admin)}) == done[role]
    return done


async def give_role(app: FastAPI, admin: AsyncClient, c: AsyncClient, kind: str) -> dict[str, bool]:
    done = {}
    for role in ROLES:
        target = await create_user(admin, role="operator")
        r = await c.patch(f"{USERS}/{target['id']}", json={"role": role})
        done[role] = r.status_code == 200
        if not done[role]:
            assert_problem(r, 403, "forbidden")
        assert (await admin.get(f"{USERS}/{target['id']}")).json() == (
            r.json() if done[role] else target
        )
    return done


async def set_password(
    app: FastAPI, admin: AsyncClient, c: AsyncClient, kind: str
) -> dict[str, bool]:
    done = {}
    for role in ROLES:
        target = await create_user(admin, role=role, password="original-password")
        r = await c.patch(f"{USERS}/{target['id']}", json={"password": "taken-over-password"})
        done[role] = r.status_code == 200
        if not done[role]:
            assert_problem(r, 403, "forbidden")
        assert await _can_log_in(app, target["username"], "taken-over-password") == done[role]
        assert await _can_log_in(app, target["username"], "original-password") != done[role]
    return done


async def reactivate(
    app: FastAPI, admin: AsyncClient, c: AsyncClient, kind: str
) -> dict[str, bool]:
    done = {}
    for role in ROLES:
        target = await create_user(admin, role=role)
        await admin.patch(f"{USERS}/{target['id']}", json={"active": False})
        r = await c.patch(f"{USERS}/{target['id']}", json={"active": True})
        done[role] = r.status_code == 200
        if not done[role]:
            assert_problem(r, 403, "forbidden")
        assert (await admin.get(f"{USERS}/{target['id']}")).json()["active"] == done[role]
    return done


async def create_key(
    app: FastAPI, admin: AsyncClient, c: AsyncClient, kind: str
) -> dict[str, bool]:
    done = {}
    for scopes in (["admin"], ["users:admin"], ["read"], ["orders:write"], ["audit:read"]):
        name = unique("child-")
        r = await c.post(KEYS, json={"name": name, "scopes": scopes})
        done["+".join(scopes)] = r.status_code == 201
        if r.status_code != 201:
            assert_problem(r, 403, "forbidden")
        names = {k["name"] for k in (await admin.get(KEYS, params={"limit": 500})).json()["items"]}
        assert (name in names) == (r.status_code == 201)
    return done


PATHS: dict[str, Path] = {
    "create_user": create_user_with_role,
    "give_role": give_role,
    "set_password": set_password,
    "reactivate": reactivate,
    "create_key": create_key,
}


def _expected(kind: str, path: str) -> dict[str, bool]:
    if path == "create_key":
        scopes = PRINCIPALS[kind]
        return {
            s: scopes is None or "admin" in scopes or s in scopes
            for s in ("admin", "users:admin", "read", "orders:write", "audit:read")
        }
    return {role: role in HOLDS[kind] for role in ROLES}


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("kind", PRINCIPALS)
async def test_no_principal_grants_more_than_it_holds(
    app: FastAPI, admin: AsyncClient, kind: str, path: str
) -> None:
    async with _caller(app, admin, kind) as c:
        assert await PATHS[path](app, admin, c, kind) == _expected(kind, path)


async def test_a_users_admin_key_cannot_take_over_the_admin(
    app: FastAPI, admin: AsyncClient
) -> None:
    """The attack from the field: create an admin, or reset the admin's password."""
    me = (await admin.get("/api/v1/auth/me")).json()
    async with _caller(app, admin, "users_admin_key") as c:
        body = {"username": "mallory", "password": "mallory-password", "role": "admin"}
        assert_problem(await c.post(USERS, json=body), 403, "forbidden")
        r = await c.patch(f"{USERS}/{me['id']}", json={"password": "mallory-password"})
        assert_problem(r, 403, "forbidden")
        # Nor may it deactivate or demote the admin, or change anything about them.
        for change in ({"active": False}, {"role": "operator"}, {"full_name": "Mallory"}):
            assert_problem(await c.patch(f"{USERS}/{me['id']}", json=change), 403, "forbidden")
    assert not await _can_log_in(app, "admin", "mallory-password")
    assert not await _can_log_in(app, "mallory", "mallory-password")
    assert (await admin.get(f"{USERS}/{me['id']}")).json()["full_name"] is None
