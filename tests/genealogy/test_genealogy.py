"""Backward genealogy and where-used (the recall list) through two assembly levels, with
lots at every level; a removed child leaves both (both databases). Lots and consumptions
are seeded as rows (`tests.genealogy.seed`)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from httpx import AsyncClient

from app.genealogy.schemas import WhereUsed
from tests.batches.support import new_batch
from tests.genealogy import seed
from tests.genealogy.factory import API, floors, install, remove, units
from tests.support import assert_problem, create_order, create_part, shop_floor


async def _genealogy(client: AsyncClient, serial: str) -> dict[str, Any]:
    r = await client.get(f"{API}/units/{serial}/genealogy")
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


async def _where_used(client: AsyncClient, lot_id: int) -> dict[str, Any]:
    r = await client.get(f"{API}/lots/{lot_id}/where-used")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/json"
    body = r.json()
    # Sent as built, not through the response model: it must be exactly that model's shape.
    assert WhereUsed.model_validate(body).model_dump(mode="json") == body
    return body  # type: ignore[no-any-return]


def _lots(node: dict[str, Any]) -> list[tuple[str, float]]:
    return [(lot["code"], lot["quantity"]) for lot in node["lots"]]


def _listed(*rows: tuple[Any, ...]) -> list[tuple[Any, ...]]:
    """`rows` in the list's order: by depth, units before batches, then serial or batch id."""
    return sorted(rows, key=lambda r: (r[2], r[0] != "unit", str(r[1]) if r[0] == "unit" else r[1]))


