"""Traceability end to end through the API only: lots received and consumed by a board, the
board installed into a product; the product's genealogy, the lot's recall list and both unit
records agree (on SQLite and PostgreSQL)."""

from __future__ import annotations

from typing import Any

from httpx import AsyncClient

from tests.genealogy.factory import install, units
from tests.materials.support import consume, material_floor, move
from tests.support import shop_floor

API = "/api/v1"


async def _get(client: AsyncClient, path: str) -> Any:
    r = await client.get(f"{API}{path}")
    assert r.status_code == 200, r.text
    return r.json()


async def test_a_consumed_lot_is_traced_up_into_the_product(admin: AsyncClient) -> None:
    board_floor = await material_floor(admin, steps=2, quantity=1, units=1)
    [board] = board_floor["serials"]
    screws, glue = board_floor["screw_lot"], board_floor["glue_lot"]
    r = await consume(admin, board, screws["id"], 4)
    assert r.status_code == 201, r.text
    r = await consume(admin, board, glue["id"], 0.5)
    assert r.status_code == 201, r.text
    await move(admin, board)
    assert (await move(admin, board))["status"] == "completed"

    product_floor = await shop_floor(admin, steps=2)
    [product] = await units(admin, product_floor)
    await install(admin, product, board)

    tree = await _get(admin, f"/units/{product}/genealogy")
    assert tree["serial"] == product and tree["lots"] == []
    [child] = tree["children"]
    assert child["serial"] == board and child["children"] == []
    assert sorted((x["code"], x["quantity"]) for x in child["lots"]) == sorted(
        [(screws["code"], 4), (glue["code"], 0.5)]
    )

    recall = await _get(admin, f"/lots/{screws['id']}/where-used")
    found = {item["serial"]: item for item in recall["items"]}
    assert set(found) == {board, product}
    assert (found[board]["depth"], found[product]["depth"]) == (0, 1)
    assert found[product]["via"] == board and found[board]["quantity"] == 4
    assert recall["units"] == 2 and recall["batches"] == 0
    lot = await _get(admin, f"/lots/{screws['id']}")
    assert (lot["remaining"], lot["status"]) == (96, "available")

    product_record = await _get(admin, f"/units/{product}/record")
    [summary] = product_record["children"]
    assert summary["serial"] == board
    board_record = await _get(admin, f"/units/{board}/record")
    lots = sorted((x["lot"], x["quantity"], x["step"]) for x in board_record["lots"])
    assert lots == sorted([(screws["code"], 4, 1), (glue["code"], 0.5, 1)])
    assert sorted((x["lot"], x["quantity"]) for x in summary["lots"]) == sorted(
        [(screws["code"], 4), (glue["code"], 0.5)]
    )
    history = [e["type"] for e in (await _get(admin, f"/units/{board}/history"))["items"]]
    assert history.count("consumed") == 2 and history[-1] == "installed"
