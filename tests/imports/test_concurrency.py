"""Two imports of one file at once on PostgreSQL create every order once (imports of a
target are serialized by an advisory lock: the second finds the first's orders and leaves
them as they are); an `Idempotency-Key` replays an import (the multipart boundary, new on
every request, is not part of what the key is bound to)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from fastapi import FastAPI
from httpx import AsyncClient

from app.models import AuditEntry, Order
from tests.conftest import as_user
from tests.imports.support import count, csv_bytes, upload
from tests.support import assert_problem, shop_floor, unique

ON_POSTGRES = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)


@ON_POSTGRES
async def test_two_imports_of_one_file_in_parallel_create_each_order_once(
    admin: AsyncClient, app: FastAPI
) -> None:
    floor = await shop_floor(admin)
    prefix = unique("PAR-")
    rows: list[list[Any]] = [["external_ref", "part", "quantity"]]
    rows += [[f"{prefix}-{i}", floor["part"]["number"], 5] for i in range(1500)]
    content = csv_bytes(rows)
    async with as_user(app) as other:
        first, second = await asyncio.gather(
            upload(admin, "orders", content), upload(other, "orders", content)
        )
    assert (first.status_code, second.status_code) == (200, 200), (first.text, second.text)
    outcomes = sorted((r.json()["created"], r.json()["unchanged"]) for r in (first, second))
    assert outcomes == [(0, 1500), (1500, 0)]
    assert await count(app, Order, Order.external_ref.like(f"{prefix}-%")) == 1500
    creates = await count(
        app, AuditEntry, AuditEntry.entity_type == "order", AuditEntry.action == "create"
    )
    assert creates == 1500


async def test_an_idempotency_key_replays_the_import(admin: AsyncClient, app: FastAPI) -> None:
    floor = await shop_floor(admin)
    ref = unique("IDEM-")
    content = csv_bytes([["external_ref", "part", "quantity"], [ref, floor["part"]["number"], 2]])
    key = {"Idempotency-Key": unique("import-")}
    first = await upload(admin, "orders", content, headers=key)
    assert first.status_code == 200, first.text
    again = await upload(admin, "orders", content, headers=key)  # a new boundary, same form
    assert again.status_code == 200, again.text
    assert again.headers.get("idempotent-replayed") == "true"
    assert again.json() == first.json()
    assert await count(app, Order, Order.external_ref == ref) == 1
    assert await count(app, AuditEntry, AuditEntry.entity_type == "import") == 1
    other = csv_bytes([["external_ref", "part", "quantity"], [ref, floor["part"]["number"], 3]])
    assert_problem(await upload(admin, "orders", other, headers=key), 409, "idempotency_key_reused")
    assert_problem(
        await upload(admin, "orders", content, headers=key, dry_run=True),
        409,
        "idempotency_key_reused",
    )
