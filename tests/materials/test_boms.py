"""Part kinds, BOM revisions, orders pinning them, and deletes refused while in use."""

from __future__ import annotations

import asyncio

import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import select

from app.models import AuditEntry, BomRevision
from tests.conftest import as_user
from tests.materials.support import API, bom, component, lot
from tests.support import assert_problem, create_order, create_part, create_user, shop_floor

ON_POSTGRES = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)


async def test_part_kind_and_uom(admin: AsyncClient) -> None:
    product = await create_part(admin)
    assert (product["kind"], product["uom"]) == ("product", "pcs")
    glue = await create_part(admin, kind="material", uom="kg")
    assert (glue["kind"], glue["uom"]) == ("material", "kg")
    r = await admin.get(f"{API}/parts", params={"kind": "material"})
    assert [p["id"] for p in r.json()["items"]] == [glue["id"]]
    assert_problem(await admin.get(f"{API}/parts", params={"kind": "gas"}), 422)
    n = {"number": "X-1", "name": "X", "serial_prefix": "XQ", "serial_digits": 4}
    assert_problem(await admin.post(f"{API}/parts", json=n | {"kind": "gas"}), 422)
    assert_problem(await admin.post(f"{API}/parts", json=n | {"uom": ""}), 422)
    r = await admin.patch(f"{API}/parts/{glue['id']}", json={"uom": "g", "kind": "component"})
    assert r.status_code == 200, r.text
    assert (r.json()["kind"], r.json()["uom"]) == ("component", "g")
    # A part with lots cannot become a product.
    await lot(admin, glue["id"])
    r = await admin.patch(f"{API}/parts/{glue['id']}", json={"kind": "product"})
    assert_problem(r, 409, "in_use")


async def test_bom_revisions(admin: AsyncClient, app: FastAPI) -> None:
    product = await create_part(admin)
    a, b = await component(admin), await component(admin, kind="material", uom="kg")
    assert_problem(await admin.get(f"{API}/parts/{product['id']}/bom"), 404, "no_bom")
    first = await bom(
        admin, product["id"], [{"component_part_id": a["id"], "quantity": 2, "step": 1}]
    )
    assert (first["part_id"], first["revision"], first["created_by"]) == (
        product["id"],
        1,
        "user:admin",
    )
    assert first["items"] == [
        {
            "component_part_id": a["id"],
            "component": {
                "id": a["id"],
                "number": a["number"],
                "name": a["name"],
                "kind": "component",
                "uom": "pcs",
            },
            "quantity": 2,
            "step": 1,
        }
    ]
    second = await bom(
        admin,
        product["id"],
        [
            {"component_part_id": b["id"], "quantity": 0.25},
            {"component_part_id": a["id"], "quantity": 3},
        ],
    )
    assert second["revision"] == 2
    assert [(i["component_part_id"], i["step"]) for i in second["items"]] == [
        (b["id"], None),
        (a["id"], None),
    ]
    assert (await admin.get(f"{API}/parts/{product['id']}/bom")).json() == second
    assert (await admin.get(f"{API}/parts/{product['id']}/bom-revisions/1")).json() == first
    assert_problem(await admin.get(f"{API}/parts/{product['id']}/bom-revisions/3"), 404)
    assert_problem(await admin.get(f"{API}/parts/999999/bom"), 404, "not_found")
    async with app.state.db.transaction(write=False) as session:
        audits = (
            await session.scalars(
                select(AuditEntry).where(AuditEntry.entity_type == "bom").order_by(AuditEntry.id)
            )
        ).all()
    assert [(x.action, x.entity_id, (x.after or {})["revision"]) for x in audits] == [
        ("revise", str(product["id"]), 1),
        ("revise", str(product["id"]), 2),
    ]


