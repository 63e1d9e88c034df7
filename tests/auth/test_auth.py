from __future__ import annotations

import asyncio
import base64
import json
import re
from datetime import timedelta
from typing import Any

import jwt
import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from httpx import ASGITransport, AsyncClient

from app.auth.security import TOKEN_ALGORITHM, TOKEN_AUDIENCE, issue_token
from app.kit.time import utcnow
from tests.conftest import ADMIN_PASSWORD, login
from tests.support import assert_problem, create_line, create_user

TOKEN = "/api/v1/auth/token"
ME = "/api/v1/auth/me"
SECRET = "test-secret-key-that-is-long-enough-0123456789"  # make_settings' secret_key


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_token_flow(client: AsyncClient, app: FastAPI) -> None:
    r = await client.post(TOKEN, data={"username": "admin", "password": ADMIN_PASSWORD})
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == {"access_token", "token_type", "expires_in"}
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == app.state.settings.token_expire_minutes * 60
    me = await client.get(ME, headers=_bearer(body["access_token"]))
    assert me.status_code == 200
    assert me.json() == {
        "id": me.json()["id"],
        "username": "admin",
        "role": "admin",
        "kind": "person",
        "line_ids": [],
        "workstation_id": None,
        "scopes": [],
    }


async def test_bad_credentials_get_the_same_401(client: AsyncClient, admin: AsyncClient) -> None:
    inactive = await create_user(admin, password="password-1-long")
    await admin.patch(f"/api/v1/users/{inactive['id']}", json={"active": False})
    details = set()
    for username, password in (
        ("admin", "wrong-password"),
        ("nobody", ADMIN_PASSWORD),
        ("ADMIN", ADMIN_PASSWORD),
        (inactive["username"], "password-1-long"),
        ("x" * 5000, "y" * 5000),
    ):
        r = await client.post(TOKEN, data={"username": username, "password": password})
        problem = assert_problem(r, 401, "invalid_credentials")
        assert r.headers["www-authenticate"] == "Bearer"
        details.add(problem["detail"])
    assert len(details) == 1  # nothing tells a wrong password from an unknown user
    # Issue 11 item 10: a NUL is refused at the edge (422) for every user name alike.
    r = await client.post(TOKEN, data={"username": "ad\x00min", "password": ADMIN_PASSWORD})
    assert_problem(r, 422, "validation_error")


async def test_token_request_must_be_a_form(client: AsyncClient) -> None:
    assert_problem(await client.post(TOKEN, data={"username": "admin"}), 422, "validation_error")
    assert_problem(await client.post(TOKEN, data={}), 422, "validation_error")
    r = await client.post(TOKEN, data={"username": "admin", "password": ""})
    assert_problem(r, 422, "validation_error")
    r = await client.post(TOKEN, json={"username": "admin", "password": ADMIN_PASSWORD})
    assert_problem(r, 415, "unsupported_media_type")  # issue 11 item 16: the form's type only
    assert_problem(await client.get(TOKEN), 405, "method_not_allowed")


async def test_expired_token_is_refused(client: AsyncClient, app: FastAPI) -> None:
    admin_id = 1
    fresh, _ = issue_token(admin_id, SECRET, 5)
    assert (await client.get(ME, headers=_bearer(fresh))).status_code == 200
    expired, _ = issue_token(admin_id, SECRET, -1)
    r = await client.get(ME, headers=_bearer(expired))
    assert_problem(r, 401, "invalid_credentials")
    assert r.headers["www-authenticate"] == "Bearer"


def _claims(**overrides: object) -> dict[str, object]:
    now = utcnow()
    claims: dict[str, object] = {
        "sub": "1",
        "aud": TOKEN_AUDIENCE,
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(minutes=5)).timestamp()),
    }
    claims.update(overrides)
    return {k: v for k, v in claims.items() if v is not None}


