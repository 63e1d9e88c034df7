"""Issues: opening, references, who may, the lifecycle and the list."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from httpx import AsyncClient

from tests.conftest import as_user
from tests.issues.support import API, create_issue_type, open_issue, running_order
from tests.support import assert_problem, create_order, create_user, shop_floor

FIELDS = {
    "id", "type", "blocking", "status", "title", "description", "order", "line_id",
    "workstation_id", "serial", "opened_by", "opened_at", "acknowledged_by",
    "acknowledged_at", "resolved_by", "resolved_at", "resolution", "closed_by", "closed_at",
}  # fmt: skip


async def test_open_answers_the_contract_fields(admin: AsyncClient) -> None:
    floor = await running_order(admin)
    t = await create_issue_type(admin, blocking=False)
    ws = floor["workstations"][0]
    issue = await open_issue(
        admin, type=t["id"], title="Bin empty", order=floor["order"], workstation_id=ws["id"]
    )
    assert set(issue) == FIELDS
    assert issue["status"] == "open" and issue["type"] == t["code"]
    assert (issue["order"], issue["workstation_id"]) == (floor["order"], ws["id"])
    assert issue["line_id"] == floor["line"]["id"]  # the workstation's line
    assert issue["opened_by"] == "user:admin" and issue["acknowledged_at"] is None
    assert (await admin.get(f"{API}/issues/{issue['id']}")).json() == issue
    r = await admin.get(f"{API}/audit-log", params={"entity_type": "issue"})
    assert [e["action"] for e in r.json()["items"]] == ["open"]


async def test_serial_names_its_order(admin: AsyncClient) -> None:
    floor = await running_order(admin)
    r = await admin.post(f"{API}/orders/{floor['order']}/units", json={"count": 1})
    serial = r.json()["items"][0]["serial"]
    t = await create_issue_type(admin, blocking=False)
    issue = await open_issue(admin, type=t["code"], serial=serial)
    assert (issue["serial"], issue["order"]) == (serial, floor["order"])
    other = await create_order(admin, floor["part"]["id"], quantity=1)
    r = await admin.post(
        f"{API}/issues", json={"type": t["code"], "title": "x", "serial": serial,
                               "order": other["number"]}
    )  # fmt: skip
    assert_problem(r, 422, "reference_mismatch")


async def test_bad_input_changes_nothing(admin: AsyncClient) -> None:
    floor = await shop_floor(admin, steps=1)
    other_line = (await admin.post(f"{API}/lines", json={"code": "OTHER", "name": "x"})).json()
    t = await create_issue_type(admin)
    ws = floor["workstations"][0]["id"]
    unknown: list[dict[str, Any]] = [
        {"type": "NOPE"},
        {"type": 999999},
        {"type": t["code"], "order": "PO-9999"},
        {"type": t["code"], "serial": "NOPE-1"},
        {"type": t["code"], "line_id": 999999},
        {"type": t["code"], "workstation_id": 999999},
    ]
    for body in unknown:
        r = await admin.post(f"{API}/issues", json={"title": "x", **body})
        assert_problem(r, 422, "unknown_reference")
    r = await admin.post(
        f"{API}/issues",
        json={"type": t["code"], "title": "x", "workstation_id": ws, "line_id": other_line["id"]},
    )
    assert_problem(r, 422, "reference_mismatch")
    invalid = [
        {"type": t["code"]},
        {"type": t["code"], "title": " "},
        {"type": t["code"], "title": "x", "line_id": "1"},
        {"type": t["code"], "title": "x", "line_id": True},
        {"type": True, "title": "x"},
        {"type": t["code"], "title": "x", "order": 5},
        {"type": t["code"], "title": "x", "oops": 1},
        {"type": t["code"], "title": "x" * 201},
        {"type": t["code"], "title": "a\x00b"},
    ]
    for body in invalid:
        assert_problem(await admin.post(f"{API}/issues", json=body), 422)
    assert_problem(await admin.post(f"{API}/issues", content=b"{", headers={
        "content-type": "application/json"}), 400)  # fmt: skip
    assert (await admin.get(f"{API}/issues")).json()["items"] == []
    r = await admin.get(f"{API}/audit-log", params={"entity_type": "issue"})
    assert r.json()["items"] == []


async def test_lifecycle(admin: AsyncClient) -> None:
    t = await create_issue_type(admin, blocking=False)
    issue = await open_issue(admin, type=t["code"])
    url = f"{API}/issues/{issue['id']}"
    assert_problem(await admin.post(f"{url}/close"), 409, "illegal_transition")
    r = await admin.post(f"{url}/acknowledge")
    assert r.status_code == 200 and r.json()["status"] == "acknowledged", r.text
    assert r.json()["acknowledged_by"] == "user:admin"
    assert_problem(await admin.post(f"{url}/acknowledge"), 409, "illegal_transition")
    assert_problem(await admin.post(f"{url}/resolve", json={}), 422)
    assert_problem(await admin.post(f"{url}/resolve", json={"resolution": " "}), 422)
    r = await admin.post(f"{url}/resolve", json={"resolution": "fixed"})
    assert (r.json()["status"], r.json()["resolution"]) == ("resolved", "fixed")
    assert_problem(await admin.post(f"{url}/resolve", json={"resolution": "x"}), 409)
    r = await admin.post(f"{url}/close")
    assert r.json()["status"] == "closed" and r.json()["closed_at"] is not None
    for action in ("acknowledge", "close"):
        assert_problem(await admin.post(f"{url}/{action}"), 409, "illegal_transition")
    # Straight from open to resolved.
    second = await open_issue(admin, type=t["code"])
    r = await admin.post(f"{API}/issues/{second['id']}/resolve", json={"resolution": "gone"})
    assert r.json()["status"] == "resolved" and r.json()["acknowledged_at"] is None
    assert_problem(await admin.post(f"{API}/issues/999999/acknowledge"), 404, "not_found")
    assert_problem(await admin.get(f"{API}/issues/999999"), 404, "not_found")
    r = await admin.get(
        f"{API}/audit-log", params={"entity_type": "issue", "entity_id": issue["id"]}
    )
    assert [e["action"] for e in r.json()["items"]] == ["close", "resolve", "acknowledge", "open"]


async def test_list_filters_newest_first(admin: AsyncClient) -> None:
    floor = await running_order(admin)
    stop = await create_issue_type(admin, blocking=True)
    info = await create_issue_type(admin, blocking=False)
    ws = floor["workstations"][1]["id"]
    a = await open_issue(admin, type=info["code"], line_id=floor["line"]["id"])
    b = await open_issue(admin, type=stop["code"], order=floor["order"], workstation_id=ws)
    c = await open_issue(admin, type=info["code"])
    await admin.post(f"{API}/issues/{c['id']}/acknowledge")

    async def ids(**params: Any) -> list[int]:
        r = await admin.get(f"{API}/issues", params=params)
        assert r.status_code == 200, r.text
        return [x["id"] for x in r.json()["items"]]

    assert await ids() == [c["id"], b["id"], a["id"]]
    assert await ids(status="acknowledged") == [c["id"]]
    assert await ids(type=info["code"]) == [c["id"], a["id"]]
    assert await ids(type=str(stop["id"])) == [b["id"]]
    assert await ids(order=floor["order"]) == [b["id"]]
    assert await ids(line_id=floor["line"]["id"]) == [b["id"], a["id"]]
    assert await ids(workstation_id=ws) == [b["id"]]
    assert await ids(blocking="true") == [b["id"]]
    assert await ids(blocking="false") == [c["id"], a["id"]]
    page = (await admin.get(f"{API}/issues", params={"limit": 2})).json()
    assert [x["id"] for x in page["items"]] == [c["id"], b["id"]]
    rest = await ids(limit=2, cursor=page["next_cursor"])
    assert rest == [a["id"]]
    for params in ({"status": "nope"}, {"blocking": "maybe"}, {"line_id": 0}, {"cursor": "x"}):
        r = await admin.get(f"{API}/issues", params=params)
        assert r.status_code in (400, 422), r.text


async def test_who_may(admin: AsyncClient, app: FastAPI) -> None:
    floor = await running_order(admin)
    elsewhere = await running_order(admin)
    t = await create_issue_type(admin, blocking=False)
    op = await create_user(admin, password="operator-pass-1", line_ids=[floor["line"]["id"]])
    sup = await create_user(admin, role="supervisor", password="supervisor-pass-1")
    mine_ws = floor["workstations"][0]["id"]
    async with as_user(app, op["username"], "operator-pass-1") as operator:
        ok = [
            {"workstation_id": mine_ws},
            {"line_id": floor["line"]["id"]},
        ]
        for body in ok:
            r = await operator.post(f"{API}/issues", json={"type": t["code"], "title": "x"} | body)
            assert r.status_code == 201, r.text
        refused = [
            {},
            {"workstation_id": elsewhere["workstations"][0]["id"]},
            {"order": elsewhere["order"]},
            {"order": floor["order"]},  # the order has no planned line
        ]
        for body in refused:
            r = await operator.post(f"{API}/issues", json={"type": t["code"], "title": "x"} | body)
            assert_problem(r, 403, "not_your_station")
        mine = (await admin.get(f"{API}/issues")).json()["items"][0]
        assert_problem(await operator.post(f"{API}/issues/{mine['id']}/acknowledge"), 403)
    async with as_user(app, sup["username"], "supervisor-pass-1") as supervisor:
        r = await supervisor.post(f"{API}/issues/{mine['id']}/acknowledge")
        assert r.status_code == 200, r.text
        r = await supervisor.post(f"{API}/issues", json={"type": t["code"], "title": "anywhere"})
        assert r.status_code == 201, r.text
    for scopes, status in ((["read"], 403), (["issues:write"], 201)):
        r = await admin.post(f"{API}/api-keys", json={"name": f"k{status}", "scopes": scopes})
        key = r.json()["key"]
        r = await admin.post(
            f"{API}/issues",
            json={"type": t["code"], "title": "machine"},
            headers={"X-API-Key": key, "Authorization": ""},
        )
        assert r.status_code == status, r.text


async def test_operator_via_the_orders_planned_line(admin: AsyncClient, app: FastAPI) -> None:
    floor = await shop_floor(admin, steps=1)
    order = await create_order(admin, floor["part"]["id"], line_id=floor["line"]["id"])
    t = await create_issue_type(admin, blocking=False)
    op = await create_user(admin, password="operator-pass-1", line_ids=[floor["line"]["id"]])
    async with as_user(app, op["username"], "operator-pass-1") as operator:
        r = await operator.post(
            f"{API}/issues", json={"type": t["code"], "title": "x", "order": order["number"]}
        )
        assert r.status_code == 201, r.text