def _rows(body: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [
        (i["kind"], i["serial"] or i["batch_id"], i["depth"], i["via"], i["quantity"])
        for i in body["items"]
    ]


async def _built(admin: AsyncClient, app: FastAPI) -> dict[str, Any]:
    """A product P containing a module M containing a board B; lots at every level:
    P consumed L1 twice, M consumed L2, B consumed L1 and L3."""
    product, module, board = await floors(admin)
    resistor = await create_part(admin)
    solder = await create_part(admin)
    lot1 = await seed.lot(app, resistor["id"], "L1", supplier="Acme")
    lot2 = await seed.lot(app, solder["id"], "L2")
    lot3 = await seed.lot(app, resistor["id"], "L3", supplier="Bolt")

    (b,) = await units(admin, board)
    await seed.consume(app, lot3, 4, serial=b)
    await seed.consume(app, lot1, 1, serial=b)
    for _ in range(len(board["workstations"])):
        assert (await admin.post(f"{API}/units/{b}/move")).status_code == 200

    (m,) = await units(admin, module)
    await install(admin, m, b)
    await seed.consume(app, lot2, 0.5, serial=m)
    for _ in range(len(module["workstations"])):
        assert (await admin.post(f"{API}/units/{m}/move")).status_code == 200

    (p,) = await units(admin, product, external_ref="SAP-4711")
    await install(admin, p, m)
    await seed.consume(app, lot1, 1, serial=p)
    await seed.consume(app, lot1, 2, serial=p)
    return {
        "p": p,
        "m": m,
        "b": b,
        "lots": (lot1, lot2, lot3),
        "parts": (resistor, solder),
        "floors": (product, module, board),
    }


async def test_genealogy_two_levels_deep(admin: AsyncClient, app: FastAPI) -> None:
    built = await _built(admin, app)
    p, m, b = built["p"], built["m"], built["b"]
    resistor, solder = built["parts"]
    product, module, board = built["floors"]
    tree = await _genealogy(admin, p)
    assert tree["serial"] == p and tree["part"] == product["part"]["number"]
    assert tree["status"] == "in_progress" and tree["installed_at"] is None
    assert _lots(tree) == [("L1", 3.0)]  # summed per lot
    assert tree["lots"][0] == {
        "lot_id": built["lots"][0],
        "code": "L1",
        "part": resistor["number"],
        "quantity": 3.0,
        "supplier": "Acme",
    }
    (module_node,) = tree["children"]
    assert module_node["serial"] == m and module_node["part"] == module["part"]["number"]
    assert module_node["status"] == "completed" and module_node["installed_at"] is not None
    assert _lots(module_node) == [("L2", 0.5)]
    assert module_node["lots"][0]["part"] == solder["number"]
    (board_node,) = module_node["children"]
    assert board_node["serial"] == b and board_node["part"] == board["part"]["number"]
    assert _lots(board_node) == [("L1", 1.0), ("L3", 4.0)]
    assert board_node["children"] == []

    # From the middle: only what is below it.
    middle = await _genealogy(admin, m)
    assert middle["serial"] == m and [c["serial"] for c in middle["children"]] == [b]
    # A unit with nothing.
    leaf = await _genealogy(admin, b)
    assert leaf["children"] == [] and len(leaf["lots"]) == 2

    assert_problem(await admin.get(f"{API}/units/NOPE-1/genealogy"), 404, "not_found")


async def test_where_used_through_two_levels_with_orders(admin: AsyncClient, app: FastAPI) -> None:
    built = await _built(admin, app)
    p, m, b = built["p"], built["m"], built["b"]
    lot1, lot2, lot3 = built["lots"]

    used = await _where_used(admin, lot3)
    assert used["lot"]["code"] == "L3" and used["lot"]["supplier"] == "Bolt"
    assert used["lot"]["remaining"] == 96.0 and used["lot"]["status"] == "available"
    assert _rows(used) == [
        ("unit", b, 0, "direct", 4.0),
        ("unit", m, 1, b, None),
        ("unit", p, 2, m, None),
    ]
    assert (used["units"], used["batches"]) == (3, 0)
    top = used["items"][2]
    assert top["external_ref"] == "SAP-4711" and top["status"] == "in_progress"
    r = await admin.get(f"{API}/units/{p}")
    assert top["order"] == r.json()["order"] and top["part"] == built["floors"][0]["part"]["number"]
    assert used["items"][0]["status"] == "completed" and used["items"][0]["external_ref"] is None

    # L1: P consumed it itself and contains it through M: listed once, as direct.
    used = await _where_used(admin, lot1)
    assert _rows(used) == _listed(
        ("unit", b, 0, "direct", 1.0),
        ("unit", p, 0, "direct", 3.0),
        ("unit", m, 1, b, None),
    )

    # A batch that consumed the lot is on the list too.
    floor = await shop_floor(admin, steps=2)
    order = await create_order(
        admin, floor["part"]["id"], quantity=10, tracking="batch", external_ref="SAP-99"
    )
    batch = await new_batch(admin, order["number"], 10)
    await seed.consume_by_batch(app, lot2, 3, batch_id=batch["id"])
    used = await _where_used(admin, lot2)
    assert _rows(used) == [
        ("unit", m, 0, "direct", 0.5),
        ("batch", batch["id"], 0, "direct", 3.0),
        ("unit", p, 1, m, None),
    ]
    assert used["items"][1]["order"] == order["number"]
    assert used["items"][1]["external_ref"] == "SAP-99" and used["items"][1]["serial"] is None
    assert (used["units"], used["batches"]) == (2, 1)

    # A lot nobody used, an unknown lot, a bad id.
    spare = await seed.lot(app, built["parts"][0]["id"], "L9")
    assert (await _where_used(admin, spare))["items"] == []
    assert_problem(await admin.get(f"{API}/lots/999999/where-used"), 404, "not_found")
    assert_problem(await admin.get(f"{API}/lots/0/where-used"), 422)
    assert_problem(await admin.get(f"{API}/lots/x/where-used"), 422)


async def test_a_removed_child_leaves_genealogy_and_where_used(
    admin: AsyncClient, app: FastAPI
) -> None:
    built = await _built(admin, app)
    p, m, b = built["p"], built["m"], built["b"]
    lot1, lot2, lot3 = built["lots"]
    await remove(admin, p, m, "wrong firmware")
    tree = await _genealogy(admin, p)
    assert tree["children"] == [] and _lots(tree) == [("L1", 3.0)]
    # M keeps its own tree.
    assert [c["serial"] for c in (await _genealogy(admin, m))["children"]] == [b]
    assert _rows(await _where_used(admin, lot3)) == [
        ("unit", b, 0, "direct", 4.0),
        ("unit", m, 1, b, None),
    ]
    assert [i["serial"] for i in (await _where_used(admin, lot2))["items"]] == [m]
    # Installed into another product: the chain follows it there.
    (q,) = await units(admin, built["floors"][0])
    await install(admin, q, m)
    assert _rows(await _where_used(admin, lot3))[-1] == ("unit", q, 2, m, None)
    # Removing the board from M (a completed unit: an admin may) cuts it off below M.
    await remove(admin, m, b, "rework")
    assert _rows(await _where_used(admin, lot3)) == [("unit", b, 0, "direct", 4.0)]
    assert [i["serial"] for i in (await _where_used(admin, lot1))["items"]] == sorted([b, p])


async def test_siblings_with_the_same_lot_list_their_parent_once(
    admin: AsyncClient, app: FastAPI
) -> None:
    product, module, _ = await floors(admin)
    part = await create_part(admin)
    lot = await seed.lot(app, part["id"], "L-SHARED")
    first, second = await units(admin, module, 2)
    for serial in (first, second):
        await seed.consume(app, lot, 1, serial=serial)
        for _ in range(len(module["workstations"])):
            assert (await admin.post(f"{API}/units/{serial}/move")).status_code == 200
    (parent,) = await units(admin, product)
    await install(admin, parent, first)
    await install(admin, parent, second)
    used = await _where_used(admin, lot)
    assert _rows(used) == _listed(
        ("unit", first, 0, "direct", 1.0),
        ("unit", second, 0, "direct", 1.0),
        ("unit", parent, 1, first, None),  # the smaller serial of the two it is reached by
    )
    assert used["units"] == 3
    tree = await _genealogy(admin, parent)
    assert [c["serial"] for c in tree["children"]] == [first, second]
    assert [_lots(c) for c in tree["children"]] == [[("L-SHARED", 1.0)]] * 2
