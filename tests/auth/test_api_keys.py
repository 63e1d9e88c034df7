from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from sqlalchemy import select

from app.auth.principal import SCOPES
from app.auth.security import hash_api_key
from app.models import ApiKey, AuditEntry
from tests.conftest import login
from tests.support import assert_problem, create_line, create_user

KEYS = "/api/v1/api-keys"
KEY_KEYS = {"id", "name", "prefix", "scopes", "created_at", "created_by", "revoked_at"}


def _as_key(app: FastAPI, key: str) -> AsyncClient:
    return AsyncClient(
        transport=ASGITransport(app=app), base_url="http://takt", headers={"X-API-Key": key}
    )


async def _create_key(admin: AsyncClient, *scopes: str, name: str = "erp") -> dict[str, Any]:
    r = await admin.post(KEYS, json={"name": name, "scopes": list(scopes)})
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


async def _stored_keys(app: FastAPI) -> list[ApiKey]:
    async with app.state.db.transaction(write=False) as session:
        return list(await session.scalars(select(ApiKey).order_by(ApiKey.id)))


async def test_create_returns_the_key_once(admin: AsyncClient, app: FastAPI) -> None:
    created = await _create_key(admin, "read", "orders:write", "read", name="ERP import")
    assert set(created) == KEY_KEYS | {"key"}
    key = created["key"]
    assert key.startswith("takt_") and len(key) > 40
    assert created["prefix"] == key[:12]
    assert created["scopes"] == ["orders:write", "read"]
    assert created["name"] == "ERP import" and created["created_by"] == "user:admin"
    assert created["revoked_at"] is None

    # Stored only as a hash.
    [stored] = await _stored_keys(app)
    assert stored.key_hash == hash_api_key(key) and key not in stored.key_hash

    one = (await admin.get(f"{KEYS}/{created['id']}")).json()
    listed = (await admin.get(KEYS)).json()["items"]
    assert set(one) == KEY_KEYS and listed == [one]
    assert one == {k: v for k, v in created.items() if k != "key"}
    for r in (await admin.get(KEYS), await admin.get(f"{KEYS}/{created['id']}")):
        assert key not in r.text and stored.key_hash not in r.text
        assert "key_hash" not in r.text


async def test_key_authenticates_with_its_scopes(admin: AsyncClient, app: FastAPI) -> None:
    line = await create_line(admin)
    created = await _create_key(admin, "read", name="dashboard")
    async with _as_key(app, created["key"]) as c:
        me = (await c.get("/api/v1/auth/me")).json()
        assert me == {
            "id": created["id"],
            "username": "dashboard",
            "role": None,
            "kind": "api_key",
            "line_ids": [],
            "workstation_id": None,
            "scopes": ["read"],
        }
        assert (await c.get(f"/api/v1/lines/{line['id']}")).status_code == 200
        assert (await c.get("/api/v1/lines")).status_code == 200
        body = {"code": "NEW", "name": "n"}
        assert_problem(await c.post("/api/v1/lines", json=body), 403, "forbidden")
        assert_problem(await c.get(KEYS), 403, "forbidden")
        assert_problem(await c.get("/api/v1/users"), 403, "forbidden")
        assert_problem(await c.get("/api/v1/audit-log"), 403, "forbidden")
    assert (await admin.get("/api/v1/lines", params={"code": "NEW"})).json()["items"] == []

    writer = await _create_key(admin, "config:write")
    async with _as_key(app, writer["key"]) as c:
        r = await c.post("/api/v1/lines", json={"code": "BYKEY", "name": "n"})
        assert r.status_code == 201, r.text
    everything = await _create_key(admin, "admin")
    async with _as_key(app, everything["key"]) as c:
        assert (await c.get(KEYS)).status_code == 200
        assert (await c.get("/api/v1/audit-log")).status_code == 200
    rows = (await admin.get("/api/v1/audit-log", params={"entity_type": "line"})).json()
    assert rows["items"][0]["actor"] == f"api_key:{writer['name']}"


async def test_revoked_key_is_refused(admin: AsyncClient, app: FastAPI) -> None:
    created = await _create_key(admin, "read")
    other = await _create_key(admin, "read", name="other")
    async with _as_key(app, created["key"]) as c:
        assert (await c.get("/api/v1/auth/me")).status_code == 200
        r = await admin.delete(f"{KEYS}/{created['id']}")
        assert r.status_code == 204 and r.content == b""
        assert_problem(await c.get("/api/v1/auth/me"), 401, "invalid_credentials")
        assert_problem(await c.get("/api/v1/lines"), 401, "invalid_credentials")
    async with _as_key(app, other["key"]) as c:
        assert (await c.get("/api/v1/auth/me")).status_code == 200

    revoked = (await admin.get(f"{KEYS}/{created['id']}")).json()
    assert revoked["revoked_at"] is not None
    # Revoking again is harmless and changes nothing.
    assert (await admin.delete(f"{KEYS}/{created['id']}")).status_code == 204
    assert (await admin.get(f"{KEYS}/{created['id']}")).json() == revoked

    ids = [k["id"] for k in (await admin.get(KEYS, params={"revoked": True})).json()["items"]]
    assert ids == [created["id"]]
    ids = [k["id"] for k in (await admin.get(KEYS, params={"revoked": False})).json()["items"]]
    assert ids == [other["id"]]

    async with app.state.db.transaction(write=False) as session:
        rows = (
            await session.scalars(
                select(AuditEntry)
                .where(AuditEntry.entity_type == "api_key")
                .order_by(AuditEntry.id)
            )
        ).all()
    assert [(r.action, r.entity_id) for r in rows] == [
        ("create", str(created["id"])),
        ("create", str(other["id"])),
        ("revoke", str(created["id"])),
    ]
    assert rows[0].after == {
        "id": created["id"],
        "name": "erp",
        "prefix": created["prefix"],
        "scopes": ["read"],
        "created_by": "user:admin",
    }
    assert rows[2].before == {"revoked_at": None} and rows[2].after is not None
    assert rows[2].after["revoked_at"] is not None
    for row in rows:
        assert created["key"] not in repr(row.after)


