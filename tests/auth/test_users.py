from __future__ import annotations

import asyncio
from typing import Any

from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from sqlalchemy import select

from app.config import Settings
from app.main import create_app
from app.models import AuditEntry, User, Workstation
from tests.conftest import ADMIN_PASSWORD, login, make_settings
from tests.support import assert_problem, create_line, create_user, unique

USERS = "/api/v1/users"
USER_KEYS = {
    "id",
    "username",
    "role",
    "kind",
    "full_name",
    "line_ids",
    "workstation_id",
    "active",
    "created_at",
    "updated_at",
}


async def _workstation(app: FastAPI, line_id: int) -> int:
    """A workstation inserted directly (this file tests users, not workstations)."""
    async with app.state.db.transaction() as session:
        ws = Workstation(code=unique("WS"), name="Workstation", line_id=line_id)
        session.add(ws)
        await session.flush()
        return ws.id


async def _audit(app: FastAPI, entity_type: str = "user") -> list[AuditEntry]:
    async with app.state.db.transaction(write=False) as session:
        rows = await session.scalars(
            select(AuditEntry).where(AuditEntry.entity_type == entity_type).order_by(AuditEntry.id)
        )
        return list(rows)


async def _all_users(admin: AsyncClient) -> list[dict[str, Any]]:
    r = await admin.get(USERS, params={"limit": 500})
    assert r.status_code == 200, r.text
    return r.json()["items"]  # type: ignore[no-any-return]


async def test_create_get_list_update(admin: AsyncClient, app: FastAPI) -> None:
    l1, l2 = await create_line(admin), await create_line(admin)
    user = await create_user(
        admin, role="operator", username="j.doe@plant-1", line_ids=[l2["id"], l1["id"]]
    )
    assert set(user) == USER_KEYS
    assert user["username"] == "j.doe@plant-1" and user["role"] == "operator"
    assert user["kind"] == "person" and user["active"] is True and user["full_name"] is None
    assert user["line_ids"] == sorted([l1["id"], l2["id"]])
    assert user["workstation_id"] is None

    got = (await admin.get(f"{USERS}/{user['id']}")).json()
    assert got == user

    r = await admin.patch(
        f"{USERS}/{user['id']}",
        json={"role": "supervisor", "full_name": "Jane Doe", "line_ids": [l1["id"]]},
    )
    assert r.status_code == 200, r.text
    changed = r.json()
    assert changed["role"] == "supervisor" and changed["full_name"] == "Jane Doe"
    assert changed["line_ids"] == [l1["id"]] and changed["username"] == "j.doe@plant-1"
    assert (await admin.get(f"{USERS}/{user['id']}")).json() == changed

    r = await admin.patch(f"{USERS}/{user['id']}", json={"full_name": None, "line_ids": []})
    assert r.json()["full_name"] is None and r.json()["line_ids"] == []

    usernames = [u["username"] for u in await _all_users(admin)]
    assert usernames == ["admin", "j.doe@plant-1"]


async def test_password_hash_is_never_returned(admin: AsyncClient, app: FastAPI) -> None:
    user = await create_user(admin, password="first-password")
    async with app.state.db.transaction(write=False) as session:
        stored = await session.get(User, user["id"])
        assert stored is not None
        password_hash = stored.password_hash
    assert password_hash.startswith("$argon2")
    responses = [
        await admin.get(f"{USERS}/{user['id']}"),
        await admin.get(USERS),
        await admin.patch(f"{USERS}/{user['id']}", json={"password": "second-password"}),
        await admin.get("/api/v1/audit-log"),
        await admin.get("/api/v1/audit-log/export"),
    ]
    for r in responses:
        assert r.status_code == 200, r.text
        assert "password_hash" not in r.text and "$argon2" not in r.text
        assert "first-password" not in r.text and "second-password" not in r.text


async def test_created_user_can_log_in_and_sees_itself(admin: AsyncClient, app: FastAPI) -> None:
    line = await create_line(admin)
    user = await create_user(
        admin, role="supervisor", line_ids=[line["id"]], password="pw-1234567890"
    )
    c = await login(app, user["username"], "pw-1234567890")
    try:
        me = (await c.get("/api/v1/auth/me")).json()
    finally:
        await c.aclose()
    assert me["id"] == user["id"] and me["username"] == user["username"]
    assert me["role"] == "supervisor" and me["kind"] == "person"
    assert me["line_ids"] == [line["id"]]


