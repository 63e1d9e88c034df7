"""The request edge (app/kit/edge.py) and the 415 of app/kit/problems.py, in-process on both
databases: body limits refuse before reading, NUL bytes are refused everywhere, and a body
of the wrong media type is 415."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from starlette.types import Message, Receive, Scope, Send

from app.config import Settings
from app.kit.edge import EdgeMiddleware
from tests.conftest import ADMIN_PASSWORD

API = "/api/v1"
PROBLEM = "application/problem+json"


def _problem(r: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == PROBLEM
    body: dict[str, Any] = r.json()
    assert body["code"] == code and body["status"] == status
    return body


# -- body limits ----------------------------------------------------------------------------


class Probe:
    """An ASGI app that records what reached it; the receive it gets counts what was read."""

    def __init__(self) -> None:
        self.calls = 0
        self.bodies: list[bytes] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.calls += 1
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        self.bodies.append(body)
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})


class Counting:
    """A raw request (ASGI messages) whose reads are counted."""

    def __init__(self, chunks: int, chunk_size: int) -> None:
        self.left = chunks
        self.chunk = b"x" * chunk_size
        self.read = 0

    async def receive(self) -> Message:
        self.left -= 1
        self.read += len(self.chunk)
        return {"type": "http.request", "body": self.chunk, "more_body": self.left > 0}


async def _call(
    app: Any, path: str, headers: list[tuple[bytes, bytes]], source: Counting
) -> list[Message]:
    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": "POST",
        "path": path,
        "root_path": "",
        "query_string": b"",
        "headers": headers,
    }
    await app(scope, source.receive, send)
    return sent


MiB = 1024 * 1024


async def test_a_body_over_the_limit_by_its_length_is_refused_unread() -> None:
    probe = Probe()
    edge = EdgeMiddleware(probe, max_body_bytes=MiB, max_import_bytes=4 * MiB)
    source = Counting(chunks=100, chunk_size=MiB)  # 100 MiB announced
    sent = await _call(edge, f"{API}/lines", [(b"content-length", str(100 * MiB).encode())], source)
    assert sent[0]["status"] == 413
    assert (b"connection", b"close") in sent[0]["headers"]  # the rest is never read either
    assert json.loads(sent[1]["body"])["code"] == "payload_too_large"
    assert source.read == 0, "not a byte of the body was read"
    assert probe.calls == 0


async def test_a_chunked_body_is_counted_and_refused_once_over_the_limit() -> None:
    probe = Probe()
    edge = EdgeMiddleware(probe, max_body_bytes=MiB, max_import_bytes=4 * MiB)
    source = Counting(chunks=1600, chunk_size=64 * 1024)  # 100 MiB, no length
    sent = await _call(edge, f"{API}/lines", [(b"transfer-encoding", b"chunked")], source)
    assert sent[0]["status"] == 413
    assert source.read <= MiB + 64 * 1024, "reading stopped right after the limit"
    assert probe.calls == 0

    # Under the limit the route gets the body, exactly.
    source = Counting(chunks=4, chunk_size=1000)
    sent = await _call(edge, f"{API}/lines", [(b"transfer-encoding", b"chunked")], source)
    assert sent[0]["status"] == 200
    assert probe.bodies == [b"x" * 4000]


async def test_imports_have_their_own_limit() -> None:
    probe = Probe()
    edge = EdgeMiddleware(probe, max_body_bytes=MiB, max_import_bytes=4 * MiB)
    two = [(b"content-length", str(2 * MiB).encode())]
    sent = await _call(edge, f"{API}/imports/orders", two, Counting(2, MiB))
    assert sent[0]["status"] == 200
    sent = await _call(edge, f"{API}/lines", two, Counting(2, MiB))
    assert sent[0]["status"] == 413
    five = [(b"content-length", str(5 * MiB).encode())]
    sent = await _call(edge, f"{API}/imports/orders", five, Counting(5, MiB))
    assert sent[0]["status"] == 413


def test_limits_are_settings() -> None:
    settings = Settings(max_body_bytes=4096, max_import_bytes=8192)
    assert (settings.max_body_bytes, settings.max_import_bytes) == (4096, 8192)
    assert Settings().max_body_bytes == MiB
    assert Settings().max_import_bytes == 100 * MiB


MULTIPART = (b"content-type", b"multipart/form-data; boundary=xyz")


class Chunks(Probe):
    """A probe that records the size of every message it receives."""

    def __init__(self) -> None:
        super().__init__()
        self.sizes: list[int] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def recording() -> Message:
            message = await receive()
            self.sizes.append(len(message.get("body", b"")))
            return message

        await super().__call__(scope, recording, send)


async def test_an_import_upload_streams_through_in_chunks() -> None:
    probe = Chunks()
    edge = EdgeMiddleware(probe, max_body_bytes=MiB, max_import_bytes=4 * MiB)
    headers = [MULTIPART, (b"content-length", str(3 * MiB).encode())]
    sent = await _call(edge, f"{API}/imports/orders", headers, Counting(48, 64 * 1024))
    assert sent[0]["status"] == 200
    assert probe.bodies == [b"x" * 3 * MiB]
    assert max(probe.sizes) == 64 * 1024, "the body was never joined into one message"


async def test_a_chunked_import_upload_over_the_limit_is_cut_short_with_413() -> None:
    probe = Chunks()
    edge = EdgeMiddleware(probe, max_body_bytes=MiB, max_import_bytes=4 * MiB)
    source = Counting(chunks=1600, chunk_size=64 * 1024)  # 100 MiB, no length
    headers = [MULTIPART, (b"transfer-encoding", b"chunked")]
    sent = await _call(edge, f"{API}/imports/orders", headers, source)
    assert [m["type"] for m in sent] == ["http.response.start", "http.response.body"]
    assert sent[0]["status"] == 413  # the probe's own 200 was dropped
    assert json.loads(sent[1]["body"])["code"] == "payload_too_large"
    assert source.read <= 4 * MiB + 64 * 1024, "reading stopped right after the limit"


async def test_the_app_refuses_a_big_body_before_authentication(client: AsyncClient) -> None:
    big = b'{"code": "L1", "name": "' + b"x" * (2 * MiB) + b'"}'
    r = await client.post(f"{API}/lines", content=big, headers={"content-type": "application/json"})
    _problem(r, 413, "payload_too_large")

    pulled = 0

    async def chunks() -> AsyncIterator[bytes]:
        nonlocal pulled
        for _ in range(1600):
            pulled += 1
            yield b"x" * 65536

    r = await client.post(
        f"{API}/lines", content=chunks(), headers={"content-type": "application/json"}
    )
    _problem(r, 413, "payload_too_large")
    assert pulled <= 17, f"{pulled} chunks of 64 KiB were read for a 1 MiB limit"


# -- media types ----------------------------------------------------------------------------


async def test_json_sent_as_another_media_type_is_415(admin: AsyncClient) -> None:
    line = json.dumps({"code": "L1", "name": "Line 1"})
    for media in ("text/plain", "application/x-www-form-urlencoded", "application/xml"):
        r = await admin.post(f"{API}/lines", content=line, headers={"content-type": media})
        body = _problem(r, 415, "unsupported_media_type")
        assert "application/json" in body["detail"]
    assert (await admin.get(f"{API}/lines")).json()["items"] == []
    # JSON under any JSON media type (and without one) is still JSON.
    for code, media in (
        ("UTF8", "application/json; charset=utf-8"),
        ("PLUS", "application/merge-patch+json"),
    ):
        r = await admin.post(
            f"{API}/lines",
            content=json.dumps({"code": code, "name": "n"}),
            headers={"content-type": media},
        )
        assert r.status_code == 201, r.text
    # Without a media type the server does not read it as JSON: 415 too, saying so.
    r = await admin.post(f"{API}/lines", content=json.dumps({"code": "NOCT", "name": "n"}))
    assert "Content-Type" in _problem(r, 415, "unsupported_media_type")["detail"]
    assert len((await admin.get(f"{API}/lines")).json()["items"]) == 2
    # An invalid JSON payload is still 422, not 415.
    r = await admin.post(f"{API}/lines", json={"code": ""})
    _problem(r, 422, "validation_error")


async def test_the_form_endpoint_keeps_its_form(client: AsyncClient) -> None:
    form = {"username": "admin", "password": ADMIN_PASSWORD}
    r = await client.post(f"{API}/auth/token", data=form)
    assert r.status_code == 200, r.text
    multipart = {"username": (None, "admin"), "password": (None, ADMIN_PASSWORD)}
    r = await client.post(f"{API}/auth/token", files=multipart)
    assert r.status_code == 200, r.text
    r = await client.post(f"{API}/auth/token", json=form)
    _problem(r, 415, "unsupported_media_type")
    r = await client.post(
        f"{API}/auth/token", content="username=admin", headers={"content-type": "text/plain"}
    )
    _problem(r, 415, "unsupported_media_type")


# -- NUL ------------------------------------------------------------------------------------


async def test_nul_is_refused_wherever_it_is(admin: AsyncClient) -> None:
    r = await admin.get(f"{API}/units/SMX%0000001")
    body = _problem(r, 404, "not_found")
    assert "\x00" not in body["detail"]
    r = await admin.get(f"{API}/units", params={"status": "in_progress", "serial": "a\x00b"})
    body = _problem(r, 422, "validation_error")
    assert body["errors"][0]["loc"] == ["query", "serial"]
    r = await admin.post(f"{API}/lines", json={"code": "L\x001", "name": "Line"})
    body = _problem(r, 422, "validation_error")
    assert body["errors"] == [{"loc": ["body", "code"], "msg": body["errors"][0]["msg"]}]
    assert "NUL" in body["errors"][0]["msg"]
    r = await admin.post(
        f"{API}/routes", json={"code": "R", "name": "r", "part_id": 1, "steps": [{"name": "\x00"}]}
    )
    body = _problem(r, 422, "validation_error")
    assert body["errors"][0]["loc"] == ["body", "steps", 0, "name"]
    r = await admin.get(f"{API}/lines", headers={"Idempotency-Key": "k\x00"})
    body = _problem(r, 422, "validation_error")
    assert body["errors"][0]["loc"] == ["header", "idempotency-key"]
    # Text that merely spells \u0000 (an escaped backslash) is no NUL.
    r = await admin.post(f"{API}/lines", json={"code": "L2", "name": "\\u0000"})
    assert r.status_code == 201, r.text
    assert r.json()["name"] == "\\u0000"
    lines = (await admin.get(f"{API}/lines")).json()["items"]
    assert [line["code"] for line in lines] == ["L2"]


async def test_nul_in_a_form_field(app: FastAPI) -> None:
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://takt") as c:
        r = await c.post(f"{API}/auth/token", data={"username": "ad\x00min", "password": "x"})
        body = _problem(r, 422, "validation_error")
        assert body["errors"][0]["loc"] == ["body", "username"]


@pytest.mark.parametrize("header", ["X-API-Key", "Authorization"])
async def test_nul_in_a_credential_header(client: AsyncClient, header: str) -> None:
    value = "Bearer a\x00b" if header == "Authorization" else "takt_a\x00b"
    r = await client.get(f"{API}/auth/me", headers={header: value})
    _problem(r, 422, "validation_error")


async def test_a_client_gone_mid_body_reaches_no_route() -> None:
    probe = Probe()
    edge = EdgeMiddleware(probe, max_body_bytes=MiB, max_import_bytes=4 * MiB)
    messages: list[Message] = [
        {"type": "http.request", "body": b"{", "more_body": True},
        {"type": "http.disconnect"},
    ]

    async def receive() -> Message:
        return messages.pop(0)

    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/api/v1/lines", "root_path": "",
             "query_string": b"", "headers": [(b"transfer-encoding", b"chunked")]}  # fmt: skip
    await edge(scope, receive, send)
    assert probe.calls == 0 and sent == []