async def test_unknown_or_malformed_keys_are_401(client: AsyncClient) -> None:
    for key in ("takt_unknown", "x", "takt_" + "a" * 500):
        r = await client.get("/api/v1/auth/me", headers={"X-API-Key": key})
        assert_problem(r, 401, "invalid_credentials")


async def test_a_key_cannot_grant_more_than_it_holds(admin: AsyncClient, app: FastAPI) -> None:
    manager = await _create_key(admin, "users:admin", "read", name="provisioning")
    async with _as_key(app, manager["key"]) as c:
        r = await c.post(KEYS, json={"name": "escalate", "scopes": ["admin"]})
        assert_problem(r, 403, "forbidden")
        r = await c.post(KEYS, json={"name": "escalate", "scopes": ["read", "config:write"]})
        assert_problem(r, 403, "forbidden")
        r = await c.post(KEYS, json={"name": "child", "scopes": ["read"]})
        assert r.status_code == 201, r.text
        assert r.json()["created_by"] == "api_key:provisioning"
    names = [k["name"] for k in (await admin.get(KEYS)).json()["items"]]
    assert names == ["provisioning", "child"]


async def test_bad_input_is_422_and_changes_nothing(admin: AsyncClient, app: FastAPI) -> None:
    existing = await _create_key(admin, "read")
    before = (await admin.get(KEYS)).json()
    cases: list[Any] = [
        {},
        {"name": "n"},
        {"scopes": ["read"]},
        {"name": "n", "scopes": []},
        {"name": "n", "scopes": ["root"]},
        {"name": "n", "scopes": ["read", "nope"]},
        {"name": "n", "scopes": "read"},
        {"name": "n", "scopes": [1]},
        {"name": "n", "scopes": None},
        {"name": "n", "scopes": ["read"] * (len(SCOPES) + 1)},
        {"name": "", "scopes": ["read"]},
        {"name": "n" * 101, "scopes": ["read"]},
        {"name": "nul\x00", "scopes": ["read"]},
        {"name": 5, "scopes": ["read"]},
        {"name": "n", "scopes": ["read"], "key": "takt_mine"},
        {"name": "n", "scopes": ["read"], "prefix": "x"},
        [{"name": "n", "scopes": ["read"]}],
    ]
    for body in cases:
        problem = assert_problem(await admin.post(KEYS, json=body), 422, "validation_error")
        assert problem["errors"], body
    for path in ("abc", "0", str(2**70)):
        assert_problem(await admin.get(f"{KEYS}/{path}"), 422, "validation_error")
        assert_problem(await admin.delete(f"{KEYS}/{path}"), 422, "validation_error")
    assert_problem(await admin.get(f"{KEYS}/99999999"), 404, "not_found")
    assert_problem(await admin.delete(f"{KEYS}/99999999"), 404, "not_found")
    assert_problem(await admin.get(KEYS, params={"revoked": "perhaps"}), 422)
    assert_problem(await admin.get(KEYS, params={"limit": 2**70}), 422)
    r = await admin.patch(f"{KEYS}/{existing['id']}", json={"scopes": ["admin"]})
    assert_problem(r, 405, "method_not_allowed")
    assert (await admin.get(KEYS)).json() == before
    assert len(await _stored_keys(app)) == 1


async def test_only_admins_manage_keys(admin: AsyncClient, app: FastAPI) -> None:
    existing = await _create_key(admin, "read")
    for role in ("operator", "supervisor"):
        user = await create_user(admin, role=role, password="password-1-long")
        c = await login(app, user["username"], "password-1-long")
        try:
            assert_problem(await c.get(KEYS), 403, "forbidden")
            assert_problem(await c.get(f"{KEYS}/{existing['id']}"), 403, "forbidden")
            r = await c.post(KEYS, json={"name": "mine", "scopes": ["admin"]})
            assert_problem(r, 403, "forbidden")
            assert_problem(await c.delete(f"{KEYS}/{existing['id']}"), 403, "forbidden")
        finally:
            await c.aclose()
    [stored] = await _stored_keys(app)
    assert stored.revoked_at is None