async def test_password_whitespace_is_kept(admin: AsyncClient, app: FastAPI) -> None:
    user = await create_user(admin, password="  spaced out  ")
    c = await login(app, user["username"], "  spaced out  ")
    await c.aclose()
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://takt") as anon:
        r = await anon.post(
            "/api/v1/auth/token", data={"username": user["username"], "password": "spaced out"}
        )
    assert_problem(r, 401, "invalid_credentials")


async def test_duplicate_username_is_409_and_changes_nothing(admin: AsyncClient) -> None:
    await create_user(admin, username="taken", role="operator")
    before = await _all_users(admin)
    r = await admin.post(
        USERS,
        json={"username": "taken", "password": "another-pass", "role": "admin", "line_ids": []},
    )
    assert_problem(r, 409, "duplicate")
    assert await _all_users(admin) == before


async def test_unknown_references_are_422(admin: AsyncClient, app: FastAPI) -> None:
    line = await create_line(admin)
    before = await _all_users(admin)
    audit_before = len(await _audit(app))
    base = {"username": "ref-user", "password": "password-1-long", "role": "operator"}
    body = assert_problem(
        await admin.post(USERS, json=base | {"line_ids": [line["id"], 99999]}),
        422,
        "unknown_reference",
    )
    assert "99999" in body["detail"]
    assert_problem(
        await admin.post(USERS, json=base | {"kind": "workstation", "workstation_id": 99999}),
        422,
        "unknown_reference",
    )
    user = await create_user(admin, line_ids=[line["id"]])
    assert_problem(
        await admin.patch(f"{USERS}/{user['id']}", json={"line_ids": [99999]}),
        422,
        "unknown_reference",
    )
    assert (await admin.get(f"{USERS}/{user['id']}")).json()["line_ids"] == [line["id"]]
    assert [u["id"] for u in await _all_users(admin)] == [*[u["id"] for u in before], user["id"]]
    assert len(await _audit(app)) == audit_before + 1


async def test_workstation_accounts(admin: AsyncClient, app: FastAPI) -> None:
    line = await create_line(admin)
    ws = await _workstation(app, line["id"])
    terminal = await create_user(
        admin,
        kind="workstation",
        workstation_id=ws,
        line_ids=[line["id"]],
        password="terminal-1-long",
    )
    assert terminal["kind"] == "workstation" and terminal["workstation_id"] == ws
    c = await login(app, terminal["username"], "terminal-1-long")
    try:
        me = (await c.get("/api/v1/auth/me")).json()
    finally:
        await c.aclose()
    assert me["kind"] == "workstation" and me["workstation_id"] == ws

    listed = (await admin.get(USERS, params={"kind": "workstation"})).json()["items"]
    assert [u["id"] for u in listed] == [terminal["id"]]

    # A person cannot be bound to a workstation, neither at creation nor by a later change.
    r = await admin.post(
        USERS,
        json={
            "username": "person-at-ws",
            "password": "password-1-long",
            "role": "operator",
            "workstation_id": ws,
        },
    )
    assert_problem(r, 422, "validation_error")["errors"]
    r = await admin.patch(f"{USERS}/{terminal['id']}", json={"kind": "person"})
    assert_problem(r, 422, "validation_error")["errors"]
    person = await create_user(admin)
    r = await admin.patch(f"{USERS}/{person['id']}", json={"workstation_id": ws})
    assert_problem(r, 422, "validation_error")
    assert (await admin.get(f"{USERS}/{terminal['id']}")).json() == terminal

    r = await admin.patch(
        f"{USERS}/{terminal['id']}", json={"kind": "person", "workstation_id": None}
    )
    assert r.status_code == 200, r.text
    assert r.json()["kind"] == "person" and r.json()["workstation_id"] is None
    assert_problem(
        await admin.patch(
            f"{USERS}/{terminal['id']}", json={"kind": "workstation", "workstation_id": 99999}
        ),
        422,
        "unknown_reference",
    )


