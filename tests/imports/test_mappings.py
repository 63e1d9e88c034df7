"""Import mapping profiles (admins write, everyone reads) and who may import what: orders
and lots as `POST /orders` and `POST /lots` (supervisors, admins, `orders:write`), parts as
`POST /parts` (admins, `config:write`)."""

from __future__ import annotations

from fastapi import FastAPI
from httpx import AsyncClient

from tests.conftest import as_user
from tests.imports.support import API, csv_bytes, upload
from tests.support import assert_problem, create_part, create_user, shop_floor, unique

PASSWORD = "a-long-enough-password"


async def test_mapping_crud(admin: AsyncClient) -> None:
    name = unique("erp-")
    body = {
        "name": name,
        "target": "lots",
        "columns": {"code": "Charge"},
        "defaults": {"supplier": "ACME"},
    }
    r = await admin.post(f"{API}/import-mappings", json=body)
    assert r.status_code == 201, r.text
    mapping = r.json()
    assert (mapping["target"], mapping["date_format"], mapping["defaults"]) == (
        "lots",
        None,
        {"supplier": "ACME"},
    )
    assert_problem(await admin.post(f"{API}/import-mappings", json=body), 409, "duplicate")
    r = await admin.patch(
        f"{API}/import-mappings/{mapping['id']}", json={"date_format": "%d/%m/%Y"}
    )
    assert r.status_code == 200 and r.json()["date_format"] == "%d/%m/%Y"
    listed = (
        await admin.get(f"{API}/import-mappings", params={"target": "lots", "limit": 500})
    ).json()
    assert mapping["id"] in [m["id"] for m in listed["items"]]
    one = (await admin.get(f"{API}/import-mappings", params={"name": name})).json()["items"]
    assert [m["id"] for m in one] == [mapping["id"]]
    # Fields the target does not have are refused, when created and when changed.
    bad = {"name": unique("x"), "target": "lots", "columns": {"colour": "Farbe"}}
    assert_problem(await admin.post(f"{API}/import-mappings", json=bad), 422, "validation_error")
    r = await admin.patch(f"{API}/import-mappings/{mapping['id']}", json={"defaults": {"nope": 1}})
    assert_problem(r, 422, "validation_error")
    assert_problem(
        await admin.post(
            f"{API}/import-mappings", json=body | {"name": unique("y"), "target": "units"}
        ),
        422,
        "validation_error",
    )
    assert (await admin.delete(f"{API}/import-mappings/{mapping['id']}")).status_code == 204
    assert_problem(await admin.get(f"{API}/import-mappings/{mapping['id']}"), 404, "not_found")


async def test_who_may_import(admin: AsyncClient, client: AsyncClient, app: FastAPI) -> None:
    floor = await shop_floor(admin)
    supervisor = await create_user(admin, role="supervisor", password=PASSWORD)
    operator = await create_user(admin, role="operator", password=PASSWORD)
    screw = await create_part(admin, kind="component")
    orders = csv_bytes(
        [["external_ref", "part", "quantity"], [unique("W-"), floor["part"]["number"], 1]]
    )
    lots = csv_bytes([["part", "code", "quantity"], [screw["number"], unique("L"), 5]])
    parts = csv_bytes(
        [["number", "name", "serial_prefix", "serial_digits"], [unique("N-"), "n", unique("Q"), 4]]
    )
    async with as_user(app, supervisor["username"], PASSWORD) as c:
        assert (await upload(c, "orders", orders)).status_code == 200
        assert (await upload(c, "lots", lots)).status_code == 200
        assert_problem(await upload(c, "parts", parts), 403, "forbidden")
        r = await c.post(f"{API}/import-mappings", json={"name": unique("s"), "target": "orders"})
        assert_problem(r, 403, "forbidden")
        assert (await c.get(f"{API}/import-mappings")).status_code == 200
    async with as_user(app, operator["username"], PASSWORD) as c:
        assert_problem(await upload(c, "orders", orders), 403, "forbidden")
        assert_problem(await upload(c, "lots", lots), 403, "forbidden")
    assert (await upload(admin, "parts", parts)).status_code == 200
    # An API key with `orders:write` imports orders, not parts.
    r = await admin.post(
        f"{API}/api-keys", json={"name": unique("erp"), "scopes": ["orders:write"]}
    )
    assert r.status_code == 201, r.text
    key = {"X-API-Key": r.json()["key"]}
    fresh = csv_bytes(
        [["external_ref", "part", "quantity"], [unique("K-"), floor["part"]["number"], 1]]
    )
    assert (await upload(client, "orders", fresh, headers=key)).status_code == 200
    assert_problem(await upload(client, "parts", parts, headers=key), 403, "forbidden")
