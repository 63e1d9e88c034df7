"""Shared steps of the delivery tests."""

from __future__ import annotations

import asyncio
from typing import Any

from httpx import AsyncClient

from tests.support import create_order, shop_floor

API = "/api/v1"


async def create_hook(admin: AsyncClient, url: str, events: list[str]) -> dict[str, Any]:
    r = await admin.post(f"{API}/webhooks", json={"url": url, "events": events})
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


async def units_ready(admin: AsyncClient, count: int, steps: int = 1) -> list[str]:
    """An order of `count` units generated (the order running) on a `steps`-step route."""
    floor = await shop_floor(admin, steps=steps)
    order = await create_order(admin, floor["part"]["id"], quantity=count)
    r = await admin.post(f"{API}/orders/{order['number']}/units", json={"count": count})
    assert r.status_code == 201, r.text
    return [u["serial"] for u in r.json()["items"]]


async def move(admin: AsyncClient, serial: str) -> dict[str, Any]:
    r = await admin.post(f"{API}/units/{serial}/move")
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


async def complete(admin: AsyncClient, serial: str) -> None:
    """Move a unit until it is completed."""
    while (await move(admin, serial))["status"] != "completed":
        pass


async def deliveries(admin: AsyncClient, hook_id: int, **params: Any) -> list[dict[str, Any]]:
    r = await admin.get(f"{API}/webhooks/{hook_id}/deliveries", params={"limit": 500} | params)
    assert r.status_code == 200, r.text
    return r.json()["items"]  # type: ignore[no-any-return]


async def wait_until(
    admin: AsyncClient, hook_id: int, check: Any, seconds: float = 10
) -> list[dict[str, Any]]:
    """Poll the delivery log until `check(items)` holds."""
    async with asyncio.timeout(seconds):
        while True:
            items = await deliveries(admin, hook_id)
            if check(items):
                return items
            await asyncio.sleep(0.05)
