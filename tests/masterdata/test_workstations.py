from __future__ import annotations

from fastapi import FastAPI
from httpx import AsyncClient

from app.models import User
from tests.config_access import as_role, audit_entries, row_counts, walk, with_api_key
from tests.support import (
    assert_problem,
    create_line,
    create_part,
    create_route,
    create_workstation,
    unique,
)

WS = "/api/v1/workstations"


async def test_create_get_list_update_delete(admin: AsyncClient) -> None:
    line = await create_line(admin)
    ws = await create_workstation(admin, line["id"], code="WS10", name="Screwing")
    assert ws["code"] == "WS10" and ws["name"] == "Screwing" and ws["line_id"] == line["id"]
    assert isinstance(ws["id"], int) and ws["created_at"] and ws["updated_at"]
    assert (await admin.get(f"{WS}/{ws['id']}")).json() == ws

    r = await admin.patch(f"{WS}/{ws['id']}", json={"name": "Torque screwing"})
    assert r.status_code == 200, r.text
    assert r.json()["name"] == "Torque screwing" and r.json()["code"] == "WS10"
    r = await admin.patch(f"{WS}/{ws['id']}", json={"code": "WS11"})
    assert r.json()["code"] == "WS11" and r.json()["line_id"] == line["id"]

    listed = (await admin.get(WS, params={"line_id": line["id"]})).json()
    assert [x["id"] for x in listed["items"]] == [ws["id"]] and listed["next_cursor"] is None

    assert (await admin.delete(f"{WS}/{ws['id']}")).status_code == 204
    assert_problem(await admin.get(f"{WS}/{ws['id']}"), 404, "not_found")
    assert_problem(await admin.delete(f"{WS}/{ws['id']}"), 404, "not_found")


async def test_pagination_and_filters(admin: AsyncClient) -> None:
    l1, l2 = await create_line(admin), await create_line(admin)
    on_l1 = [(await create_workstation(admin, l1["id"]))["id"] for _ in range(5)]
    on_l2 = [(await create_workstation(admin, l2["id"], code="SAME"))["id"]]
    on_l1.append((await create_workstation(admin, l1["id"], code="SAME"))["id"])

    assert [x["id"] for x in await walk(admin, WS, 2)] == sorted(on_l1 + on_l2)
    assert [x["id"] for x in await walk(admin, WS, 2, line_id=l1["id"])] == on_l1
    assert [x["id"] for x in await walk(admin, WS, 1, line_id=l2["id"])] == on_l2
    assert [x["id"] for x in await walk(admin, WS, 50, code="SAME")] == sorted(on_l1[-1:] + on_l2)
    same_on_l1 = await walk(admin, WS, 50, code="SAME", line_id=l1["id"])
    assert [x["id"] for x in same_on_l1] == on_l1[-1:]
    assert await walk(admin, WS, 50, line_id=99999) == []
    assert await walk(admin, WS, 50, code="NOPE") == []


async def test_code_is_unique_per_line(admin: AsyncClient, app: FastAPI) -> None:
    l1, l2 = await create_line(admin), await create_line(admin)
    a = await create_workstation(admin, l1["id"], code="DUP")
    await create_workstation(admin, l2["id"], code="DUP")  # another line: fine
    b = await create_workstation(admin, l1["id"], code="OTHER")
    before = await row_counts(app)

    r = await admin.post(WS, json={"code": "DUP", "name": "again", "line_id": l1["id"]})
    assert_problem(r, 409, "duplicate")
    assert_problem(await admin.patch(f"{WS}/{b['id']}", json={"code": "DUP"}), 409, "duplicate")

    assert await row_counts(app) == before
    assert (await admin.get(f"{WS}/{b['id']}")).json()["code"] == "OTHER"
    assert (await admin.get(f"{WS}/{a['id']}")).json() == a


async def test_changes_are_audited(admin: AsyncClient, app: FastAPI) -> None:
    line = await create_line(admin)
    ws = await create_workstation(admin, line["id"], code="AUD", name="n1")
    await admin.patch(f"{WS}/{ws['id']}", json={"name": "n2", "code": "AUD"})
    await admin.patch(f"{WS}/{ws['id']}", json={"name": "n2"})  # no change, no entry
    assert (await admin.delete(f"{WS}/{ws['id']}")).status_code == 204

    rows = await audit_entries(app, "workstation", ws["id"])
    assert [(r.action, r.actor) for r in rows] == [
        ("create", "user:admin"),
        ("update", "user:admin"),
        ("delete", "user:admin"),
    ]
    settings = {"ideal_cycle_s": None, "auto_issue_type": None, "silence_timeout_s": None}
    full = {"id": ws["id"], "code": "AUD", "name": "n1", "line_id": line["id"], **settings}
    assert rows[0].before is None and rows[0].after == full
    assert rows[1].before == {"name": "n1"} and rows[1].after == {"name": "n2"}
    assert rows[2].before == full | {"name": "n2"} and rows[2].after is None