async def test_bom_refusals(admin: AsyncClient, app: FastAPI) -> None:
    product = await create_part(admin)
    other_product = await create_part(admin)
    a = await component(admin)
    url = f"{API}/parts/{product['id']}/bom-revisions"
    item = {"component_part_id": a["id"], "quantity": 1}
    cases: list[tuple[list[dict[str, object]], str]] = [
        ([{"component_part_id": product["id"], "quantity": 1}], "invalid_bom"),
        ([item, item | {"quantity": 2}], "invalid_bom"),
        ([{"component_part_id": other_product["id"], "quantity": 1}], "wrong_part_kind"),
        ([{"component_part_id": 999_999, "quantity": 1}], "unknown_reference"),
        ([item | {"quantity": 0}], "validation_error"),
        ([item | {"quantity": -1}], "validation_error"),
        ([item | {"step": 0}], "validation_error"),
        ([item | {"quantity": "1"}], "validation_error"),
        ([], "validation_error"),
    ]
    for items, code in cases:
        assert_problem(await admin.post(url, json={"items": items}), 422, code)
    assert_problem(
        await admin.post(f"{API}/parts/999999/bom-revisions", json={"items": [item]}), 404
    )
    supervisor = await create_user(admin, role="supervisor")
    async with as_user(app, supervisor["username"], "secret-password") as c:
        assert_problem(await c.post(url, json={"items": [item]}), 403, "forbidden")
        assert_problem(await c.get(f"{API}/parts/{product['id']}/bom"), 404, "no_bom")
    async with app.state.db.transaction(write=False) as session:
        assert (await session.scalars(select(BomRevision))).all() == []


async def test_orders_pin_the_current_bom(admin: AsyncClient) -> None:
    floor = await shop_floor(admin, steps=1)
    part_id = floor["part"]["id"]
    a = await component(admin)
    before = await create_order(admin, part_id, quantity=1)
    assert before["bom_revision"] is None
    await bom(admin, part_id, [{"component_part_id": a["id"], "quantity": 1}])
    pinned = await create_order(admin, part_id, quantity=1)
    assert pinned["bom_revision"] == 1
    await bom(admin, part_id, [{"component_part_id": a["id"], "quantity": 2}])
    later = await create_order(admin, part_id, quantity=1)
    assert later["bom_revision"] == 2
    got = (await admin.get(f"{API}/orders/{pinned['number']}")).json()
    assert got["bom_revision"] == 1
    listed = (await admin.get(f"{API}/orders")).json()["items"]
    assert [o["bom_revision"] for o in listed] == [None, 1, 2]


async def test_deletes_refused_while_referenced(admin: AsyncClient) -> None:
    floor = await shop_floor(admin, steps=1)
    in_bom, with_lot = await component(admin), await component(admin)
    await bom(admin, floor["part"]["id"], [{"component_part_id": in_bom["id"], "quantity": 1}])
    await lot(admin, with_lot["id"])
    await create_order(admin, floor["part"]["id"], quantity=1)
    for part in (in_bom, with_lot, floor["part"]):
        assert_problem(await admin.delete(f"{API}/parts/{part['id']}"), 409, "in_use")
    unused = await component(admin)
    assert (await admin.delete(f"{API}/parts/{unused['id']}")).status_code == 204


@ON_POSTGRES
async def test_parallel_revisions_are_numbered_without_gaps(
    admin: AsyncClient, app: FastAPI
) -> None:
    product = await create_part(admin)
    parts = [await component(admin) for _ in range(10)]
    url = f"{API}/parts/{product['id']}/bom-revisions"
    responses = await asyncio.gather(
        *(
            admin.post(url, json={"items": [{"component_part_id": p["id"], "quantity": 1}]})
            for p in parts
        )
    )
    assert all(r.status_code == 201 for r in responses), [r.text for r in responses]
    assert sorted(r.json()["revision"] for r in responses) == list(range(1, 11))
    async with app.state.db.transaction(write=False) as session:
        numbers = (
            await session.scalars(
                select(BomRevision.revision).where(BomRevision.part_id == product["id"])
            )
        ).all()
    assert sorted(numbers) == list(range(1, 11))
