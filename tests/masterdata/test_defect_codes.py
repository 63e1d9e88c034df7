from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from httpx import AsyncClient

from tests.config_access import (
    add_unit_event,
    as_role,
    audit_entries,
    pin_order,
    row_counts,
    walk,
    with_api_key,
)
from tests.support import assert_problem, create_defect_code, shop_floor

DC = "/api/v1/defect-codes"


def dc_body(**fields: Any) -> dict[str, Any]:
    return {"code": "NEW", "description": "d", "severity": "minor"} | fields


async def test_create_get_list_update_delete(admin: AsyncClient) -> None:
    dc = await create_defect_code(
        admin, code="SCR-01", description="Screw missing", severity="major"
    )
    assert (dc["code"], dc["description"], dc["severity"]) == ("SCR-01", "Screw missing", "major")
    assert (await admin.get(f"{DC}/{dc['id']}")).json() == dc

    r = await admin.patch(f"{DC}/{dc['id']}", json={"severity": "critical", "description": "Gone"})
    assert r.status_code == 200, r.text
    assert (r.json()["severity"], r.json()["description"], r.json()["code"]) == (
        "critical",
        "Gone",
        "SCR-01",
    )
    listed = (await admin.get(DC, params={"code": "SCR-01"})).json()
    assert [x["id"] for x in listed["items"]] == [dc["id"]]

    assert (await admin.delete(f"{DC}/{dc['id']}")).status_code == 204
    assert_problem(await admin.get(f"{DC}/{dc['id']}"), 404, "not_found")


async def test_pagination_and_filters(admin: AsyncClient) -> None:
    by_severity: dict[str, list[int]] = {"minor": [], "major": [], "critical": []}
    for i in range(9):
        severity = ("minor", "major", "critical")[i % 3]
        by_severity[severity].append((await create_defect_code(admin, severity=severity))["id"])
    everything = sorted(i for ids in by_severity.values() for i in ids)
    assert [x["id"] for x in await walk(admin, DC, 4)] == everything
    for severity, ids in by_severity.items():
        found = await walk(admin, DC, 2, severity=severity)
        assert [x["id"] for x in found] == ids
        assert {x["severity"] for x in found} == {severity}
    assert_problem(await admin.get(DC, params={"severity": "fatal"}), 422, "validation_error")


async def test_duplicate_code_is_409(admin: AsyncClient, app: FastAPI) -> None:
    a = await create_defect_code(admin, code="DUP")
    b = await create_defect_code(admin, code="OTHER")
    before = await row_counts(app)
    assert_problem(await admin.post(DC, json=dc_body(code="DUP")), 409, "duplicate")
    assert_problem(await admin.patch(f"{DC}/{b['id']}", json={"code": "DUP"}), 409, "duplicate")
    assert await row_counts(app) == before
    assert (await admin.get(f"{DC}/{a['id']}")).json() == a
    assert (await admin.get(f"{DC}/{b['id']}")).json() == b


async def test_changes_are_audited(admin: AsyncClient, app: FastAPI) -> None:
    dc = await create_defect_code(admin, code="AUD", description="d1", severity="minor")
    await admin.patch(f"{DC}/{dc['id']}", json={"severity": "major", "description": "d1"})
    assert (await admin.delete(f"{DC}/{dc['id']}")).status_code == 204
    rows = await audit_entries(app, "defect_code", dc["id"])
    assert [r.action for r in rows] == ["create", "update", "delete"]
    full = {"id": dc["id"], "code": "AUD", "description": "d1", "severity": "minor"}
    assert rows[0].after == full
    assert rows[1].before == {"severity": "minor"} and rows[1].after == {"severity": "major"}
    assert rows[2].before == full | {"severity": "major"}


async def test_delete_refused_while_history_uses_it(admin: AsyncClient, app: FastAPI) -> None:
    dc = await create_defect_code(admin)
    floor = await shop_floor(admin, steps=1)
    order_id = await pin_order(app, floor["route"]["id"])
    await add_unit_event(app, order_id, type="gate_failed", result="fail", defect_code_id=dc["id"])
    before = await row_counts(app)
    assert_problem(await admin.delete(f"{DC}/{dc['id']}"), 409, "in_use")
    assert (await admin.get(f"{DC}/{dc['id']}")).json() == dc
    assert await row_counts(app) == before


async def test_bad_input_changes_nothing(admin: AsyncClient, app: FastAPI) -> None:
    dc = await create_defect_code(admin)
    before = await row_counts(app)
    invalid = [
        {},
        {"code": "X", "description": "d"},
        dc_body(severity="fatal"),
        dc_body(severity="MINOR"),
        dc_body(severity=1),
        dc_body(severity=None),
        dc_body(description=""),
        dc_body(description="d" * 501),
        dc_body(code=""),
        dc_body(code="X" * 33),
        dc_body(code="a b"),
        dc_body(code=5),
        dc_body(extra="x"),
    ]
    for body in invalid:
        problem = assert_problem(await admin.post(DC, json=body), 422, "validation_error")
        assert problem["errors"], body
    url = f"{DC}/{dc['id']}"
    for patch in ({"severity": "bad"}, {"severity": None}, {"code": None}, {"nope": 1}):
        assert_problem(await admin.patch(url, json=patch), 422, "validation_error")
    assert_problem(await admin.patch(f"{DC}/99999", json={"severity": "major"}), 404)
    assert_problem(await admin.delete(f"{DC}/99999"), 404, "not_found")
    for bad in ("x", "0", str(2**70)):
        assert_problem(await admin.get(f"{DC}/{bad}"), 422, "validation_error")
    assert await row_counts(app) == before
    assert (await admin.get(url)).json() == dc


async def test_only_admins_write(admin: AsyncClient, app: FastAPI) -> None:
    dc = await create_defect_code(admin)
    before = await row_counts(app)
    for role in ("operator", "supervisor"):
        async with as_role(app, role) as c:
            assert_problem(await c.post(DC, json=dc_body()), 403, "forbidden")
            assert_problem(await c.patch(f"{DC}/{dc['id']}", json={"severity": "major"}), 403)
            assert_problem(await c.delete(f"{DC}/{dc['id']}"), 403, "forbidden")
            assert (await c.get(DC)).json()["items"] == [dc]
    async with with_api_key(app, "read") as c:
        assert_problem(await c.post(DC, json=dc_body()), 403, "forbidden")
    assert await row_counts(app) == before