async def test_delete_refused_while_referenced(admin: AsyncClient, app: FastAPI) -> None:
    line = await create_line(admin)
    used = await create_workstation(admin, line["id"])
    unused = await create_workstation(admin, line["id"])
    part = await create_part(admin)
    await create_route(admin, part["id"], [used["id"]])
    before = await row_counts(app)

    assert_problem(await admin.delete(f"{WS}/{used['id']}"), 409, "in_use")
    assert (await admin.get(f"{WS}/{used['id']}")).json() == used
    # The line still has workstations: never cascade.
    assert_problem(await admin.delete(f"/api/v1/lines/{line['id']}"), 409, "in_use")
    assert (await admin.get(f"/api/v1/lines/{line['id']}")).status_code == 200
    assert await row_counts(app) == before
    assert [r.action for r in await audit_entries(app, "workstation", used["id"])] == ["create"]

    # A workstation account bound to it also keeps it.
    bound = await create_workstation(admin, line["id"])
    async with app.state.db.transaction() as session:
        session.add(
            User(
                username=unique("ws-account"),
                password_hash="x",
                role="operator",
                kind="workstation",
                workstation_id=bound["id"],
            )
        )
    assert_problem(await admin.delete(f"{WS}/{bound['id']}"), 409, "in_use")
    assert (await admin.get(f"{WS}/{bound['id']}")).json() == bound

    assert (await admin.delete(f"{WS}/{unused['id']}")).status_code == 204


async def test_bad_input_changes_nothing(admin: AsyncClient, app: FastAPI) -> None:
    line = await create_line(admin)
    ws = await create_workstation(admin, line["id"], code="KEEP", name="keep")
    lid = line["id"]
    before = await row_counts(app)
    invalid = [
        {},
        {"code": "X", "name": "n"},
        {"name": "n", "line_id": lid},
        {"code": 12, "name": "n", "line_id": lid},
        {"code": "", "name": "n", "line_id": lid},
        {"code": "has space", "name": "n", "line_id": lid},
        {"code": "X" * 33, "name": "n", "line_id": lid},
        {"code": "OK", "name": "n" * 201, "line_id": lid},
        {"code": "OK", "name": "", "line_id": lid},
        {"code": "OK", "name": "n", "line_id": lid, "extra": 1},
        {"code": "OK", "name": "n", "line_id": "one"},
        {"code": "OK", "name": "n", "line_id": str(lid)},
        {"code": "OK", "name": "n", "line_id": True},
        {"code": "OK", "name": "n", "line_id": 1.5},
        {"code": "OK", "name": "n", "line_id": 0},
        {"code": "OK", "name": "n", "line_id": -1},
        {"code": "OK", "name": "n", "line_id": 2**70},
        {"code": "OK", "name": "n", "line_id": None},
        {"code": None, "name": "n", "line_id": lid},
    ]
    for body in invalid:
        problem = assert_problem(await admin.post(WS, json=body), 422, "validation_error")
        assert problem["errors"], body
    problem = assert_problem(
        await admin.post(WS, json={"code": "OK", "name": "n", "line_id": 99999}),
        422,
        "unknown_reference",
    )
    assert problem["field"] == "line_id"
    assert_problem(await admin.post(WS, json=[1]), 422, "validation_error")
    assert_problem(
        await admin.post(WS, content=b"{nope", headers={"content-type": "application/json"}),
        400,
        "malformed_request",
    )

    url = f"{WS}/{ws['id']}"
    for patch in (
        {"code": None},
        {"name": None},
        {"name": ""},
        {"code": "bad code"},
        {"line_id": lid},  # a workstation does not move between lines
        {"unknown": "x"},
    ):
        assert_problem(await admin.patch(url, json=patch), 422, "validation_error")
    assert_problem(await admin.patch(f"{WS}/99999", json={"name": "x"}), 404, "not_found")
    assert_problem(await admin.patch(f"{WS}/{2**70}", json={"name": "x"}), 422)

    assert_problem(await admin.get(f"{WS}/99999"), 404, "not_found")
    for bad in ("abc", "0", "-3", str(2**70), "1.5"):
        assert_problem(await admin.get(f"{WS}/{bad}"), 422, "validation_error")
        assert_problem(await admin.delete(f"{WS}/{bad}"), 422, "validation_error")
    for params in (
        {"line_id": 2**70},
        {"line_id": "x"},
        {"line_id": 0},
        {"code": "C" * 33},
        {"limit": 0},
        {"limit": 501},
    ):
        assert_problem(await admin.get(WS, params=params), 422, "validation_error")
    assert_problem(await admin.get(WS, params={"cursor": "!!!"}), 400, "invalid_cursor")

    assert await row_counts(app) == before
    assert (await admin.get(url)).json() == ws


async def test_only_admins_write(admin: AsyncClient, app: FastAPI, client: AsyncClient) -> None:
    line = await create_line(admin)
    ws = await create_workstation(admin, line["id"])
    before = await row_counts(app)
    body = {"code": "NEW", "name": "n", "line_id": line["id"]}
    for role in ("operator", "supervisor"):
        async with as_role(app, role) as c:
            assert_problem(await c.post(WS, json=body), 403, "forbidden")
            assert_problem(await c.patch(f"{WS}/{ws['id']}", json={"name": "x"}), 403)
            assert_problem(await c.delete(f"{WS}/{ws['id']}"), 403, "forbidden")
            assert (await c.get(f"{WS}/{ws['id']}")).json() == ws
            assert (await c.get(WS)).status_code == 200
    async with with_api_key(app, "read") as c:
        assert_problem(await c.post(WS, json=body), 403, "forbidden")
        assert (await c.get(f"{WS}/{ws['id']}")).status_code == 200
    assert_problem(await client.post(WS, json=body), 401, "not_authenticated")
    assert_problem(await client.get(WS), 401, "not_authenticated")
    assert await row_counts(app) == before

    async with with_api_key(app, "config:write") as c:
        r = await c.post(WS, json=body)
        assert r.status_code == 201, r.text
    assert (await audit_entries(app, "workstation", r.json()["id"]))[0].actor.startswith("api_key:")
