"""Blocking issues on orders: blocked, stacked, released to exactly the status before."""

from __future__ import annotations

from fastapi import FastAPI
from httpx import AsyncClient

from tests.issues.support import API, create_issue_type, open_issue, order_status, running_order
from tests.support import assert_problem, create_order, order_audit_actions, shop_floor


async def _resolve(client: AsyncClient, issue_id: int) -> dict[str, object]:
    r = await client.post(f"{API}/issues/{issue_id}/resolve", json={"resolution": "done"})
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


async def test_block_stack_release(admin: AsyncClient, app: FastAPI) -> None:
    floor = await running_order(admin)
    number = floor["order"]
    r = await admin.post(f"{API}/orders/{number}/units", json={"count": 1})
    serial = r.json()["items"][0]["serial"]
    stop = await create_issue_type(admin)
    first = await open_issue(admin, type=stop["code"], order=number)
    assert first["blocking"] is True
    assert await order_status(admin, number) == "blocked"
    # While blocked: order actions and unit commands are refused, nothing changes.
    for action in ("pause", "resume", "start", "complete", "schedule"):
        assert_problem(await admin.post(f"{API}/orders/{number}/{action}"), 409)
    assert_problem(await admin.post(f"{API}/units/{serial}/move"), 409, "order_not_runnable")
    assert_problem(await admin.post(f"{API}/orders/{number}/units", json={"count": 1}), 409)
    second = await open_issue(admin, type=stop["code"], serial=serial)  # through the serial
    assert second["order"] == number
    await admin.post(f"{API}/issues/{second['id']}/acknowledge")
    await _resolve(admin, first["id"])
    assert await order_status(admin, number) == "blocked"  # the second still blocks
    await _resolve(admin, second["id"])
    assert await order_status(admin, number) == "running"
    r = await admin.post(f"{API}/issues/{second['id']}/close")
    assert r.status_code == 200 and await order_status(admin, number) == "running"
    assert (await admin.post(f"{API}/units/{serial}/move")).status_code == 200
    actions = await order_audit_actions(app, number)
    assert actions[-2:] == ["block", "unblock"]
    r = await admin.get(f"{API}/audit-log", params={"entity_type": "order", "entity_id": number})
    unblock = r.json()["items"][0]
    assert unblock["action"] == "unblock"
    assert unblock["after"] == {"status": "running", "issue_id": second["id"]}


async def test_remembers_new_scheduled_and_paused(admin: AsyncClient) -> None:
    floor = await shop_floor(admin, steps=1)
    stop = await create_issue_type(admin)
    for before, actions in (
        ("new", []),
        ("scheduled", ["schedule"]),
        ("paused", ["start", "pause"]),
    ):
        order = await create_order(admin, floor["part"]["id"])
        for action in actions:
            assert (await admin.post(f"{API}/orders/{order['number']}/{action}")).status_code == 200
        issue = await open_issue(admin, type=stop["code"], order=order["number"])
        assert await order_status(admin, order["number"]) == "blocked"
        await _resolve(admin, issue["id"])
        assert await order_status(admin, order["number"]) == before


async def test_finished_orders_and_non_blocking_types_are_not_blocked(
    admin: AsyncClient, app: FastAPI
) -> None:
    floor = await shop_floor(admin, steps=1)
    stop = await create_issue_type(admin)
    info = await create_issue_type(admin, blocking=False)
    order = await create_order(admin, floor["part"]["id"])
    await admin.post(f"{API}/orders/{order['number']}/cancel")
    issue = await open_issue(admin, type=stop["code"], order=order["number"])
    assert issue["blocking"] and await order_status(admin, order["number"]) == "cancelled"
    await _resolve(admin, issue["id"])
    assert await order_status(admin, order["number"]) == "cancelled"
    running = await running_order(admin)
    await open_issue(admin, type=info["code"], order=running["order"])
    assert await order_status(admin, running["order"]) == "running"
    assert "block" not in await order_audit_actions(app, running["order"])


async def test_a_type_made_blocking_later_does_not_change_open_issues(admin: AsyncClient) -> None:
    floor = await running_order(admin)
    t = await create_issue_type(admin, blocking=False)
    early = await open_issue(admin, type=t["code"], order=floor["order"])
    await admin.patch(f"{API}/issue-types/{t['id']}", json={"blocking": True})
    late = await open_issue(admin, type=t["code"], order=floor["order"])
    assert (early["blocking"], late["blocking"]) == (False, True)
    assert await order_status(admin, floor["order"]) == "blocked"
    await _resolve(admin, late["id"])
    assert await order_status(admin, floor["order"]) == "running"