def _b64(data: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


async def test_tampered_or_foreign_tokens_are_refused(client: AsyncClient) -> None:
    good = jwt.encode(_claims(), SECRET, algorithm=TOKEN_ALGORITHM)
    assert (await client.get(ME, headers=_bearer(good))).status_code == 200
    header, payload, signature = good.split(".")
    flipped = signature[:-2] + ("AA" if signature[-2:] != "AA" else "BB")
    forged_payload = _b64(_claims(sub="2"))
    tokens = {
        "signature changed": f"{header}.{payload}.{flipped}",
        "payload changed": f"{header}.{forged_payload}.{signature}",
        "other secret": jwt.encode(_claims(), "another-secret-" * 3, algorithm=TOKEN_ALGORITHM),
        "alg none": f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{payload}.",
        "other audience": jwt.encode(_claims(aud="elsewhere"), SECRET, algorithm="HS256"),
        "no expiry": jwt.encode(_claims(exp=None), SECRET, algorithm="HS256"),
        "no subject": jwt.encode(_claims(sub=None), SECRET, algorithm="HS256"),
        "subject not a number": jwt.encode(_claims(sub="admin"), SECRET, algorithm="HS256"),
        "unknown user": jwt.encode(_claims(sub="999999"), SECRET, algorithm="HS256"),
        "huge user id": jwt.encode(_claims(sub=str(2**70)), SECRET, algorithm="HS256"),
        "negative user id": jwt.encode(_claims(sub="-1"), SECRET, algorithm="HS256"),
        "subject a list": jwt.encode(_claims(sub=["1"]), SECRET, algorithm="HS256"),
        "garbage": "not-a-token",
        "empty parts": "..",
    }
    for name, token in tokens.items():
        r = await client.get(ME, headers=_bearer(token))
        assert r.status_code == 401, (name, r.status_code, r.text)
        assert_problem(r, 401, "invalid_credentials")
    for header_value in ("Basic YWRtaW46YWRtaW4=", "Bearer", "Token abc", ""):
        r = await client.get(ME, headers={"Authorization": header_value})
        assert_problem(r, 401)


async def test_me_for_an_operator_with_lines(admin: AsyncClient, app: FastAPI) -> None:
    l1, l2 = await create_line(admin), await create_line(admin)
    user = await create_user(admin, role="operator", line_ids=[l2["id"], l1["id"]])
    c = await login(app, user["username"], "secret-password")
    try:
        me = (await c.get(ME)).json()
    finally:
        await c.aclose()
    assert me["id"] == user["id"] and me["role"] == "operator" and me["kind"] == "person"
    assert me["line_ids"] == sorted([l1["id"], l2["id"]]) and me["scopes"] == []


async def test_me_for_an_api_key(admin: AsyncClient, app: FastAPI) -> None:
    r = await admin.post("/api/v1/api-keys", json={"name": "mes-bridge", "scopes": ["read"]})
    key = r.json()
    async with AsyncClient(
        transport=ASGITransport(app=app), base_url="http://takt", headers={"X-API-Key": key["key"]}
    ) as c:
        me = (await c.get(ME)).json()
    assert me["id"] == key["id"] and me["username"] == "mes-bridge"
    assert me["kind"] == "api_key" and me["role"] is None and me["scopes"] == ["read"]


# -- who may call what -----------------------------------------------------------------------

ADMIN_ONLY = [
    ("GET", "/api/v1/users"),
    ("POST", "/api/v1/users"),
    ("GET", "/api/v1/users/1"),
    ("PATCH", "/api/v1/users/1"),
    ("GET", "/api/v1/api-keys"),
    ("POST", "/api/v1/api-keys"),
    ("GET", "/api/v1/api-keys/1"),
    ("DELETE", "/api/v1/api-keys/1"),
    ("GET", "/api/v1/audit-log"),
    ("GET", "/api/v1/audit-log/export"),
    ("GET", "/api/v1/audit-log/1"),
    ("POST", "/api/v1/lines"),
    ("PATCH", "/api/v1/lines/1"),
    ("DELETE", "/api/v1/lines/1"),
]


@pytest.mark.parametrize("role", ["operator", "supervisor"])
async def test_role_matrix(admin: AsyncClient, app: FastAPI, role: str) -> None:
    line = await create_line(admin)
    assert line["id"] == 1
    user = await create_user(admin, role=role, password="password-1-long", line_ids=[1])
    c = await login(app, user["username"], "password-1-long")
    try:
        for method, path in ADMIN_ONLY:
            r = await c.request(method, path, json={})
            assert_problem(r, 403, "forbidden")
        # Everyone reads configuration and sees themselves.
        assert (await c.get("/api/v1/lines")).status_code == 200
        assert (await c.get("/api/v1/lines/1")).status_code == 200
        assert (await c.get(ME)).status_code == 200
    finally:
        await c.aclose()
    # The admin may do all of it (whatever the answer, it is not a refusal).
    for method, path in ADMIN_ONLY:
        r = await admin.request(method, path, json={})
        assert r.status_code not in (401, 403), (method, path, r.text)


async def test_open_endpoints(client: AsyncClient) -> None:
    assert (await client.get("/health")).status_code == 200
    r = await client.post(TOKEN, data={"username": "admin", "password": ADMIN_PASSWORD})
    assert r.status_code == 200


def _api_routes(app: FastAPI) -> list[tuple[str, set[str]]]:
    """(path, methods) of every HTTP route, also those in included routers."""
    try:
        from fastapi.routing import iter_route_contexts
    except ImportError:  # FastAPI before lazily included routers: `app.routes` is flat
        return [(r.path, set(r.methods or ())) for r in app.routes if isinstance(r, APIRoute)]
    return [
        (ctx.path, set(ctx.methods or ()))
        for ctx in iter_route_contexts(app.routes)
        if isinstance(ctx.original_route, APIRoute) and ctx.path
    ]


async def test_every_api_route_refuses_anonymous_callers(app: FastAPI, client: AsyncClient) -> None:
    checked: set[str] = set()
    for route_path, methods in _api_routes(app):
        if not route_path.startswith("/api/v1") or route_path == TOKEN:
            continue
        path = re.sub(r"\{[^}]+\}", "1", route_path)
        for method in sorted(methods - {"HEAD", "OPTIONS"}):
            r = await client.request(method, path)
            problem = assert_problem(r, 401, "not_authenticated")
            assert r.headers["www-authenticate"] == "Bearer", (method, route_path)
            assert problem["detail"]
            r = await client.request(method, path, headers={"X-API-Key": "takt_wrong"})
            assert_problem(r, 401, "invalid_credentials")
            checked.add(f"{method} {route_path}")
    # The route table really was walked.
    assert {"GET /api/v1/auth/me", "PATCH /api/v1/users/{user_id}", "GET /api/v1/lines"} <= checked


async def test_concurrent_requests_share_one_credential_lookup(
    app: FastAPI, admin: AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When a cached principal is missing (or expired) while many requests with the same
    token are in flight, the database sees one lookup; a request that gives up does not
    cancel it for the others."""
    auth = app.state.auth
    token = admin.headers["Authorization"].removeprefix("Bearer ")
    real = auth.load_user
    calls = 0
    release = asyncio.Event()

    async def slow_load(user_id: int) -> Any:
        nonlocal calls
        calls += 1
        await release.wait()
        return await real(user_id)

    monkeypatch.setattr(auth, "load_user", slow_load)
    auth.invalidate()
    waiting = [asyncio.ensure_future(auth.from_token(token)) for _ in range(20)]
    impatient = asyncio.ensure_future(auth.from_token(token))
    await asyncio.sleep(0.05)
    impatient.cancel()
    release.set()
    principals = await asyncio.gather(*waiting)
    assert calls == 1
    assert {p.name for p in principals} == {"admin"}
    assert impatient.cancelled()
    r = await admin.get("/api/v1/lines")  # and the API still authenticates normally
    assert r.status_code == 200