async def test_deactivation_stops_tokens_and_logins(admin: AsyncClient, app: FastAPI) -> None:
    user = await create_user(admin, password="password-1-long")
    c = await login(app, user["username"], "password-1-long")
    try:
        assert (await c.get("/api/v1/auth/me")).status_code == 200
        r = await admin.patch(f"{USERS}/{user['id']}", json={"active": False})
        assert r.status_code == 200 and r.json()["active"] is False
        assert_problem(await c.get("/api/v1/auth/me"), 401, "invalid_credentials")
        r = await c.post(
            "/api/v1/auth/token", data={"username": user["username"], "password": "password-1-long"}
        )
        assert_problem(r, 401, "invalid_credentials")

        inactive = (await admin.get(USERS, params={"active": False})).json()["items"]
        assert [u["id"] for u in inactive] == [user["id"]]

        await admin.patch(f"{USERS}/{user['id']}", json={"active": True})
        # Reactivation does not revive the tokens issued before the deactivation (issue 11).
        assert_problem(await c.get("/api/v1/auth/me"), 401, "invalid_credentials")
        fresh = await login(app, user["username"], "password-1-long")
        assert (await fresh.get("/api/v1/auth/me")).status_code == 200
        await fresh.aclose()
    finally:
        await c.aclose()


async def test_changes_take_effect_despite_the_principal_cache(database_url: str) -> None:
    """With the in-process cache on, a deactivation or new role applies on the next request."""
    settings: Settings = make_settings(database_url, auth_cache_seconds=300)
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        admin = await login(application, "admin", ADMIN_PASSWORD)
        try:
            user = await create_user(admin, role="operator", password="password-1-long")
            c = await login(application, user["username"], "password-1-long")
            try:
                assert (await c.get("/api/v1/auth/me")).json()["role"] == "operator"
                await admin.patch(f"{USERS}/{user['id']}", json={"role": "supervisor"})
                assert (await c.get("/api/v1/auth/me")).json()["role"] == "supervisor"
                await admin.patch(f"{USERS}/{user['id']}", json={"active": False})
                assert_problem(await c.get("/api/v1/auth/me"), 401)
            finally:
                await c.aclose()
        finally:
            await admin.aclose()


async def test_last_admin_cannot_be_demoted_or_deactivated(
    admin: AsyncClient, app: FastAPI
) -> None:
    me = (await admin.get("/api/v1/auth/me")).json()
    for change in (
        {"role": "supervisor"},
        {"active": False},
        {"role": "operator", "active": False},
    ):
        assert_problem(await admin.patch(f"{USERS}/{me['id']}", json=change), 409, "last_admin")
    assert (await admin.get(f"{USERS}/{me['id']}")).json()["role"] == "admin"

    # An inactive admin does not count.
    dormant = await create_user(admin, role="admin")
    await admin.patch(f"{USERS}/{dormant['id']}", json={"active": False})
    assert_problem(
        await admin.patch(f"{USERS}/{me['id']}", json={"active": False}), 409, "last_admin"
    )

    second = await create_user(admin, role="admin", password="second-admin")
    r = await admin.patch(f"{USERS}/{me['id']}", json={"role": "supervisor"})
    assert r.status_code == 200, r.text
    # The bootstrap admin's token now carries a supervisor: user administration is refused.
    assert_problem(await admin.get(USERS), 403, "forbidden")

    c = await login(app, second["username"], "second-admin")
    try:
        r = await c.patch(f"{USERS}/{second['id']}", json={"active": False})
        assert_problem(r, 409, "last_admin")
        # Harmless changes to the last admin are fine.
        r = await c.patch(f"{USERS}/{second['id']}", json={"full_name": "Boss", "role": "admin"})
        assert r.status_code == 200 and r.json()["full_name"] == "Boss"
    finally:
        await c.aclose()


async def test_password_change(admin: AsyncClient, app: FastAPI) -> None:
    user = await create_user(admin, password="old-password")
    r = await admin.patch(f"{USERS}/{user['id']}", json={"password": "new-password"})
    assert r.status_code == 200 and r.json()["updated_at"] >= user["updated_at"]
    anonymous = AsyncClient(transport=ASGITransport(app=app), base_url="http://takt")
    async with anonymous:
        r = await anonymous.post(
            "/api/v1/auth/token", data={"username": user["username"], "password": "old-password"}
        )
        assert_problem(r, 401, "invalid_credentials")
    c = await login(app, user["username"], "new-password")
    await c.aclose()
    last = (await _audit(app))[-1]
    assert (last.action, last.entity_id) == ("update", str(user["id"]))
    assert last.before == {} and last.after == {"password_changed": True}


