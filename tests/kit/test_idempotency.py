from __future__ import annotations

import asyncio
from typing import Any

from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient

from tests.conftest import login
from tests.support import assert_problem, create_user

LINES = "/api/v1/lines"


def _key(value: str) -> dict[str, str]:
    return {"Idempotency-Key": value}


async def _lines(admin: AsyncClient) -> list[dict[str, Any]]:
    return (await admin.get(LINES, params={"limit": 500})).json()["items"]  # type: ignore[no-any-return]


async def test_same_key_and_body_replays_the_first_response(admin: AsyncClient) -> None:
    body = {"code": "IDEM", "name": "first"}
    first = await admin.post(LINES, json=body, headers=_key("create-idem-1"))
    assert first.status_code == 201, first.text
    assert "idempotent-replayed" not in first.headers
    for _ in range(2):
        again = await admin.post(LINES, json=body, headers=_key("create-idem-1"))
        assert again.status_code == 201
        assert again.headers["idempotent-replayed"] == "true"
        assert again.json() == first.json()
        assert again.headers["content-type"] == first.headers["content-type"]
    assert [x["code"] for x in await _lines(admin)] == ["IDEM"]
    # Without the key the same body is a new request (here: a duplicate).
    assert_problem(await admin.post(LINES, json=body), 409, "duplicate")


async def test_same_key_with_another_body_is_409(admin: AsyncClient) -> None:
    first = await admin.post(LINES, json={"code": "K1", "name": "n"}, headers=_key("k"))
    assert first.status_code == 201
    for other in ({"code": "K2", "name": "n"}, {"code": "K1", "name": "other name"}):
        r = await admin.post(LINES, json=other, headers=_key("k"))
        assert_problem(r, 409, "idempotency_key_reused")
    # The key is bound to the request target too.
    r = await admin.post(
        "/api/v1/api-keys", json={"name": "n", "scopes": ["read"]}, headers=_key("k")
    )
    assert_problem(r, 409, "idempotency_key_reused")
    assert [x["code"] for x in await _lines(admin)] == ["K1"]
    assert (await admin.get("/api/v1/api-keys")).json()["items"] == []


async def test_callers_have_their_own_keys(admin: AsyncClient, app: FastAPI) -> None:
    other_admin = await create_user(admin, role="admin", password="password-1-long")
    r = await admin.post("/api/v1/api-keys", json={"name": "erp", "scopes": ["config:write"]})
    key = r.json()["key"]
    c = await login(app, other_admin["username"], "password-1-long")
    k = AsyncClient(
        transport=ASGITransport(app=app), base_url="http://takt", headers={"X-API-Key": key}
    )
    try:
        results = [
            await admin.post(LINES, json={"code": "A1", "name": "n"}, headers=_key("shared")),
            await c.post(LINES, json={"code": "B1", "name": "n"}, headers=_key("shared")),
            await k.post(LINES, json={"code": "C1", "name": "n"}, headers=_key("shared")),
        ]
        assert [r.status_code for r in results] == [201, 201, 201]
        assert all("idempotent-replayed" not in r.headers for r in results)
        # And each caller's replay is their own response.
        r = await c.post(LINES, json={"code": "B1", "name": "n"}, headers=_key("shared"))
        assert r.headers["idempotent-replayed"] == "true" and r.json() == results[1].json()
    finally:
        await c.aclose()
        await k.aclose()
    assert [x["code"] for x in await _lines(admin)] == ["A1", "B1", "C1"]


async def test_error_responses_are_replayed_too(admin: AsyncClient) -> None:
    bad = {"code": "", "name": "n"}
    first = await admin.post(LINES, json=bad, headers=_key("bad-one"))
    assert_problem(first, 422, "validation_error")
    again = await admin.post(LINES, json=bad, headers=_key("bad-one"))
    assert_problem(again, 422, "validation_error")
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json() == first.json()

    await admin.post(LINES, json={"code": "TAKEN", "name": "n"})
    dup = {"code": "TAKEN", "name": "again"}
    first = await admin.post(LINES, json=dup, headers=_key("dup-one"))
    assert_problem(first, 409, "duplicate")
    await admin.delete(f"{LINES}/{(await _lines(admin))[0]['id']}")
    # The code is free now, but the key answers what it answered before and creates nothing.
    again = await admin.post(LINES, json=dup, headers=_key("dup-one"))
    assert_problem(again, 409, "duplicate")
    assert again.headers["idempotent-replayed"] == "true"
    assert await _lines(admin) == []


