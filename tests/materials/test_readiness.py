"""Material readiness of an order: required, consumed, available, short."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from httpx import AsyncClient

from tests.materials.support import API, consume, lot, material_floor
from tests.support import assert_problem, create_order, shop_floor


async def test_readiness_per_bom_item(admin: AsyncClient) -> None:
    floor = await material_floor(admin, quantity=30, units=2, lot_size=100)
    number = floor["order"]["number"]
    serial = floor["serials"][0]
    screw, glue = floor["screw"], floor["glue"]
    r = await consume(admin, serial, floor["screw_lot"]["id"], 4)
    assert r.status_code == 201, r.text
    r = await consume(admin, serial, floor["glue_lot"]["id"], 0.5)
    assert r.status_code == 201, r.text
    # Stock that does not count: on hold, expired; stock that does: another available lot.
    held = await lot(admin, screw["id"], 500)
    await admin.post(f"{API}/lots/{held['id']}/hold", json={"reason": "quarantine"})
    past = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    await lot(admin, glue["id"], 500, expires_at=past)
    await lot(admin, screw["id"], 10)
    # Another order's consumption is not this order's.
    other = await create_order(admin, floor["part"]["id"], quantity=1)
    r = await admin.post(f"{API}/orders/{other['number']}/units", json={"count": 1})
    other_serial = r.json()["items"][0]["serial"]
    await admin.post(f"{API}/units/{other_serial}/move", json={})
    r = await consume(admin, other_serial, floor["screw_lot"]["id"], 4)
    assert r.status_code == 201, r.text

    got = (await admin.get(f"{API}/orders/{number}/materials")).json()
    assert (got["order"], got["quantity"], got["bom_revision"]) == (number, 30, 1)
    lines = {line["component"]["id"]: line for line in got["items"]}
    assert list(lines) == [screw["id"], glue["id"]]
    s, g = lines[screw["id"]], lines[glue["id"]]
    assert (s["step"], s["per_unit"], s["required"], s["consumed"]) == (1, 4, 120, 4)
    assert s["available"] == 100 - 4 - 4 + 10
    assert s["short"] == 120 - 4 - 102
    assert (g["step"], g["per_unit"], g["required"], g["consumed"]) == (None, 0.5, 15, 0.5)
    assert (g["available"], g["short"]) == (99.5, 0)
    assert g["component"]["uom"] == "kg"
    assert got["short"] is True


async def test_readiness_without_bom_and_unknown_order(admin: AsyncClient) -> None:
    floor = await shop_floor(admin, steps=1)
    order = await create_order(admin, floor["part"]["id"], quantity=3)
    got = (await admin.get(f"{API}/orders/{order['number']}/materials")).json()
    assert got == {
        "order": order["number"],
        "quantity": 3,
        "bom_revision": None,
        "items": [],
        "short": False,
    }
    assert_problem(await admin.get(f"{API}/orders/PO-9999/materials"), 404, "not_found")
