"""Signatures and URL rules, as pure functions (no database)."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import hmac
from collections.abc import AsyncIterator

import pytest

from app.webhooks import delivery, signing, urls
from app.webhooks.errors import PrivateAddress, WebhookUrlInvalid
from app.webhooks.repository import Pending
from tests.webhooks.receiver import Request, receiving, verify


def test_secret_format() -> None:
    secret = signing.new_secret()
    assert secret.startswith("whsec_")
    assert len(base64.b64decode(secret[len("whsec_") :])) == 24
    assert signing.new_secret() != secret


def test_signature_matches_an_independent_implementation() -> None:
    secret = signing.new_secret()
    body = b'{"type":"unit.completed","data":{"serial":"SMX-1"}}'
    sig = signing.sign(secret, "msg_1", 1700000000, body)
    key = base64.b64decode(secret.split("_", 1)[1])
    digest = hmac.new(key, b"msg_1.1700000000." + body, hashlib.sha256).digest()
    assert sig == "v1," + base64.b64encode(digest).decode()
    # Anything else changed: another signature.
    assert signing.sign(secret, "msg_2", 1700000000, body) != sig
    assert signing.sign(secret, "msg_1", 1700000001, body) != sig
    assert signing.sign(signing.new_secret(), "msg_1", 1700000000, body) != sig


def test_spec_example_vector() -> None:
    """The Standard Webhooks reference test vector."""
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    body = b'{"test": 2432232314}'
    assert (
        signing.sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body)
        == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    )


async def test_signed_request_verifies_at_the_receiver() -> None:
    """The bytes sent are the bytes signed, with both secrets during a rotation (a real
    receiver on a socket)."""
    old, new = signing.new_secret(), signing.new_secret()
    pending = Pending(1, "msg_42", {"type": "unit.completed", "data": {"serial": "é"}}, 0)
    async with receiving(lambda n, r: 204) as receiver:
        client = delivery.new_client(5)
        try:
            result = await delivery.attempt(client, receiver.url, [new, old], pending, 5)
        finally:
            await client.close()
    assert result.ok and result.status_code == 204 and result.error is None
    received = receiver.requests[0]
    assert received.method == "POST" and received.path == "/hook"
    assert received.json == pending.payload
    assert received.headers["content-type"] == "application/json"
    assert received.headers["webhook-id"] == "msg_42"
    assert len(received.headers["webhook-signature"].split(" ")) == 2
    assert verify(new, received) and verify(old, received)
    assert not verify(signing.new_secret(), received)
    tampered = Request("POST", "/hook", received.headers, received.body + b" ")
    assert not verify(new, tampered)


async def test_a_long_answer_is_cut_off_and_a_refused_connection_is_a_failure() -> None:
    """At most 64 KiB of an answer are read: a receiver that announces 10 MB, sends 256 KiB
    and stalls does not hold the delivery until its timeout. Nobody listening is a failure
    to retry, not an error."""
    pending = Pending(1, "msg_1", {"type": "unit.completed", "data": {}}, 0)
    client = delivery.new_client(5)
    try:
        async with stalling_answer() as url:
            result = await delivery.attempt(client, url, [signing.new_secret()], pending, 5)
        assert result.ok and result.status_code == 200, result.error
        assert result.duration_ms < 2000  # not the 5 s timeout
        async with stalling_answer() as url:
            pass  # the port is free again: the connection is refused
        refused = await delivery.attempt(client, url, [signing.new_secret()], pending, 5)
    finally:
        await client.close()
    assert not refused.ok and refused.status_code is None
    assert refused.error and "Connect" in refused.error


@contextlib.asynccontextmanager
async def stalling_answer() -> AsyncIterator[str]:
    """A receiver answering 200 with a 10 MB Content-Length, of which it sends 256 KiB and
    then nothing more."""
    stalled: set[asyncio.Task[None]] = set()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.1 200 OK\r\ncontent-length: 10000000\r\n\r\n" + b"x" * 262144)
        with contextlib.suppress(ConnectionError):
            await writer.drain()
            stalled.add(asyncio.ensure_future(asyncio.sleep(3600)))
            await asyncio.wait(stalled)
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}/hook"
    finally:
        for task in stalled:
            task.cancel()
        server.close()


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.com/x",
        "example.com/hook",
        "http:///nohost",
        "http://x.com:99999/",
        "http://a.b/#f",
    ],
)
async def test_urls_refused_as_invalid(url: str) -> None:
    with pytest.raises(WebhookUrlInvalid):
        await urls.check(url, allow_private=True)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/hook",
        "http://localhost/hook",
        "http://10.1.2.3/",
        "http://192.168.0.10/",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://0.0.0.0/",
    ],
)
async def test_private_addresses_refused_unless_allowed(url: str) -> None:
    with pytest.raises(PrivateAddress):
        await urls.check(url, allow_private=False)
    await urls.check(url, allow_private=True)


def test_public_addresses() -> None:
    assert urls.is_public("93.184.216.34")
    assert urls.is_public("2606:2800:220:1:248:1893:25c8:1946")
    assert not urls.is_public("100.64.0.1")  # carrier-grade NAT
    assert not urls.is_public("fd00::1")