async def test_refused_requests_are_not_remembered(client: AsyncClient, admin: AsyncClient) -> None:
    body = {"code": "AUTH", "name": "n"}
    assert_problem(await client.post(LINES, json=body, headers=_key("anon")), 401)
    r = await admin.post(LINES, json=body, headers=_key("anon"))
    assert r.status_code == 201 and "idempotent-replayed" not in r.headers


async def test_invalid_keys_are_400(admin: AsyncClient) -> None:
    body = {"code": "LONG", "name": "n"}
    for key in ("k" * 256, "x" * 5000, "   "):
        r = await admin.post(LINES, json=body, headers=_key(key))
        assert_problem(r, 400, "invalid_idempotency_key")
    assert await _lines(admin) == []
    r = await admin.post(LINES, json=body, headers=_key("k" * 255))
    assert r.status_code == 201
    r = await admin.post(LINES, json=body, headers=_key("k" * 255))
    assert r.headers["idempotent-replayed"] == "true"
    assert len(await _lines(admin)) == 1


async def test_only_post_is_idempotent_by_key(admin: AsyncClient) -> None:
    r = await admin.post(LINES, json={"code": "G1", "name": "n"}, headers=_key("get-key"))
    line = r.json()
    r = await admin.get(f"{LINES}/{line['id']}", headers=_key("get-key"))
    assert r.status_code == 200 and "idempotent-replayed" not in r.headers
    r = await admin.patch(f"{LINES}/{line['id']}", json={"name": "m"}, headers=_key("get-key"))
    assert r.status_code == 200 and r.json()["name"] == "m"


async def test_concurrent_requests_with_one_key_create_once(admin: AsyncClient) -> None:
    body = {"code": "RACE", "name": "n"}
    results = await asyncio.gather(
        *(admin.post(LINES, json=body, headers=_key("race")) for _ in range(5))
    )
    statuses = sorted(r.status_code for r in results)
    assert statuses.count(201) >= 1 and set(statuses) <= {201, 409}, statuses
    for r in results:
        if r.status_code == 409:
            assert_problem(r, 409, "idempotency_in_progress")
    assert [x["code"] for x in await _lines(admin)] == ["RACE"]


def test_a_multipart_hash_sets_the_boundary_aside_however_the_body_is_cut() -> None:
    import hashlib
    import random

    from app.kit.idempotency import BoundaryFreeHash

    def body(boundary: bytes) -> bytes:
        part = b'Content-Disposition: form-data; name="file"; filename="o.csv"\r\n\r\n'
        data = b"external_ref,part,quantity\r\n" + b"R-1,P,1\r\n" * 500
        return b"--" + boundary + b"\r\n" + part + data + b"\r\n--" + boundary + b"--\r\n"

    def digest(content: bytes, boundary: bytes, cuts: list[int]) -> str:
        hashing = BoundaryFreeHash(hashlib.sha256(), boundary)
        start = 0
        for end in [*cuts, len(content)]:
            hashing.update(content[start:end])
            start = end
        return hashing.hexdigest()

    first, second = body(b"abc123xyz"), body(b"q9-Other_Boundary")
    whole = digest(first, b"abc123xyz", [])
    rng = random.Random(7)
    for _ in range(200):
        cuts = sorted(rng.sample(range(1, len(second)), rng.randint(1, 40)))
        assert digest(second, b"q9-Other_Boundary", cuts) == whole
    # Boundaries cut one byte at a time, at the start and at the end.
    assert digest(first, b"abc123xyz", list(range(1, 30))) == whole
    tail = len(first) - 20
    assert digest(first, b"abc123xyz", list(range(tail, len(first)))) == whole
    other = body(b"abc123xyz").replace(b"R-1", b"R-2", 1)
    assert digest(other, b"abc123xyz", []) != whole
