"""Every error is an RFC 9457 problem document with a stable `code`."""

from __future__ import annotations

from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient

from tests.support import assert_problem, create_line

JSON = {"content-type": "application/json"}


async def test_unknown_paths_are_404(admin: AsyncClient, client: AsyncClient) -> None:
    for path in ("/api/v1/nope", "/nope", "/api/v2/lines", "/api/v1/lines/1/unknown"):
        for c in (admin, client):
            problem = assert_problem(await c.get(path), 404, "not_found")
            assert problem["type"] == "urn:takt:problem:not_found"
            assert problem["title"] == "Not Found" and path in problem["detail"]
    assert_problem(await admin.post("/api/v1/nope", json={}), 404, "not_found")


async def test_wrong_method_is_405(admin: AsyncClient, client: AsyncClient) -> None:
    cases = [
        ("DELETE", "/api/v1/auth/me"),
        ("PUT", "/api/v1/lines"),
        ("POST", "/api/v1/lines/1"),
        ("GET", "/api/v1/auth/token"),
        ("POST", "/health"),
    ]
    for method, path in cases:
        for c in (admin, client):
            r = await c.request(method, path)
            problem = assert_problem(r, 405, "method_not_allowed")
            assert method in problem["detail"] and path in problem["detail"]
            allowed = {x.strip() for x in r.headers["allow"].split(",")}
            assert allowed and method not in allowed, (method, path, allowed)


async def test_malformed_json_is_400(admin: AsyncClient) -> None:
    for content in (
        b"{not json",
        b'{"code": "A", "name": "n"',
        b'{"code": "A", "name": "n"} trailing',
        b"{'code': 'A'}",
    ):
        r = await admin.post("/api/v1/lines", content=content, headers=JSON)
        problem = assert_problem(r, 400, "malformed_request")
        assert problem["type"] == "urn:takt:problem:malformed_request"
    # Bytes that are not UTF-8 and absurd nesting are refused too, never a server error
    # (FastAPI reports them itself, so their code is the generic `bad_request`).
    for content in (b"\xff\xfe\x00", b"[" * 100_000 + b"]" * 100_000):
        r = await admin.post("/api/v1/lines", content=content, headers=JSON)
        assert_problem(r, 400)
    assert (await admin.get("/api/v1/lines")).json()["items"] == []


async def test_validation_errors_list_every_field(admin: AsyncClient) -> None:
    r = await admin.post("/api/v1/lines", json={"code": "has space", "extra": 1})
    problem = assert_problem(r, 422, "validation_error")
    assert problem["type"] == "urn:takt:problem:validation_error"
    locs = sorted(tuple(e["loc"]) for e in problem["errors"])
    assert locs == [("body", "code"), ("body", "extra"), ("body", "name")]
    assert all(isinstance(e["msg"], str) and e["msg"] for e in problem["errors"])
    assert all(set(e) == {"loc", "msg"} for e in problem["errors"])
    assert problem["detail"].startswith("body.") and "(and 2 more)" in problem["detail"]

    for path, params in (
        (f"/api/v1/lines/{2**70}", {}),
        ("/api/v1/lines/abc", {}),
        ("/api/v1/lines", {"limit": "many"}),
        ("/api/v1/lines", {"limit": str(2**70)}),
    ):
        problem = assert_problem(await admin.get(path, params=params), 422, "validation_error")
        assert problem["errors"] and problem["errors"][0]["loc"][0] in ("path", "query")

    r = await admin.post("/api/v1/lines", content=b"", headers=JSON)
    problem = assert_problem(r, 422, "validation_error")
    assert problem["errors"] == [{"loc": ["body"], "msg": "Field required"}]
    for content_type in ("text/plain", "application/x-www-form-urlencoded"):
        r = await admin.post(
            "/api/v1/lines", content=b"code=A&name=n", headers={"content-type": content_type}
        )
        # Issue 11 item 16: a body of a media type the operation does not take is 415.
        assert_problem(r, 415, "unsupported_media_type")
    assert (await admin.get("/api/v1/lines")).json()["items"] == []


async def test_domain_errors_carry_their_code(admin: AsyncClient) -> None:
    line = await create_line(admin, code="ERR")
    r = await admin.post("/api/v1/lines", json={"code": "ERR", "name": "again"})
    problem = assert_problem(r, 409, "duplicate")
    assert problem["type"] == "urn:takt:problem:duplicate" and problem["title"]
    r = await admin.post(
        "/api/v1/users",
        json={
            "username": "someone",
            "password": "password-1-long",
            "role": "operator",
            "line_ids": [999],
        },
    )
    assert_problem(r, 422, "unknown_reference")
    assert_problem(await admin.get(f"/api/v1/lines/{line['id'] + 100}"), 404, "not_found")


async def test_authentication_errors(client: AsyncClient) -> None:
    r = await client.get("/api/v1/lines")
    problem = assert_problem(r, 401, "not_authenticated")
    assert r.headers["www-authenticate"] == "Bearer"
    assert "Bearer" in problem["detail"] and "X-API-Key" in problem["detail"]


async def test_unexpected_errors_are_a_bare_500(app: FastAPI, admin: AsyncClient) -> None:
    async def explode() -> None:
        raise RuntimeError("secret internals: password=hunter2")

    app.add_api_route("/api/v1/test-explode", explode, methods=["GET"])
    async with AsyncClient(
        transport=ASGITransport(app=app, raise_app_exceptions=False), base_url="http://takt"
    ) as c:
        r = await c.get("/api/v1/test-explode")
    problem = assert_problem(r, 500, "internal_error")
    assert "hunter2" not in r.text and "RuntimeError" not in r.text
    assert problem["detail"] == "an unexpected error occurred"
