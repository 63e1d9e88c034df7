"""Issue types: admin CRUD with audit, unique codes, in-use deletion refused."""

from __future__ import annotations

from fastapi import FastAPI
from httpx import AsyncClient

from tests.conftest import as_user
from tests.issues.support import API, create_issue_type, open_issue
from tests.support import assert_problem, create_user


async def test_crud_and_audit(admin: AsyncClient) -> None:
    t = await create_issue_type(admin, code="MAT", name="Material", severity="high")
    assert (t["code"], t["blocking"], t["severity"]) == ("MAT", True, "high")
    r = await admin.patch(f"{API}/issue-types/{t['id']}", json={"severity": "critical"})
    assert r.status_code == 200 and r.json()["severity"] == "critical", r.text
    listed = (await admin.get(f"{API}/issue-types", params={"code": "MAT"})).json()["items"]
    assert [x["id"] for x in listed] == [t["id"]]
    assert (await admin.get(f"{API}/issue-types/{t['id']}")).json()["severity"] == "critical"
    r = await admin.get(f"{API}/audit-log", params={"entity_type": "issue_type"})
    assert [e["action"] for e in r.json()["items"]] == ["update", "create"]
    assert (await admin.delete(f"{API}/issue-types/{t['id']}")).status_code == 204
    assert_problem(await admin.get(f"{API}/issue-types/{t['id']}"), 404, "not_found")


async def test_duplicate_code_and_bad_input(admin: AsyncClient) -> None:
    await create_issue_type(admin, code="DUP")
    r = await admin.post(
        f"{API}/issue-types",
        json={"code": "DUP", "name": "x", "blocking": False, "severity": "low"},
    )
    assert_problem(r, 409, "duplicate")
    for body in (
        {"code": "A1", "name": "x", "blocking": False, "severity": "minor"},
        {"code": "A1", "name": "x", "blocking": "yes", "severity": "low"},
        {"code": "A1", "name": " ", "blocking": False, "severity": "low"},
        {"code": "A1", "name": "x", "blocking": False, "severity": "low", "extra": 1},
        {"code": "A1", "name": "x", "severity": "low"},
    ):
        assert_problem(await admin.post(f"{API}/issue-types", json=body), 422)
    r = await admin.get(f"{API}/issue-types", params={"code": "A1"})
    assert r.json()["items"] == []


async def test_in_use_type_cannot_be_deleted(admin: AsyncClient) -> None:
    t = await create_issue_type(admin, blocking=False)
    await open_issue(admin, type=t["code"])
    assert_problem(await admin.delete(f"{API}/issue-types/{t['id']}"), 409, "in_use")
    assert (await admin.get(f"{API}/issue-types/{t['id']}")).status_code == 200


async def test_only_admins_write(admin: AsyncClient, app: FastAPI) -> None:
    user = await create_user(admin, role="supervisor", password="supervisor-pass-1")
    async with as_user(app, user["username"], "supervisor-pass-1") as sup:
        body = {"code": "X1", "name": "x", "blocking": False, "severity": "low"}
        assert_problem(await sup.post(f"{API}/issue-types", json=body), 403)
        assert (await sup.get(f"{API}/issue-types")).status_code == 200
