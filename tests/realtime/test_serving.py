"""The server's coalescing transport: what a protocol writes in one loop turn is one write."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
import uvicorn
import websockets

from app.server.frames import TEXT_FRAMES, text_frame
from app.server.http import HttpProtocol
from app.server.transport import FLUSH_AT, CoalescingTransport
from app.server.websocket import WebSocketProtocol
from tests.realtime.conftest import Server, free_port
from tests.realtime.support import token_for, wait_for


class Recording(asyncio.Transport):
    """A transport that records what reaches the socket."""

    def __init__(self) -> None:
        super().__init__()
        self.writes: list[bytes] = []
        self.closed = False
        self.aborted = False
        self.eof = False

    def write(self, data: Any) -> None:
        assert not self.closed, "a write after close"
        self.writes.append(bytes(data))

    def write_eof(self) -> None:
        self.eof = True

    def close(self) -> None:
        self.closed = True

    def abort(self) -> None:
        self.aborted = True

    def is_closing(self) -> bool:
        return self.closed or self.aborted

    def get_write_buffer_size(self) -> int:
        return 0

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return {"peername": ("127.0.0.1", 5)}.get(name, default)


async def _next_turn() -> None:
    await asyncio.sleep(0)
    await asyncio.sleep(0)


async def test_writes_of_one_turn_reach_the_socket_as_one_write_in_order() -> None:
    real = Recording()
    transport = CoalescingTransport.around(real)
    transport.write(b"head ")
    transport.write(memoryview(b"body "))
    transport.writelines([b"frame1 ", bytearray(b"frame2")])
    assert real.writes == []  # nothing yet: this turn may write more
    assert transport.get_write_buffer_size() == len(b"head body frame1 frame2")
    await _next_turn()
    assert real.writes == [b"head body frame1 frame2"]
    transport.write(b"next turn")
    await _next_turn()
    assert real.writes == [b"head body frame1 frame2", b"next turn"]
    assert transport.get_extra_info("peername") == ("127.0.0.1", 5)
    assert CoalescingTransport.around(transport) is transport  # an upgrade keeps the wrapper


async def test_close_and_eof_send_what_is_pending_first() -> None:
    real = Recording()
    transport = CoalescingTransport.around(real)
    transport.write(b"last words")
    transport.write_eof()
    assert real.writes == [b"last words"] and real.eof
    transport.write(b"bye")
    transport.close()
    assert real.writes == [b"last words", b"bye"] and real.closed
    await _next_turn()  # the scheduled flush finds nothing left
    assert real.writes == [b"last words", b"bye"]


async def test_a_big_response_goes_out_at_once_and_abort_drops_the_rest() -> None:
    real = Recording()
    transport = CoalescingTransport.around(real)
    transport.write(b"x" * (FLUSH_AT - 1))
    assert real.writes == []
    transport.write(b"yy")
    assert real.writes == [b"x" * (FLUSH_AT - 1) + b"yy"]  # flow control sees it now
    transport.write(b"never sent")
    transport.abort()
    await _next_turn()
    assert real.writes == [b"x" * (FLUSH_AT - 1) + b"yy"] and real.aborted


async def test_nothing_is_written_to_a_socket_the_peer_closed() -> None:
    real = Recording()
    transport = CoalescingTransport.around(real)
    transport.write(b"too late")
    real.closed = True  # connection lost before the turn ended
    await _next_turn()
    assert real.writes == []


async def test_the_real_server_answers_http_and_websocket_through_it(server: Server) -> None:
    """`takt serve` runs with these protocols: keep-alive HTTP and a WIP socket work."""
    token = await token_for(server)
    async with httpx.AsyncClient(base_url=server.base_url) as client:
        for _ in range(3):  # one keep-alive connection, several responses
            r = await client.get("/health")
            assert r.status_code == 200 and r.json()["status"] in ("ok", "degraded")
    async with websockets.connect(f"{server.ws_url}?token={token}") as ws:
        first = await asyncio.wait_for(ws.recv(), 10)
        assert '"type":"snapshot"' in str(first).replace(" ", "")
        await ws.send('{"type": "resync"}')
        again = await asyncio.wait_for(ws.recv(), 10)
        assert '"type":"snapshot"' in str(again).replace(" ", "")


async def _frames_app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """A WebSocket app that sends three texts with one call of the server's extension."""
    assert scope["type"] == "websocket"
    assert (await receive())["type"] == "websocket.connect"
    await send({"type": "websocket.accept"})
    texts = ["one", "two" * 100, "three" * 20_000]  # 7-bit, 16-bit and 64-bit lengths
    await scope["extensions"][TEXT_FRAMES]["send"](texts, b"".join(map(text_frame, texts)))
    assert (await receive())["type"] == "websocket.disconnect"


@pytest.mark.parametrize(("compression", "one_by_one"), [(None, 0), ("deflate", 3)])
async def test_pre_framed_texts_are_written_at_once_unless_the_client_deflates(
    monkeypatch: pytest.MonkeyPatch, compression: str | None, one_by_one: int
) -> None:
    sent: list[str] = []
    plain_send = WebSocketProtocol.send

    async def counting(self: WebSocketProtocol, message: Any) -> None:
        if message["type"] == "websocket.send":
            sent.append(message["text"])
        await plain_send(self, message)

    monkeypatch.setattr(WebSocketProtocol, "send", counting)
    config = uvicorn.Config(
        _frames_app,
        port=free_port(),
        http=HttpProtocol,
        ws=WebSocketProtocol,
        lifespan="off",
        log_level="warning",
    )
    server = uvicorn.Server(config)
    serving = asyncio.create_task(server.serve())
    try:
        await wait_for(lambda: server.started, "the server to start")
        url = f"ws://127.0.0.1:{config.port}/"
        async with websockets.connect(url, compression=compression, max_size=None) as ws:
            got = [await asyncio.wait_for(ws.recv(), 10) for _ in range(3)]
        assert got == ["one", "two" * 100, "three" * 20_000]
        assert len(sent) == one_by_one  # deflate: the usual per-message path
    finally:
        server.should_exit = True
        await serving
