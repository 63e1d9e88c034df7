from __future__ import annotations

from httpx import AsyncClient

from tests.imports.support import csv_bytes, upload, xlsx_bytes
from tests.support import shop_floor


async def test_orders_csv(admin: AsyncClient) -> None:
    floor = await shop_floor(admin)
    part = floor["part"]["number"]
    content = csv_bytes(
        [
            ["external_ref", "part", "quantity", "due_date"],
            ["E-1", part, 5, "2026-12-01"],
            ["E-2", part, 7, ""],
        ]
    )
    r = await upload(admin, "orders", content)
    assert r.status_code == 200, r.text
    print(r.json())
    r = await upload(
        admin,
        "orders",
        xlsx_bytes([["external_ref", "part", "quantity"], ["E-1", part, 9]]),
        filename="x.xlsx",
    )
    assert r.status_code == 200, r.text
    print(r.json())
    r = await upload(
        admin, "orders", csv_bytes([["external_ref", "part", "quantity"], ["E-3", "nope", "x"]])
    )
    print(r.status_code, r.json())