async def test_changes_are_audited_without_secrets(admin: AsyncClient, app: FastAPI) -> None:
    l1, l2 = await create_line(admin), await create_line(admin)
    user = await create_user(admin, username="audited", role="operator", line_ids=[l1["id"]])
    await admin.patch(
        f"{USERS}/{user['id']}",
        json={
            "role": "supervisor",
            "line_ids": [l1["id"], l2["id"]],
            "password": "changed-pw-long",
        },
    )
    # No change, no entry.
    await admin.patch(
        f"{USERS}/{user['id']}", json={"role": "supervisor", "line_ids": [l2["id"], l1["id"]]}
    )
    rows = [r for r in await _audit(app) if r.entity_id == str(user["id"])]
    assert [(r.action, r.actor) for r in rows] == [
        ("create", "user:admin"),
        ("update", "user:admin"),
    ]
    assert rows[0].before is None
    assert rows[0].after == {
        "id": user["id"],
        "username": "audited",
        "role": "operator",
        "kind": "person",
        "full_name": None,
        "workstation_id": None,
        "active": True,
        "line_ids": [l1["id"]],
    }
    assert rows[1].before == {"role": "operator", "line_ids": [l1["id"]]}
    assert rows[1].after == {
        "role": "supervisor",
        "line_ids": sorted([l1["id"], l2["id"]]),
        "password_changed": True,
    }
    for row in rows:
        text = repr(row.before) + repr(row.after)
        assert (
            "changed-pw-long" not in text and "argon2" not in text and "password_hash" not in text
        )


