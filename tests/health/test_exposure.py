"""What the open endpoints and every response give away (issue 11, item 9): no database
error to anonymous callers, `nosniff` everywhere, no cache for secrets, a loud warning for
a signing key kept in the database, and a real password policy."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from pydantic import ValidationError

from app.config import Settings
from app.db import migrate
from app.main import create_app
from tests.conftest import make_settings
from tests.support import assert_problem, create_user

USERS = "/api/v1/users"


async def test_health_hides_the_database_error(
    client: AsyncClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(engine: Any) -> str:
        raise OSError("connect to db.internal:5432 as user takt_owner failed: password=hunter2")

    monkeypatch.setattr(migrate, "current_revision", broken)
    with caplog.at_level(logging.WARNING, logger="takt.health"):
        r = await client.get("/health")
    assert r.status_code == 503
    body = r.json()
    assert body["status"] == "degraded" and body["database"]["ok"] is False
    assert body["database"]["error"]
    for leak in ("hunter2", "db.internal", "takt_owner", "OSError"):
        assert leak not in r.text
    assert "hunter2" in caplog.text  # the operator finds it in the log


async def test_every_response_says_nosniff(app: FastAPI, admin: AsyncClient) -> None:
    async def explode() -> None:
        raise RuntimeError("boom")

    app.add_api_route("/api/v1/test-explode-nosniff", explode, methods=["GET"])
    async with AsyncClient(
        transport=ASGITransport(app=app, raise_app_exceptions=False), base_url="http://takt"
    ) as anonymous:
        responses = [
            await anonymous.get("/health"),
            await anonymous.get("/api/v1/lines"),  # 401
            await anonymous.get("/nowhere"),  # 404
            await admin.get("/api/v1/lines"),
            await admin.post("/api/v1/lines", json={"code": ""}),  # 422
            await anonymous.get("/api/v1/test-explode-nosniff"),  # 500
            await anonymous.get("/docs"),
        ]
        idem = {"Idempotency-Key": "nosniff"}
        for _ in range(2):  # the replay too
            responses.append(await admin.post("/api/v1/lines", json={"code": "NS"}, headers=idem))
    assert [r.status_code for r in responses][:6] == [200, 401, 404, 200, 422, 500]
    for r in responses:
        assert r.headers.get("x-content-type-options") == "nosniff", (r.url, r.headers)


async def test_tokens_are_not_cached(client: AsyncClient, admin: AsyncClient) -> None:
    r = await client.post(
        "/api/v1/auth/token", data={"username": "admin", "password": "admin-password-for-tests"}
    )
    assert r.status_code == 200
    assert r.headers["cache-control"] == "no-store"
    r = await admin.post("/api/v1/api-keys", json={"name": "k", "scopes": ["read"]})
    assert r.status_code == 201 and r.headers["cache-control"] == "no-store"


async def test_a_signing_key_in_the_database_is_announced_loudly(
    database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    settings = make_settings(database_url, secret_key=None)
    application = create_app(settings)
    with caplog.at_level(logging.WARNING, logger="takt.auth"):
        async with application.router.lifespan_context(application):
            pass
    assert "TAKT_SECRET_KEY is not set" in caplog.text and "PLAIN TEXT" in caplog.text


WEAK = [
    "password",  # too short
    "12345678",
    "password1234",  # common (with digits around)
    "Password1234!",
    "administrator",
    "qwertyuiop12",
    "123456789012",  # a run of digits
    "abcdefghijklmn",
    "aaaaaaaaaaaaaaaa",  # too few different characters
    "abababababab",
]


async def test_weak_passwords_are_refused(admin: AsyncClient, app: FastAPI) -> None:
    target = await create_user(admin, username="j.doe.smith12", password="a-fine-passphrase")
    for password in [*WEAK, "J.DOE.SMITH12B", "j.doe.smith12b!"]:
        r = await admin.post(
            USERS, json={"username": "j.doe.smith12b", "password": password, "role": "operator"}
        )
        problem = assert_problem(r, 422)
        assert problem["code"] in ("validation_error", "weak_password"), problem
        assert problem["errors"][0]["loc"] == ["body", "password"], problem
    for password in WEAK:
        r = await admin.patch(f"{USERS}/{target['id']}", json={"password": password})
        assert_problem(r, 422)
    # The username itself (any case, digits or symbols around) on a password change too.
    for password in ("J.DOE.SMITH12", "j.doe.smith12!!"):
        r = await admin.patch(f"{USERS}/{target['id']}", json={"password": password})
        assert_problem(r, 422, "weak_password")
    names = {u["username"] for u in (await admin.get(USERS)).json()["items"]}
    assert "j.doe.smith12b" not in names
    r = await admin.patch(f"{USERS}/{target['id']}", json={"password": "tram-lines-at-dusk"})
    assert r.status_code == 200


def test_production_refuses_a_weak_admin_password() -> None:
    production: dict[str, Any] = {
        "env": "production",
        "database_url": "postgresql+asyncpg://takt@db/takt",
        "secret_key": "s" * 40,
    }
    with pytest.raises(ValidationError, match="TAKT_ADMIN_PASSWORD"):
        Settings(**production, admin_password="password1234")
    assert Settings(**production, admin_password="a-long-and-unusual-one").admin_password
