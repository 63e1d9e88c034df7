"""`/webhooks`: CRUD, validation, access, secrets, the delivery log's endpoints."""

from __future__ import annotations

import json

from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import select

from app.config import Settings
from app.models import AuditEntry
from tests.conftest import as_user, make_settings, running_app
from tests.support import assert_problem, create_user
from tests.webhooks.conftest import FAST

API = "/api/v1/webhooks"
HOOK = {"url": "http://127.0.0.1:9/hook", "events": ["unit.completed"]}


async def test_crud(app: FastAPI, admin: AsyncClient) -> None:
    r = await admin.post(
        API, json=HOOK | {"description": "ERP", "events": ["*", "order.completed"]}
    )
    assert r.status_code == 201, r.text
    created = r.json()
    assert created["secret"].startswith("whsec_")
    assert r.headers["cache-control"] == "no-store"
    assert created["events"] == ["*", "order.completed"]
    assert created["active"] is True and created["consecutive_failures"] == 0
    hook_id = created["id"]

    r = await admin.get(f"{API}/{hook_id}")
    assert r.status_code == 200
    assert "secret" not in r.json()
    listed = (await admin.get(API)).json()
    assert [h["id"] for h in listed["items"]] == [hook_id]
    assert "secret" not in listed["items"][0]

    r = await admin.patch(
        f"{API}/{hook_id}", json={"events": ["issue.opened"], "active": False, "description": None}
    )
    assert r.status_code == 200, r.text
    assert r.json()["events"] == ["issue.opened"] and r.json()["active"] is False
    assert r.json()["description"] is None
    assert [h["id"] for h in (await admin.get(API, params={"active": False})).json()["items"]] == [
        hook_id
    ]
    assert (await admin.get(API, params={"active": True})).json()["items"] == []

    r = await admin.post(f"{API}/{hook_id}/rotate-secret")
    assert r.status_code == 200, r.text
    assert r.json()["secret"].startswith("whsec_") and r.json()["secret"] != created["secret"]
    assert r.json()["previous_secret_expires_at"] is not None

    assert (await admin.delete(f"{API}/{hook_id}")).status_code == 204
    assert_problem(await admin.get(f"{API}/{hook_id}"), 404, "not_found")
    # Audited, never with a secret.
    async with app.state.db.transaction(write=False) as session:
        entries = (
            await session.scalars(
                select(AuditEntry)
                .where(AuditEntry.entity_type == "webhook")
                .order_by(AuditEntry.id)
            )
        ).all()
    assert [e.action for e in entries] == ["create", "update", "rotate_secret", "delete"]
    assert "whsec_" not in json.dumps([[e.before, e.after] for e in entries], default=str)


async def test_validation_changes_nothing(admin: AsyncClient) -> None:
    for body, code in [
        ({"url": "ftp://example.com/x", "events": ["*"]}, "invalid_webhook_url"),
        ({"url": "http://", "events": ["*"]}, None),
        ({"url": "http://127.0.0.1:9/hook", "events": ["unit.moved"]}, "validation_error"),
        ({"url": "http://127.0.0.1:9/hook", "events": []}, "validation_error"),
        ({"url": "http://127.0.0.1:9/hook"}, "validation_error"),
        (HOOK | {"secret": "whsec_mine"}, "validation_error"),
        (HOOK | {"active": "yes"}, "validation_error"),
    ]:
        r = await admin.post(API, json=body)
        assert_problem(r, 422, code)
    assert (await admin.get(API)).json()["items"] == []
    hook = (await admin.post(API, json=HOOK)).json()
    assert_problem(
        await admin.patch(f"{API}/{hook['id']}", json={"url": "gopher://x"}),
        422,
        "invalid_webhook_url",
    )
    assert_problem(await admin.patch(f"{API}/{hook['id']}", json={"events": ["nope"]}), 422)
    assert (await admin.get(f"{API}/{hook['id']}")).json()["url"] == HOOK["url"]


async def test_not_found(admin: AsyncClient) -> None:
    assert_problem(await admin.get(f"{API}/999"), 404, "not_found")
    assert_problem(await admin.patch(f"{API}/999", json={"active": True}), 404, "not_found")
    assert_problem(await admin.delete(f"{API}/999"), 404, "not_found")
    assert_problem(await admin.post(f"{API}/999/rotate-secret"), 404, "not_found")
    assert_problem(await admin.post(f"{API}/999/test"), 404, "not_found")
    assert_problem(await admin.get(f"{API}/999/deliveries"), 404, "not_found")
    hook = (await admin.post(API, json=HOOK)).json()
    assert_problem(await admin.post(f"{API}/{hook['id']}/deliveries/5/redeliver"), 404, "not_found")
    assert_problem(await admin.post(f"{API}/999/deliveries/5/redeliver"), 404, "not_found")
    assert_problem(await admin.get(f"{API}/0"), 422)
    assert_problem(await admin.get(f"{API}/{hook['id']}/deliveries", params={"status": "x"}), 422)
    assert_problem(await admin.get(f"{API}/{hook['id']}/deliveries", params={"cursor": "!"}), 400)


async def test_only_admins(app: FastAPI, admin: AsyncClient) -> None:
    hook = (await admin.post(API, json=HOOK)).json()
    for role in ("supervisor", "operator"):
        user = await create_user(admin, role=role)
        async with as_user(app, user["username"], "secret-password") as c:
            assert_problem(await c.get(API), 403, "forbidden")
            assert_problem(await c.post(API, json=HOOK), 403, "forbidden")
            assert_problem(await c.post(f"{API}/{hook['id']}/rotate-secret"), 403, "forbidden")
            assert_problem(await c.post(f"{API}/{hook['id']}/test"), 403, "forbidden")
    assert len((await admin.get(API)).json()["items"]) == 1


async def test_private_addresses_refused_by_default(database_url: str) -> None:
    settings: Settings = make_settings(database_url, **(FAST | {"webhooks_allow_private": False}))
    async with running_app(settings) as application, as_user(application) as admin:
        for url in ("http://127.0.0.1:8000/hook", "http://localhost/hook", "http://10.0.0.5/x"):
            assert_problem(
                await admin.post(API, json={"url": url, "events": ["*"]}), 422, "private_address"
            )
        unresolvable = {"url": "http://no-such-host.invalid/hook", "events": ["*"]}
        assert_problem(await admin.post(API, json=unresolvable), 422, "invalid_webhook_url")
        assert (await admin.get(API)).json()["items"] == []