async def test_list_filters_and_pagination(admin: AsyncClient) -> None:
    ops = [await create_user(admin, role="operator") for _ in range(4)]
    sup = await create_user(admin, role="supervisor")
    await admin.patch(f"{USERS}/{ops[0]['id']}", json={"active": False})

    async def ids(**params: Any) -> list[int]:
        r = await admin.get(USERS, params=params)
        assert r.status_code == 200, r.text
        return [u["id"] for u in r.json()["items"]]

    assert await ids(role="operator") == [u["id"] for u in ops]
    assert await ids(role="supervisor") == [sup["id"]]
    assert await ids(role="operator", active="true") == [u["id"] for u in ops[1:]]
    assert await ids(active="false") == [ops[0]["id"]]
    assert await ids(username=sup["username"]) == [sup["id"]]
    assert await ids(username="nobody") == []
    assert await ids(kind="workstation") == []

    seen: list[int] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 2}
        if cursor:
            params["cursor"] = cursor
        page = (await admin.get(USERS, params=params)).json()
        assert len(page["items"]) <= 2
        seen += [u["id"] for u in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == sorted(seen) and len(seen) == 6


async def test_bad_input_is_422_and_changes_nothing(admin: AsyncClient, app: FastAPI) -> None:
    line = await create_line(admin)
    user = await create_user(admin, line_ids=[line["id"]], full_name="Original")
    before = await _all_users(admin)
    audit_before = len(await _audit(app))
    ok = {"username": "valid.name", "password": "password-1-long", "role": "operator"}
    create_cases: list[Any] = [
        {},
        {"username": "valid.name"},
        {"username": "valid.name", "password": "password-1-long"},
        ok | {"username": "ab"},
        ok | {"username": "x" * 65},
        ok | {"username": "has space"},
        ok | {"username": "tab\there"},
        ok | {"username": "nul\x00byte"},
        ok | {"username": 123},
        ok | {"username": None},
        ok | {"password": "short"},
        ok | {"password": "p" * 129},
        ok | {"password": 12345678},
        ok | {"role": "superuser"},
        ok | {"role": None},
        ok | {"kind": "robot"},
        ok | {"line_ids": "1"},
        ok | {"line_ids": [2**70]},
        ok | {"line_ids": [0]},
        ok | {"line_ids": [-1]},
        ok | {"line_ids": ["one"]},
        ok | {"line_ids": [1.5]},
        ok | {"line_ids": None},
        ok | {"workstation_id": 2**70},
        ok | {"kind": "workstation", "workstation_id": 2**70},
        ok | {"kind": "workstation", "workstation_id": "x"},
        ok | {"full_name": ""},
        ok | {"full_name": "n" * 201},
        ok | {"full_name": "nul\x00"},
        ok | {"active": False},
        ok | {"password_hash": "x"},
        ok | {"id": 5},
        [ok],
        "text",
    ]
    for body in create_cases:
        problem = assert_problem(await admin.post(USERS, json=body), 422, "validation_error")
        assert problem["errors"], body
    assert_problem(
        await admin.post(USERS, content=b"{nope", headers={"content-type": "application/json"}),
        400,
        "malformed_request",
    )

    patch_cases: list[Any] = [
        {"role": "root"},
        {"role": None},
        {"kind": None},
        {"active": None},
        {"active": "maybe"},
        {"password": None},
        {"password": "short"},
        {"line_ids": None},
        {"line_ids": [2**70]},
        {"workstation_id": 2**70},
        {"username": "renamed"},
        {"full_name": ""},
        {"unknown": 1},
        [],
    ]
    for body in patch_cases:
        r = await admin.patch(f"{USERS}/{user['id']}", json=body)
        assert_problem(r, 422, "validation_error")

    for path in ("abc", "0", "-1", str(2**70), "1.5"):
        assert_problem(await admin.get(f"{USERS}/{path}"), 422, "validation_error")
        assert_problem(await admin.patch(f"{USERS}/{path}", json={}), 422, "validation_error")
    assert_problem(await admin.get(f"{USERS}/99999999"), 404, "not_found")
    assert_problem(
        await admin.patch(f"{USERS}/99999999", json={"full_name": "x"}), 404, "not_found"
    )
    for params in (
        {"role": "root"},
        {"kind": "robot"},
        {"active": "maybe"},
        {"username": "a b"},
        {"username": "nul\x00"},
        {"username": "x" * 65},
        {"limit": 0},
        {"limit": 501},
        {"limit": 2**70},
    ):
        assert_problem(await admin.get(USERS, params=params), 422, "validation_error")
    assert_problem(await admin.get(USERS, params={"cursor": "!!"}), 400, "invalid_cursor")
    assert_problem(await admin.delete(f"{USERS}/{user['id']}"), 405, "method_not_allowed")
    assert_problem(await admin.put(f"{USERS}/{user['id']}", json={}), 405, "method_not_allowed")

    assert await _all_users(admin) == before
    assert len(await _audit(app)) == audit_before


async def test_non_admins_cannot_manage_users(admin: AsyncClient, app: FastAPI) -> None:
    target = await create_user(admin)
    before = await _all_users(admin)
    for role in ("operator", "supervisor"):
        user = await create_user(admin, role=role, password="password-1-long")
        c = await login(app, user["username"], "password-1-long")
        try:
            assert_problem(await c.get(USERS), 403, "forbidden")
            assert_problem(await c.get(f"{USERS}/{target['id']}"), 403, "forbidden")
            body = {"username": "sneaky", "password": "password-1-long", "role": "admin"}
            assert_problem(await c.post(USERS, json=body), 403, "forbidden")
            # Not even themselves: a role is granted, never taken.
            r = await c.patch(f"{USERS}/{user['id']}", json={"role": "admin"})
            assert_problem(r, 403, "forbidden")
        finally:
            await c.aclose()
    after = await _all_users(admin)
    assert [u for u in after if u["id"] in {x["id"] for x in before}] == before
    assert "sneaky" not in {u["username"] for u in after}


async def test_concurrent_demotions_keep_an_admin(admin: AsyncClient, app: FastAPI) -> None:
    """Two admins demoted at once: one change wins, the other is refused; one admin stays."""
    me = (await admin.get("/api/v1/auth/me")).json()
    other = await create_user(admin, role="admin", password="password-1-long")
    c = await login(app, other["username"], "password-1-long")
    try:
        for _ in range(3):
            results = await asyncio.gather(
                admin.patch(f"{USERS}/{me['id']}", json={"role": "supervisor"}),
                c.patch(f"{USERS}/{other['id']}", json={"active": False}),
            )
            statuses = sorted(r.status_code for r in results)
            assert statuses in ([200, 403], [200, 409]), [r.text for r in results]
            admins = await _active_admins(app)
            assert len(admins) == 1, admins
            # Restore both admins for the next round (through whoever is still admin).
            keeper = admin if admins[0]["id"] == me["id"] else c
            await keeper.patch(f"{USERS}/{me['id']}", json={"role": "admin", "active": True})
            await keeper.patch(f"{USERS}/{other['id']}", json={"role": "admin", "active": True})
            # A deactivation ended the other admin's token: sign in again.
            await c.aclose()
            c = await login(app, other["username"], "password-1-long")
    finally:
        await c.aclose()


async def _active_admins(app: FastAPI) -> list[dict[str, Any]]:
    """The active admins, read straight from the database."""
    async with app.state.db.transaction(write=False) as session:
        rows = await session.scalars(select(User).where(User.role == "admin", User.active))
        return [{"id": u.id, "username": u.username} for u in rows]
