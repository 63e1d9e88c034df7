"""`GET /orders?sort=`: priority, due date, creation time, either way, with filters and
cursors — on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from httpx import AsyncClient

from app.kit.pagination import encode_cursor
from tests.support import assert_problem, create_order, shop_floor

API = "/api/v1"

# (priority, due date) of the orders, in creation order.
PLAN = (
    (3, "2026-12-10"),
    (1, None),
    (2, "2026-12-05"),
    (3, None),
    (1, "2026-12-10"),
    (5, "2026-11-30"),
    (3, "2026-12-10"),
    (2, None),
)


async def _orders(admin: AsyncClient) -> list[dict[str, Any]]:
    floor = await shop_floor(admin, steps=1)
    return [
        await create_order(admin, floor["part"]["id"], priority=p, due_date=due) for p, due in PLAN
    ]


async def _walk(admin: AsyncClient, limit: int, **params: Any) -> list[str]:
    numbers: list[str] = []
    cursor = None
    while True:
        query = {"limit": limit} | params | ({"cursor": cursor} if cursor else {})
        r = await admin.get(f"{API}/orders", params=query)
        assert r.status_code == 200, r.text
        page = r.json()
        numbers += [o["number"] for o in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            return numbers
        assert len(page["items"]) == limit


def _expected(orders: list[dict[str, Any]], sort: str) -> list[str]:
    """Sorted on (key, id), both reversed for `-`; no due date last either way."""
    field, desc = sort.lstrip("-"), sort.startswith("-")
    dated = [o for o in orders if o[field] is not None]
    undated = [o for o in orders if o[field] is None]
    dated.sort(key=lambda o: (o[field], o["id"]), reverse=desc)
    undated.sort(key=lambda o: o["id"], reverse=desc)
    return [o["number"] for o in dated + undated]


@pytest.mark.parametrize(
    "sort", ["priority", "-priority", "due_date", "-due_date", "created_at", "-created_at"]
)
async def test_sorted_pages(admin: AsyncClient, sort: str) -> None:
    orders = await _orders(admin)
    expected = _expected(orders, sort)
    assert await _walk(admin, 500, sort=sort) == expected
    for limit in (1, 3):
        assert await _walk(admin, limit, sort=sort) == expected


async def test_sorts_as_the_contract_says(admin: AsyncClient) -> None:
    orders = await _orders(admin)
    n = [o["number"] for o in orders]
    assert await _walk(admin, 500, sort="priority") == [
        n[1],
        n[4],
        n[2],
        n[7],
        n[0],
        n[3],
        n[6],
        n[5],
    ]
    assert await _walk(admin, 500, sort="due_date") == [
        n[5],
        n[2],
        n[0],
        n[4],
        n[6],
        n[1],
        n[3],
        n[7],
    ]
    assert await _walk(admin, 500, sort="-due_date") == [
        n[6],
        n[4],
        n[0],
        n[2],
        n[5],
        n[7],
        n[3],
        n[1],
    ]
    assert await _walk(admin, 500, sort="-created_at") == n[::-1]
    assert await _walk(admin, 500) == n  # unsorted: oldest first, as before


async def test_sort_with_filters(admin: AsyncClient) -> None:
    orders = await _orders(admin)
    n = [o["number"] for o in orders]
    for number in (n[0], n[4], n[7]):
        r = await admin.post(f"{API}/orders/{number}/schedule")
        assert r.status_code == 200, r.text
    assert await _walk(admin, 1, sort="-priority", status="scheduled") == [n[0], n[7], n[4]]
    assert await _walk(admin, 2, sort="due_date", status="new") == [n[5], n[2], n[6], n[1], n[3]]
    assert await _walk(admin, 1, sort="-due_date", priority=3) == [n[6], n[0], n[3]]


async def test_bad_sorts_and_cursors(admin: AsyncClient) -> None:
    await _orders(admin)
    for bad in ("name", "+priority", "--priority", "Priority", "priority,due_date", ""):
        assert_problem(
            await admin.get(f"{API}/orders", params={"sort": bad}), 422, "validation_error"
        )
    first = (await admin.get(f"{API}/orders", params={"sort": "priority", "limit": 2})).json()
    by_id = (await admin.get(f"{API}/orders", params={"limit": 2})).json()
    # A cursor continues the sort it came from, and only that one.
    for params in (
        {"sort": "due_date", "cursor": first["next_cursor"]},
        {"sort": "-priority", "cursor": first["next_cursor"]},
        {"cursor": first["next_cursor"]},
        {"sort": "priority", "cursor": by_id["next_cursor"]},
        {"sort": "priority", "cursor": encode_cursor(["priority", 9, 1])},
        {"sort": "priority", "cursor": encode_cursor(["priority", None, 1])},
        {"sort": "priority", "cursor": encode_cursor(["priority", 1, 2**63])},
        {"sort": "priority", "cursor": encode_cursor(["priority", 1])},
        {"sort": "due_date", "cursor": encode_cursor(["due_date", "soon", 1])},
        {"sort": "due_date", "cursor": encode_cursor(["due_date", 20261201, 1])},
        {"sort": "created_at", "cursor": encode_cursor(["created_at", "2026-01-01", 1])},
        {"sort": "created_at", "cursor": encode_cursor(["created_at", "2026-01-01T00:00", 1])},
        {"sort": "created_at", "cursor": "%%%"},
    ):
        assert_problem(await admin.get(f"{API}/orders", params=params), 400, "invalid_cursor")
    # Well-formed cursors this server could have issued: pages, possibly empty.
    for params in (
        {"sort": "due_date", "cursor": encode_cursor(["due_date", None, 1])},
        {"sort": "created_at", "cursor": encode_cursor(["created_at", "9999-01-01T00:00Z", 1])},
    ):
        r = await admin.get(f"{API}/orders", params=params)
        assert r.status_code == 200, r.text
