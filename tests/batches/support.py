"""Factories shared by the batch tests."""

from __future__ import annotations

from typing import Any

from httpx import AsyncClient

from tests.support import create_order, shop_floor

API = "/api/v1"


async def batch_order(
    admin: AsyncClient, *, steps: int = 3, gates: tuple[int, ...] = (), quantity: int = 100
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A shop floor (`tests.support.shop_floor`) and a batch order on it."""
    floor = await shop_floor(admin, steps=steps, gates=gates)
    order = await create_order(admin, floor["part"]["id"], quantity=quantity, tracking="batch")
    return floor, order


async def new_batch(client: AsyncClient, number: str, quantity: int) -> dict[str, Any]:
    r = await client.post(f"{API}/orders/{number}/batches", json={"quantity": quantity})
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


async def step(
    client: AsyncClient, batch_id: int, seq: int, what: str, **body: Any
) -> dict[str, Any]:
    """Start (`what="start"`) or complete a step; asserts 200."""
    r = await client.post(f"{API}/batches/{batch_id}/steps/{seq}/{what}", json=body or None)
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


async def run_step(
    client: AsyncClient, batch_id: int, seq: int, good: int, scrap: int = 0, **extra: Any
) -> dict[str, Any]:
    """Start and complete a step."""
    await step(client, batch_id, seq, "start")
    return await step(client, batch_id, seq, "complete", good=good, scrap=scrap, **extra)
