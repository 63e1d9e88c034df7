from __future__ import annotations

from httpx import AsyncClient

from tests.support import assert_problem, create_order, shop_floor

SEARCH = "/api/v1/search"


async def test_finds_units_orders_and_parts(admin: AsyncClient) -> None:
    floor = await shop_floor(admin, steps=1)
    part = floor["part"]
    order = await create_order(admin, part["id"], quantity=12, external_ref="SAP-4711")
    r = await admin.post(f"/api/v1/orders/{order['number']}/units", json={"count": 12})
    serials = [u["serial"] for u in r.json()["items"]]

    exact = (await admin.get(SEARCH, params={"q": serials[0].lower()})).json()
    assert [u["serial"] for u in exact["units"]] == [serials[0]]
    assert exact["orders"] == [] and exact["parts"] == []

    prefix = (await admin.get(SEARCH, params={"q": part["serial_prefix"]})).json()
    assert len(prefix["units"]) == 10  # capped
    assert all(s["serial"].startswith(part["serial_prefix"]) for s in prefix["units"])

    by_number = (await admin.get(SEARCH, params={"q": order["number"]})).json()
    assert [o["number"] for o in by_number["orders"]] == [order["number"]]
    by_ref = (await admin.get(SEARCH, params={"q": "sap-47"})).json()
    assert [o["external_ref"] for o in by_ref["orders"]] == ["SAP-4711"]
    by_part = (await admin.get(SEARCH, params={"q": part["number"]})).json()
    assert [p["id"] for p in by_part["parts"]] == [part["id"]]


async def test_wildcards_are_literal_and_bad_queries_refused(admin: AsyncClient) -> None:
    floor = await shop_floor(admin, steps=1)
    await create_order(admin, floor["part"]["id"])
    nothing = (await admin.get(SEARCH, params={"q": "%"})).json()
    assert nothing == {"query": "%", "units": [], "orders": [], "parts": []}
    assert (await admin.get(SEARCH, params={"q": "_O-0001"})).json()["orders"] == []
    assert_problem(await admin.get(SEARCH), 422, "validation_error")
    assert_problem(await admin.get(SEARCH, params={"q": ""}), 422, "validation_error")
    assert_problem(await admin.get(SEARCH, params={"q": "x" * 65}), 422, "validation_error")
    assert_problem(await admin.get(SEARCH, params={"q": "a\x00b"}), 422, "validation_error")


async def test_search_needs_credentials(client: AsyncClient) -> None:
    assert_problem(await client.get(SEARCH, params={"q": "x"}), 401)
