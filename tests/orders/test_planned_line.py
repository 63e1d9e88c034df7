"""An order is planned on a line its route visits (issue 11, item 17): on create and on
PATCH alike, another line is 422 `line_not_on_route` and changes nothing."""

from __future__ import annotations

from fastapi import FastAPI
from httpx import AsyncClient

from tests.support import assert_problem, create_line, create_order, shop_floor

API = "/api/v1"


async def test_the_planned_line_is_on_the_route(admin: AsyncClient, app: FastAPI) -> None:
    floor = await shop_floor(admin, steps=2)
    elsewhere = await create_line(admin)
    part_id, line_id = floor["part"]["id"], floor["line"]["id"]

    body = {"part_id": part_id, "quantity": 5, "line_id": elsewhere["id"]}
    r = await admin.post(f"{API}/orders", json=body)
    problem = assert_problem(r, 422, "line_not_on_route")
    assert problem["field"] == "line_id"
    assert (await admin.get(f"{API}/orders")).json()["items"] == []

    order = await create_order(admin, part_id, line_id=line_id)
    url = f"{API}/orders/{order['number']}"
    assert_problem(
        await admin.patch(url, json={"line_id": elsewhere["id"]}), 422, "line_not_on_route"
    )
    assert_problem(await admin.patch(url, json={"line_id": 2**62}), 422, "unknown_reference")
    assert (await admin.get(url)).json()["line_id"] == line_id
    r = await admin.patch(url, json={"line_id": None})
    assert r.status_code == 200 and r.json()["line_id"] is None, r.text
    r = await admin.patch(url, json={"line_id": line_id})
    assert r.status_code == 200 and r.json()["line_id"] == line_id, r.text
