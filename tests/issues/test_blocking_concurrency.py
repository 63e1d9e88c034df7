"""Blocking under concurrency (PostgreSQL: real row locks, parallel transactions)."""

from __future__ import annotations

import asyncio

import pytest
from fastapi import FastAPI
from httpx import AsyncClient

from tests.issues.support import API, create_issue_type, open_issue, order_status, running_order
from tests.support import order_audit_actions

PG = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)


def _resolve(client: AsyncClient, issue_id: int):  # type: ignore[no-untyped-def]
    return client.post(f"{API}/issues/{issue_id}/resolve", json={"resolution": "done"})


@PG
async def test_two_resolved_at_once_release_once(admin: AsyncClient, app: FastAPI) -> None:
    for round_ in range(5):
        floor = await running_order(admin)
        number = floor["order"]
        if round_ % 2:
            await admin.post(f"{API}/orders/{number}/pause")
        stop = await create_issue_type(admin)
        a = await open_issue(admin, type=stop["code"], order=number)
        b = await open_issue(admin, type=stop["code"], order=number)
        responses = await asyncio.gather(_resolve(admin, a["id"]), _resolve(admin, b["id"]))
        assert all(r.status_code == 200 for r in responses), [r.text for r in responses]
        assert await order_status(admin, number) == ("paused" if round_ % 2 else "running")
        actions = await order_audit_actions(app, number)
        assert actions.count("block") == 1 and actions.count("unblock") == 1, actions


@PG
async def test_two_opened_at_once_block_once(admin: AsyncClient, app: FastAPI) -> None:
    for round_ in range(5):
        floor = await running_order(admin)
        number = floor["order"]
        if round_ % 2:
            await admin.post(f"{API}/orders/{number}/pause")
        stop = await create_issue_type(admin)
        body = {"type": stop["code"], "title": "x", "order": number}
        responses = await asyncio.gather(
            *(admin.post(f"{API}/issues", json=body) for _ in range(2))
        )
        assert all(r.status_code == 201 for r in responses), [r.text for r in responses]
        assert await order_status(admin, number) == "blocked"
        assert (await order_audit_actions(app, number)).count("block") == 1
        for r in responses:
            await _resolve(admin, r.json()["id"])
        assert await order_status(admin, number) == ("paused" if round_ % 2 else "running")


@PG
async def test_three_stacked_opened_and_resolved_in_parallel(
    admin: AsyncClient, app: FastAPI
) -> None:
    floor = await running_order(admin)
    number = floor["order"]
    stop = await create_issue_type(admin)
    body = {"type": stop["code"], "title": "x", "order": number}
    opened = await asyncio.gather(*(admin.post(f"{API}/issues", json=body) for _ in range(3)))
    ids = [r.json()["id"] for r in opened]
    resolved = await asyncio.gather(_resolve(admin, ids[0]), _resolve(admin, ids[1]))
    assert all(r.status_code == 200 for r in resolved)
    assert await order_status(admin, number) == "blocked"
    # The last one resolved while a resolved one is closed and a new one opened: stays
    # blocked by the new one, then released once.
    results = await asyncio.gather(
        _resolve(admin, ids[2]),
        admin.post(f"{API}/issues/{ids[0]}/close"),
        admin.post(f"{API}/issues", json=body),
    )
    assert [r.status_code for r in results] == [200, 200, 201], [r.text for r in results]
    assert await order_status(admin, number) == "blocked"
    await _resolve(admin, results[2].json()["id"])
    assert await order_status(admin, number) == "running"
    actions = await order_audit_actions(app, number)
    assert actions.count("block") == actions.count("unblock")
    assert actions.count("block") in (1, 2)  # the new one may have come after the release


@PG
async def test_the_same_issue_resolved_twice_at_once(admin: AsyncClient, app: FastAPI) -> None:
    floor = await running_order(admin)
    stop = await create_issue_type(admin)
    issue = await open_issue(admin, type=stop["code"], order=floor["order"])
    responses = await asyncio.gather(*(_resolve(admin, issue["id"]) for _ in range(4)))
    assert sorted(r.status_code for r in responses) == [200, 409, 409, 409]
    assert (await order_audit_actions(app, floor["order"])).count("unblock") == 1
