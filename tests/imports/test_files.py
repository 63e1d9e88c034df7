"""Files an import cannot use are a clear 422 with a code, never a 500; an unknown target
is 404; the error list is capped."""

from __future__ import annotations

import io
import zipfile

import jsonschema_rs
import pytest
from fastapi import FastAPI
from httpx import AsyncClient

from app.models import Order
from tests.imports.support import API, audit, count, csv_bytes, upload, xlsx_bytes
from tests.support import assert_problem, shop_floor, unique


@pytest.mark.parametrize(
    ("content", "filename", "says"),
    [
        (b"", "orders.csv", "empty"),
        (b"   \r\n\r\n", "orders.csv", "empty"),
        ("external_ref,part,quantity\r\nÄ-1,X,1\r\n".encode("latin-1"), "o.csv", "UTF-8"),
        (b"external_ref,part\x00,quantity\r\n", "o.csv", "binary"),
        (b"this is not a zip", "orders.xlsx", "not an XLSX"),
        (b"PK\x03\x04 a broken zip", "orders.xlsx", "XLSX"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old excel", "orders.xls", ".xls"),
        (b"external_ref,part,quantity\r\n", "orders.csv", "no data rows"),
        (b"\r\n,,\r\n", "orders.csv", "header"),
    ],
)
async def test_a_file_that_is_not_what_it_claims_is_invalid_file(
    admin: AsyncClient, app: FastAPI, content: bytes, filename: str, says: str
) -> None:
    before = await count(app, Order)
    r = await upload(admin, "orders", content, filename=filename)
    body = assert_problem(r, 422, "invalid_file")
    assert says in body["detail"], body
    assert await count(app, Order) == before


async def test_a_zip_that_is_no_workbook_and_a_late_bad_byte(admin: AsyncClient) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("hello.txt", "not a workbook")
    assert_problem(
        await upload(admin, "orders", out.getvalue(), filename="o.xlsx"), 422, "invalid_file"
    )
    # Not UTF-8 far past the first read: still a 422, not a 500.
    floor = await shop_floor(admin)
    good = "".join(f"{unique('R-')},{floor['part']['number']},1\r\n" for _ in range(3000))
    content = b"external_ref,part,quantity\r\n" + good.encode() + b"\xff\xfe,bad,1\r\n"
    body = assert_problem(await upload(admin, "orders", content), 422, "invalid_file")
    assert "UTF-8" in body["detail"]


async def test_missing_key_columns_are_listed(admin: AsyncClient) -> None:
    body = assert_problem(
        await upload(admin, "lots", csv_bytes([["quantity", "supplier"], [1, "x"]])),
        422,
        "missing_columns",
    )
    assert body["columns"] == ["part", "code"]
    assert_problem(
        await upload(
            admin, "orders", xlsx_bytes([["part", "quantity"], ["X", 1]]), filename="o.xlsx"
        ),
        422,
        "missing_columns",
    )


async def test_unknown_target_and_mapping(admin: AsyncClient) -> None:
    rows = csv_bytes([["external_ref"], ["X"]])
    assert_problem(await upload(admin, "units", rows), 404, "not_found")
    assert_problem(await upload(admin, "orders", rows, mapping=999999), 404, "not_found")
    r = await admin.post(
        f"{API}/import-mappings", json={"name": unique("m"), "target": "parts", "columns": {}}
    )
    assert r.status_code == 201, r.text
    assert_problem(
        await upload(admin, "orders", rows, mapping=r.json()["id"]), 422, "mapping_target_mismatch"
    )
    r = await admin.post(f"{API}/imports/orders", data={"dry_run": "true"})
    assert_problem(r, 422, "validation_error")  # no file at all


async def test_the_error_list_is_capped(admin: AsyncClient) -> None:
    rows = [["external_ref", "part", "quantity"]] + [
        [unique("C-"), "P", "many"] for _ in range(1500)
    ]
    r = await upload(admin, "orders", csv_bytes(rows))
    body = assert_problem(r, 422, "import_invalid")
    assert len(body["errors"]) == 1000 and body["errors_total"] == 1500
    assert body["errors"][0] == {
        "row": 2,
        "column": "quantity",
        "code": "invalid_number",
        "message": "expected a whole number, got 'many'",
    }
    assert "1500 errors" in body["detail"]


async def test_the_refusals_fit_the_documented_problem(admin: AsyncClient, app: FastAPI) -> None:
    spec = app.openapi()
    response = spec["paths"]["/api/v1/imports/orders"]["post"]["responses"]["422"]
    schema = response["content"]["application/problem+json"]["schema"]
    validator = jsonschema_rs.Draft202012Validator(
        schema | {"components": spec["components"]}, validate_formats=True
    )
    refusals = [
        await upload(
            admin, "orders", csv_bytes([["external_ref", "part", "quantity"], ["X", "P", "x"]])
        ),
        await upload(admin, "orders", b"", filename="o.csv"),
        await upload(admin, "orders", csv_bytes([["part"], ["P"]])),
        await admin.post(f"{API}/imports/orders", data={"dry_run": "true"}),
    ]
    assert [r.json()["code"] for r in refusals] == [
        "import_invalid",
        "invalid_file",
        "missing_columns",
        "validation_error",
    ]
    for r in refusals:
        assert r.status_code == 422
        validator.validate(r.json())


async def test_a_file_name_with_control_characters_is_kept_printable(
    admin: AsyncClient, app: FastAPI
) -> None:
    floor = await shop_floor(admin)
    content = csv_bytes(
        [["external_ref", "part", "quantity"], [unique("N-"), floor["part"]["number"], 1]]
    )
    name = b"orders\x00\x1b[31m" + b"x" * 300 + b".csv"  # raw: a client would escape them
    body = (
        b'--B0\r\nContent-Disposition: form-data; name="file"; filename="' + name + b'"\r\n'
        b"Content-Type: text/csv\r\n\r\n" + content + b"\r\n--B0--\r\n"
    )
    r = await admin.post(
        f"{API}/imports/orders",
        content=body,
        headers={"Content-Type": "multipart/form-data; boundary=B0"},
    )
    assert r.status_code == 200, r.text
    (entry,) = await audit(app, "import")
    assert entry.after is not None
    assert entry.after["file"] == ("orders[31m" + "x" * 300)[:200]
