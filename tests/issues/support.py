"""Factories for issue tests (plain async functions over the API)."""

from __future__ import annotations

from typing import Any

from httpx import AsyncClient

from tests.support import create_order, shop_floor, unique

API = "/api/v1"


async def create_issue_type(client: AsyncClient, **fields: Any) -> dict[str, Any]:
    body = {"code": unique("IT"), "name": "Issue type", "blocking": True, "severity": "high"}
    r = await client.post(f"{API}/issue-types", json=body | fields)
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


async def open_issue(client: AsyncClient, **fields: Any) -> dict[str, Any]:
    r = await client.post(f"{API}/issues", json={"title": "Andon"} | fields)
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


async def running_order(client: AsyncClient, **fields: Any) -> dict[str, Any]:
    """A floor (two steps) and an order started on it: `floor["order"]` is its number."""
    floor = await shop_floor(client, steps=2)
    order = await create_order(client, floor["part"]["id"], quantity=5, **fields)
    r = await client.post(f"{API}/orders/{order['number']}/start")
    assert r.status_code == 200, r.text
    floor["order"] = order["number"]
    return floor


async def order_status(client: AsyncClient, number: str) -> str:
    r = await client.get(f"{API}/orders/{number}")
    assert r.status_code == 200, r.text
    return r.json()["status"]  # type: ignore[no-any-return]
