"""Idempotency keys keep no secret, replay nothing a caller may no longer get, and compare
JSON bodies canonically (issue 11, item 4)."""

from __future__ import annotations

import json

from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import select

from app.models import IdempotencyRecord
from tests.conftest import login
from tests.support import assert_problem, create_user

LINES = "/api/v1/lines"
KEYS = "/api/v1/api-keys"


async def _stored_bodies(app: FastAPI) -> list[bytes]:
    async with app.state.db.transaction(write=False) as session:
        return [r or b"" for r in await session.scalars(select(IdempotencyRecord.body))]


async def test_a_new_api_key_is_never_stored_nor_replayed(admin: AsyncClient, app: FastAPI) -> None:
    headers = {"Idempotency-Key": "new-key-1"}
    first = await admin.post(KEYS, json={"name": "erp", "scopes": ["read"]}, headers=headers)
    assert first.status_code == 201, first.text
    secret = first.json()["key"]
    assert first.headers["cache-control"] == "no-store"
    assert not any(secret.encode() in body for body in await _stored_bodies(app))

    again = await admin.post(KEYS, json={"name": "erp", "scopes": ["read"]}, headers=headers)
    assert_problem(again, 409, "idempotency_not_replayable")
    assert again.headers["idempotent-replayed"] == "true"
    assert secret not in again.text
    # Done once: one key exists.
    assert [k["name"] for k in (await admin.get(KEYS)).json()["items"]] == ["erp"]


async def test_a_replay_is_authorized_first(admin: AsyncClient, app: FastAPI) -> None:
    """A caller demoted since its first request is refused as a fresh request would be."""
    boss = await create_user(admin, role="admin", password="boss-password-12")
    c = await login(app, boss["username"], "boss-password-12")
    try:
        headers = {"Idempotency-Key": "demoted-1"}
        body = {"code": "DEMO", "name": "n"}
        assert (await c.post(LINES, json=body, headers=headers)).status_code == 201
        replay = await c.post(LINES, json=body, headers=headers)
        assert replay.headers["idempotent-replayed"] == "true"
        r = await admin.patch(f"/api/v1/users/{boss['id']}", json={"role": "operator"})
        assert r.status_code == 200
        refused = await c.post(LINES, json=body, headers=headers)
        assert_problem(refused, 403, "forbidden")
        assert "idempotent-replayed" not in refused.headers
        # Nor does a key revoked since its request get its answer again.
        r = await admin.post(KEYS, json={"name": "k", "scopes": ["config:write"]})
        key_id, key = r.json()["id"], {"X-API-Key": r.json()["key"]}
        k_headers = key | {"Idempotency-Key": "revoked-1"}
        k_body = {"code": "KEYL", "name": "n"}
        assert (await admin.post(LINES, json=k_body, headers=k_headers)).status_code == 201
        await admin.delete(f"{KEYS}/{key_id}")
        assert_problem(await admin.post(LINES, json=k_body, headers=k_headers), 401)
    finally:
        await c.aclose()


async def test_the_same_json_in_another_order_is_the_same_body(admin: AsyncClient) -> None:
    headers = {"Idempotency-Key": "canonical-1", "Content-Type": "application/json"}
    first = await admin.post(LINES, content=b'{"code": "CAN", "name": "n"}', headers=headers)
    assert first.status_code == 201, first.text
    for same in (b'{"name":"n","code":"CAN"}', b'\n{ "name" : "n",\n  "code" : "CAN" }\n'):
        again = await admin.post(LINES, content=same, headers=headers)
        assert again.status_code == 201, again.text
        assert again.headers["idempotent-replayed"] == "true"
        assert again.json() == first.json()
    other = json.dumps({"name": "n", "code": "CAN2"}).encode()
    assert_problem(
        await admin.post(LINES, content=other, headers=headers), 409, "idempotency_key_reused"
    )
    assert [x["code"] for x in (await admin.get(LINES)).json()["items"]] == ["CAN"]
