"""Importing orders on both databases: CSV (every delimiter, with and without a BOM) and
XLSX, create or update by `external_ref`, the rules of the single-order commands, row
errors that write nothing, dry runs, mapping profiles and the audit trail."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from fastapi import FastAPI
from httpx import AsyncClient

from app.models import Order
from tests.imports.support import API, audit, count, csv_bytes, errors_of, upload, xlsx_bytes
from tests.support import create_line, create_route, shop_floor, unique

HEADER = ["external_ref", "part", "quantity", "priority", "due_date"]


async def _orders(admin: AsyncClient, ref: str) -> list[dict[str, Any]]:
    r = await admin.get(f"{API}/orders", params={"external_ref": ref})
    assert r.status_code == 200, r.text
    return r.json()["items"]  # type: ignore[no-any-return]


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
async def test_csv_with_any_delimiter_creates_orders(admin: AsyncClient, delimiter: str) -> None:
    floor = await shop_floor(admin)
    part = floor["part"]["number"]
    a, b = unique("SAP-"), unique("SAP-")
    rows = [HEADER, [a, part, 5, 2, "2026-12-01"], [b, part, 7, "", ""]]
    r = await upload(admin, "orders", csv_bytes(rows, delimiter))
    assert r.status_code == 200, r.text
    assert r.json() == {
        "target": "orders",
        "rows": 2,
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "errors": [],
        "errors_total": 0,
        "dry_run": False,
    }
    (first,) = await _orders(admin, a)
    assert (first["quantity"], first["priority"], first["due_date"]) == (5, 2, "2026-12-01")
    assert first["status"] == "new" and first["route_id"] == floor["route"]["id"]
    assert first["number"].startswith("PO-")
    (second,) = await _orders(admin, b)
    assert (second["quantity"], second["priority"], second["due_date"]) == (7, 3, None)


async def test_a_bom_and_quoted_cells_are_read(admin: AsyncClient) -> None:
    floor = await shop_floor(admin)
    ref = unique("SAP-")
    content = b"\xef\xbb\xbfexternal_ref;part;quantity\r\n" + (
        f'"{ref}";"{floor["part"]["number"]}";"12"\r\n'.encode()
    )
    r = await upload(admin, "orders", content)
    assert r.status_code == 200, r.text
    assert (await _orders(admin, ref))[0]["quantity"] == 12


async def test_xlsx_creates_then_updates_by_external_ref(admin: AsyncClient, app: FastAPI) -> None:
    floor = await shop_floor(admin)
    part = floor["part"]["number"]
    ref = unique("SAP-")
    rows: list[list[Any]] = [
        ["external_ref", "part", "quantity", "due_date", "planned_start"],
        [ref, part, 4, date(2026, 12, 24), datetime(2026, 12, 20, 6, 0)],
    ]
    r = await upload(admin, "orders", xlsx_bytes(rows), filename="orders.xlsx")
    assert r.status_code == 200, r.text
    assert r.json()["created"] == 1
    (order,) = await _orders(admin, ref)
    assert order["due_date"] == "2026-12-24"
    assert order["planned_start"].startswith("2026-12-20T06:00:00")  # plant time UTC in tests

    rows = [["external_ref", "quantity"], [ref, 9]]
    r = await upload(admin, "orders", xlsx_bytes(rows), filename="orders.xlsx")
    assert r.status_code == 200, r.text
    assert (r.json()["created"], r.json()["updated"]) == (0, 1)
    (again,) = await _orders(admin, ref)
    assert again["number"] == order["number"] and again["quantity"] == 9
    assert again["due_date"] == "2026-12-24", "a column not in the file stays as it is"
    r = await upload(admin, "orders", xlsx_bytes(rows), filename="orders.xlsx")
    assert (r.json()["updated"], r.json()["unchanged"]) == (0, 1)

    # Audit: one entry per import, and the order's own create and update.
    imports = await audit(app, "import")
    assert [e.after["created"] for e in imports if e.after] == [1, 0, 0]
    assert imports[0].after is not None and imports[0].after["format"] == "xlsx"
    orders = [e for e in await audit(app, "order") if e.entity_id == order["number"]]
    assert [e.action for e in orders] == ["create", "update"]
    assert orders[1].before == {"quantity": 4} and orders[1].after == {"quantity": 9}


async def test_row_errors_are_listed_and_nothing_is_written(
    admin: AsyncClient, app: FastAPI
) -> None:
    floor = await shop_floor(admin)
    part = floor["part"]["number"]
    ok, dup = unique("SAP-"), unique("SAP-")
    rows = [
        [*HEADER, "route"],
        [ok, part, 5, 3, "2026-12-01", ""],  # row 2: fine
        [dup, part, "ten", 3, "", ""],  # row 3: quantity
        [dup, part, 5, 3, "", ""],  # row 4: same ref as row 3
        [unique("SAP-"), "NO-SUCH-PART", 5, 3, "", ""],  # row 5
        [unique("SAP-"), part, 5, 3, "", "NO-ROUTE"],  # row 6
        [unique("SAP-"), part, 5, 9, "01.12.2026", ""],  # row 7: priority, date
        [unique("SAP-"), "", "", "", "", ""],  # row 8: part and quantity missing
        ["", part, 1, "", "", ""],  # row 9: no key
    ]
    before = await count(app, Order)
    r = await upload(admin, "orders", csv_bytes(rows))
    assert errors_of(r) == [
        (3, "quantity", "invalid_number"),
        (4, "external_ref", "duplicate_in_file"),
        (5, "part", "unknown_part"),
        (6, "route", "unknown_route"),
        (7, "due_date", "invalid_date"),
        (8, "part", "required"),
        (8, "quantity", "required"),
        (9, "external_ref", "required"),
    ]
    body = r.json()
    assert body["errors_total"] == 8 and body["rows"] == 8
    assert all(e["message"] for e in body["errors"])
    assert await count(app, Order) == before, "nothing was written, not even row 2"
    assert await audit(app, "import") == []

    # The rules of POST /orders: priority 1-5 (the schema's rule, on the column).
    rows = [HEADER, [unique("SAP-"), part, 5, 9, ""]]
    assert errors_of(await upload(admin, "orders", csv_bytes(rows))) == [
        (2, "priority", "invalid_value")
    ]


async def test_route_and_line_rules_are_those_of_create_order(admin: AsyncClient) -> None:
    floor = await shop_floor(admin)
    part = floor["part"]
    other_line = await create_line(admin)
    second = await create_route(admin, part["id"], [w["id"] for w in floor["workstations"]])
    other = await shop_floor(admin)
    rows = [
        ["external_ref", "part", "quantity", "route", "line"],
        [unique("SAP-"), part["number"], 1, "", ""],  # two routes now: choose one
        [unique("SAP-"), part["number"], 1, other["route"]["code"], ""],  # another part's
        [unique("SAP-"), part["number"], 1, second["code"], other_line["code"]],  # not visited
        [unique("SAP-"), part["number"], 1, second["code"], "NO-LINE"],
    ]
    assert errors_of(await upload(admin, "orders", csv_bytes(rows))) == [
        (2, "route", "route_required"),
        (3, "route", "route_part_mismatch"),
        (4, "line", "line_not_on_route"),
        (5, "line", "unknown_line"),
    ]
    ref = unique("SAP-")
    rows = [rows[0], [ref, part["number"], 1, second["code"], floor["line"]["code"]]]
    r = await upload(admin, "orders", csv_bytes(rows))
    assert r.status_code == 200, r.text
    (order,) = await _orders(admin, ref)
    assert (order["route_id"], order["line_id"]) == (second["id"], floor["line"]["id"])


async def test_a_started_order_is_a_row_error(admin: AsyncClient) -> None:
    floor = await shop_floor(admin)
    ref = unique("SAP-")
    r = await admin.post(
        f"{API}/orders", json={"part_id": floor["part"]["id"], "quantity": 3, "external_ref": ref}
    )
    number = r.json()["number"]
    assert (await admin.post(f"{API}/orders/{number}/start")).status_code == 200
    rows = [["external_ref", "quantity", "part"], [ref, 5, floor["part"]["number"]]]
    assert errors_of(await upload(admin, "orders", csv_bytes(rows))) == [
        (2, "external_ref", "order_not_editable")
    ]
    other = await shop_floor(admin)
    ref2 = unique("SAP-")
    await admin.post(
        f"{API}/orders", json={"part_id": floor["part"]["id"], "quantity": 3, "external_ref": ref2}
    )
    rows = [["external_ref", "part"], [ref2, other["part"]["number"]]]
    assert errors_of(await upload(admin, "orders", csv_bytes(rows))) == [
        (2, "part", "invalid_value")
    ]


async def test_planned_start_after_the_due_date_is_refused(admin: AsyncClient) -> None:
    floor = await shop_floor(admin)
    rows = [
        ["external_ref", "part", "quantity", "due_date", "planned_start"],
        [unique("SAP-"), floor["part"]["number"], 1, "2026-12-01", "2026-12-02T08:00:00+00:00"],
    ]
    assert errors_of(await upload(admin, "orders", csv_bytes(rows))) == [
        (2, "planned_start", "invalid_value")
    ]


async def test_dry_run_reports_and_writes_nothing(admin: AsyncClient, app: FastAPI) -> None:
    floor = await shop_floor(admin)
    part = floor["part"]["number"]
    existing = unique("SAP-")
    await admin.post(
        f"{API}/orders",
        json={"part_id": floor["part"]["id"], "quantity": 3, "external_ref": existing},
    )
    rows = [HEADER, [existing, part, 8, 3, ""], [unique("SAP-"), part, 2, 3, ""]]
    before = await count(app, Order)
    r = await upload(admin, "orders", csv_bytes(rows), dry_run=True)
    assert r.status_code == 200, r.text
    assert (r.json()["created"], r.json()["updated"], r.json()["dry_run"]) == (1, 1, True)
    assert await count(app, Order) == before
    assert (await _orders(admin, existing))[0]["quantity"] == 3
    assert await audit(app, "import") == []
    bad = [HEADER, [unique("SAP-"), part, "x", 3, ""]]
    assert errors_of(await upload(admin, "orders", csv_bytes(bad), dry_run=True)) == [
        (2, "quantity", "invalid_number")
    ]


async def test_a_mapping_names_columns_defaults_and_the_date_format(
    admin: AsyncClient,
) -> None:
    floor = await shop_floor(admin)
    body = {
        "name": unique("sap-"),
        "target": "orders",
        "columns": {
            "external_ref": "Auftrag",
            "part": "Material",
            "quantity": "Menge",
            "due_date": "Termin",
        },
        "defaults": {"priority": 1, "line": floor["line"]["code"]},
        "date_format": "%d.%m.%Y",
    }
    r = await admin.post(f"{API}/import-mappings", json=body)
    assert r.status_code == 201, r.text
    mapping = r.json()
    ref = unique("SAP-")
    rows = [
        ["Auftrag", "Material", "Menge", "Termin"],
        [ref, floor["part"]["number"], 6, "24.12.2026"],
    ]
    r = await upload(admin, "orders", csv_bytes(rows, ";"), mapping=mapping["id"])
    assert r.status_code == 200, r.text
    (order,) = await _orders(admin, ref)
    assert (order["due_date"], order["priority"], order["line_id"]) == (
        "2026-12-24",
        1,
        floor["line"]["id"],
    )
    # Without the mapping the key column is missing: 422 listing it.
    r = await upload(admin, "orders", csv_bytes(rows, ";"))
    assert r.status_code == 422 and r.json()["code"] == "missing_columns"
    assert r.json()["columns"] == ["external_ref"]
    # The ISO date no longer matches the mapping's format.
    rows = [rows[0], [unique("SAP-"), floor["part"]["number"], 6, "2026-12-24"]]
    assert errors_of(await upload(admin, "orders", csv_bytes(rows), mapping=mapping["id"])) == [
        (2, "Termin", "invalid_date")
    ]


async def test_batch_tracking_and_many_rows(admin: AsyncClient, app: FastAPI) -> None:
    floor = await shop_floor(admin)
    part = floor["part"]["number"]
    prefix = unique("BULK-")
    rows: list[list[Any]] = [["external_ref", "part", "quantity", "tracking"]]
    rows += [
        [f"{prefix}-{i}", part, i % 50 + 1, "batch" if i % 2 else "serial"] for i in range(2500)
    ]
    r = await upload(admin, "orders", csv_bytes(rows))
    assert r.status_code == 200, r.text
    assert r.json()["created"] == 2500
    assert await count(app, Order, Order.external_ref.like(f"{prefix}-%")) == 2500
    assert (
        await count(app, Order, Order.tracking == "batch", Order.external_ref.like(f"{prefix}-%"))
        == 1250
    )
    numbers = [e.entity_id for e in await audit(app, "order") if e.action == "create"]
    assert len(set(numbers)) == len(numbers) >= 2500, "every order its own number"
