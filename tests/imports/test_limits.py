"""The size limit of uploads under /api/v1/imports (`TAKT_MAX_IMPORT_BYTES`) through the
app: larger than the JSON limit, and 413 past it, with or without an Idempotency-Key."""

from __future__ import annotations

from typing import Any

import pytest
from httpx import AsyncClient

from app.config import Settings
from tests.conftest import make_settings
from tests.imports.support import csv_bytes, upload
from tests.support import assert_problem, shop_floor, unique

LIMIT = 256 * 1024


@pytest.fixture
def settings(database_url: str) -> Settings:
    return make_settings(database_url, max_body_bytes=4096, max_import_bytes=LIMIT)


async def test_imports_take_more_than_a_json_body_and_refuse_past_their_limit(
    admin: AsyncClient,
) -> None:
    floor = await shop_floor(admin)
    part = floor["part"]["number"]
    rows: list[list[Any]] = [["external_ref", "part", "quantity"]]
    rows += [[unique("LIM-"), part, 1] for _ in range(2000)]  # ~40 KB: over the JSON limit
    small = csv_bytes(rows)
    assert 4096 < len(small) < LIMIT
    r = await upload(admin, "orders", small, dry_run=True)
    assert r.status_code == 200, r.text
    assert r.json()["created"] == 2000
    large = small + b"".join(f"{unique('LIM-')},{part},1\r\n".encode() for _ in range(15000))
    assert len(large) > LIMIT
    assert_problem(await upload(admin, "orders", large), 413, "payload_too_large")
    r = await upload(admin, "orders", large, headers={"Idempotency-Key": unique("k")})
    assert_problem(r, 413, "payload_too_large")
