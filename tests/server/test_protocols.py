"""`takt serve`'s protocols fall back to uvicorn's own, with a warning, when the uvicorn
internals they extend are not what they expect; the server still serves."""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
import uvicorn
import websockets

from app.server import protocols, websocket
from app.server.frames import TEXT_FRAMES, text_frame
from app.server.http import HttpProtocol
from app.server.websocket import WebSocketProtocol
from tests.realtime.conftest import free_port
from tests.realtime.support import wait_for

TEXTS = ["one", "two" * 100]


async def _app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """HTTP: 200 `ok`. WebSocket: sends `TEXTS` (through the extension when offered), then
    a text saying whether it was offered."""
    if scope["type"] == "lifespan":
        return
    if scope["type"] == "http":
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})
        return
    assert (await receive())["type"] == "websocket.connect"
    await send({"type": "websocket.accept"})
    offered = scope.get("extensions", {}).get(TEXT_FRAMES)
    if offered:
        await offered["send"](TEXTS, b"".join(map(text_frame, TEXTS)))
    else:
        for text in TEXTS:
            await send({"type": "websocket.send", "text": text})
    await send({"type": "websocket.send", "text": "extension" if offered else "plain"})
    assert (await receive())["type"] == "websocket.disconnect"


@asynccontextmanager
async def _serving(http: Any, ws: Any) -> AsyncIterator[int]:
    config = uvicorn.Config(
        _app, port=free_port(), http=http, ws=ws, lifespan="off", log_level="warning"
    )
    server = uvicorn.Server(config)
    serving = asyncio.create_task(server.serve())
    try:
        await wait_for(lambda: server.started, "the server to start")
        yield config.port
    finally:
        server.should_exit = True
        await serving


async def _talk(port: int) -> str:
    """One HTTP request and one WebSocket conversation; returns how the texts were sent."""
    async with httpx.AsyncClient() as client:
        r = await client.get(f"http://127.0.0.1:{port}/")
        assert r.status_code == 200 and r.text == "ok"
    async with websockets.connect(f"ws://127.0.0.1:{port}/") as ws:
        got = [await asyncio.wait_for(ws.recv(), 10) for _ in range(3)]
    assert got[:2] == TEXTS
    return str(got[2])


def _warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.name == "takt.server" and r.levelno == logging.WARNING
    ]


async def test_ours_attach_with_the_tested_uvicorn(caplog: pytest.LogCaptureFixture) -> None:
    chosen = protocols.server_protocols()
    assert chosen == {"http": HttpProtocol, "ws": WebSocketProtocol}
    async with _serving(**chosen) as port:
        assert await _talk(port) == "extension"
    assert _warnings(caplog) == []


async def test_a_missing_uvicorn_module_falls_back_to_uvicorns_protocol(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # As with uvicorn 0.34: no sans-I/O WebSocket module (importing it fails).
    monkeypatch.setitem(sys.modules, "uvicorn.protocols.websockets.websockets_sansio_impl", None)
    monkeypatch.delitem(sys.modules, "app.server.websocket")
    chosen = protocols.server_protocols()
    assert chosen == {"http": HttpProtocol, "ws": "auto"}
    [warning] = _warnings(caplog)
    assert "WebSocket" in warning and "uvicorn's own protocol" in warning
    monkeypatch.undo()  # uvicorn's own ("auto") may be the sans-I/O one itself
    async with _serving(**chosen) as port:
        assert await _talk(port) == "plain"


async def test_a_missing_method_falls_back_to_uvicorns_protocol(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(websocket, "METHODS", (*websocket.METHODS, "renamed_in_uvicorn"))
    chosen = protocols.server_protocols()
    assert chosen["ws"] == "auto"
    [warning] = _warnings(caplog)
    assert "has no renamed_in_uvicorn" in warning
    async with _serving(**chosen) as port:
        assert await _talk(port) == "plain"


async def test_missing_connection_state_serves_without_the_extension(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(websocket, "STATE", (*websocket.STATE, "gone_in_uvicorn"))
    monkeypatch.setattr(websocket, "_attaches", None)
    async with _serving(HttpProtocol, WebSocketProtocol) as port:
        assert await _talk(port) == "plain"
        assert await _talk(port) == "plain"
    [warning] = _warnings(caplog)  # one per process, not one per connection
    assert "gone_in_uvicorn" in warning and "one by one" in warning
