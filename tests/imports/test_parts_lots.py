"""Importing parts (by `number`) and lots (by part and `code`) on both databases, with the
rules of their single-record commands."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import FastAPI
from httpx import AsyncClient

from app.models import Lot, Part
from tests.imports.support import API, audit, count, csv_bytes, errors_of, upload, xlsx_bytes
from tests.materials.support import consume, material_floor
from tests.support import create_part, shop_floor, unique

PART_HEADER = ["number", "name", "serial_prefix", "serial_digits", "kind", "uom"]


async def _part(admin: AsyncClient, number: str) -> dict[str, Any]:
    r = await admin.get(f"{API}/parts", params={"number": number})
    (found,) = r.json()["items"]
    return found  # type: ignore[no-any-return]


async def test_parts_are_created_and_updated_by_number(admin: AsyncClient, app: FastAPI) -> None:
    a, b = unique("IMP-"), unique("IMP-")
    rows: list[list[Any]] = [
        PART_HEADER,
        [a, "Motor", unique("PA"), 5, "", ""],
        [b, "Screw M4", unique("PB"), 4, "component", "pcs"],
    ]
    r = await upload(admin, "parts", csv_bytes(rows))
    assert r.status_code == 200, r.text
    assert r.json()["created"] == 2
    part = await _part(admin, a)
    assert (part["kind"], part["uom"], part["serial_counter"]) == ("product", "pcs", 0)
    rows = [["number", "name"], [a, "Motor rev B"], [b, "Screw M4"]]
    r = await upload(admin, "parts", xlsx_bytes(rows), filename="parts.xlsx")
    assert (r.json()["updated"], r.json()["unchanged"]) == (1, 1)
    assert (await _part(admin, a))["name"] == "Motor rev B"
    entries = [e for e in await audit(app, "part") if e.entity_id == str(part["id"])]
    assert [e.action for e in entries] == ["create", "update"]
    assert entries[0].after is not None and entries[0].after["number"] == a


async def test_part_rules_are_those_of_the_part_commands(admin: AsyncClient, app: FastAPI) -> None:
    floor = await shop_floor(admin)
    number = floor["part"]["number"]
    r = await admin.post(f"{API}/orders", json={"part_id": floor["part"]["id"], "quantity": 2})
    order = r.json()["number"]
    assert (await admin.post(f"{API}/orders/{order}/units", json={"count": 1})).status_code == 201
    taken = await create_part(admin)
    screw = await create_part(admin, kind="component")
    await admin.post(f"{API}/lots", json={"part_id": screw["id"], "code": "L1", "quantity": 5})
    rows = [
        PART_HEADER,
        [number, "x", "NEWPFX", 5, "", ""],  # serials issued: scheme locked
        [unique("IMP-"), "x", taken["serial_prefix"], 5, "", ""],  # another part's prefix
        [screw["number"], "x", screw["serial_prefix"], 5, "product", ""],  # has lots
        ["bad number!", "x", unique("PC"), 5, "", ""],  # the schema's pattern
        [unique("IMP-"), "x", "SAME", 13, "", ""],  # digits 1-12
        [unique("IMP-"), "x", "SAME", 5, "gadget", ""],  # kind; prefix also in row 6
        [unique("IMP-"), "", "", "", "", ""],  # new part without its fields
    ]
    before = await count(app, Part)
    assert errors_of(await upload(admin, "parts", csv_bytes(rows))) == [
        (2, "serial_prefix", "serial_scheme_locked"),
        (3, "serial_prefix", "duplicate"),
        (4, "kind", "in_use"),
        (5, "number", "invalid_value"),
        (6, "serial_digits", "invalid_value"),
        (7, "serial_prefix", "duplicate_in_file"),
        (7, "kind", "invalid_value"),
        (8, "name", "required"),
        (8, "serial_prefix", "required"),
        (8, "serial_digits", "required"),
    ]
    assert await count(app, Part) == before


async def test_lots_are_received_and_updated(admin: AsyncClient, app: FastAPI) -> None:
    glue = await create_part(admin, kind="material", uom="kg")
    screw = await create_part(admin, kind="component")
    rows = [
        ["part", "code", "quantity", "supplier", "expires_at"],
        [glue["number"], "G-1", 12.5, "Henkel", "2027-06-30"],
        [screw["number"], "G-1", 1000, "", ""],  # the same code, another part: fine
    ]
    r = await upload(admin, "lots", csv_bytes(rows, "\t"))
    assert r.status_code == 200, r.text
    assert r.json()["created"] == 2
    lots = (await admin.get(f"{API}/lots", params={"part_id": glue["id"]})).json()["items"]
    (lot,) = lots
    assert (lot["quantity"], lot["remaining"], lot["status"]) == (12.5, 12.5, "available")
    assert lot["expires_at"].startswith("2027-06-30T00:00:00")
    assert lot["received_by"] == "user:admin"
    rows = [["part", "code", "quantity", "supplier"], [glue["number"], "G-1", 20, "Sika"]]
    r = await upload(admin, "lots", csv_bytes(rows))
    assert r.json()["updated"] == 1
    got = (await admin.get(f"{API}/lots/{lot['id']}")).json()
    assert (got["quantity"], got["remaining"], got["supplier"]) == (20, 20, "Sika")
    actions = [e.action for e in await audit(app, "lot") if e.entity_id == str(lot["id"])]
    assert actions == ["receive", "update"]


async def test_lot_rules(admin: AsyncClient, app: FastAPI) -> None:
    floor = await material_floor(admin)
    used = floor["screw_lot"]
    assert (await consume(admin, floor["serials"][0], used["id"], 4)).status_code == 201
    product = floor["part"]["number"]
    rows = [
        ["part", "code", "quantity"],
        [floor["screw"]["number"], used["code"], 500],  # consumed from: quantity fixed
        [product, "P-1", 5],  # lots are not of products
        ["NO-SUCH", "X-1", 5],
        [floor["glue"]["number"], "X-2", -1],  # quantity > 0
        [floor["glue"]["number"], "X-3", ""],  # new lot without quantity
        [floor["glue"]["number"], "X-2", 3],  # same key as row 5
    ]
    before = await count(app, Lot)
    assert errors_of(await upload(admin, "lots", csv_bytes(rows))) == [
        (2, "quantity", "lot_consumed"),
        (3, "part", "wrong_part_kind"),
        (4, "part", "unknown_part"),
        (5, "quantity", "invalid_value"),
        (6, "quantity", "required"),
        (7, "part", "duplicate_in_file"),
    ]
    assert await count(app, Lot) == before


async def test_lots_from_xlsx_with_date_cells(admin: AsyncClient) -> None:
    glue = await create_part(admin, kind="material", uom="kg")
    code = unique("X-")
    rows: list[list[Any]] = [
        ["part", "code", "quantity", "expires_at"],
        [glue["number"], code, 2.5, datetime(2027, 3, 1, 12, 30)],
    ]
    r = await upload(admin, "lots", xlsx_bytes(rows), filename="lots.xlsx")
    assert r.status_code == 200, r.text
    (lot,) = (await admin.get(f"{API}/lots", params={"code": code})).json()["items"]
    assert lot["quantity"] == 2.5 and lot["expires_at"].startswith("2027-03-01T12:30:00")
    rows[1][2] = "lots"
    r = await upload(admin, "lots", xlsx_bytes(rows), filename="lots.xlsx")
    assert errors_of(r) == [(2, "quantity", "invalid_number")]
