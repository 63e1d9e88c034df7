"""uvicorn's httptools and websockets (sans-I/O) protocols writing through a
`CoalescingTransport` (see `app.server.transport` for why), the WebSocket one offering the
pre-framed texts extension (`app.server.frames`)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
from websockets.protocol import State

from app.server.frames import TEXT_FRAMES
from app.server.transport import CoalescingTransport


class HttpProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol writing through a `CoalescingTransport`."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(CoalescingTransport.around(transport))


class WebSocketProtocol(WebSocketsSansIOProtocol):
    """uvicorn's websockets (sans-I/O) protocol writing through a `CoalescingTransport`, with
    one more way for the app to send: `scope["extensions"][TEXT_FRAMES]["send"](texts,
    frames)` sends several text messages at once, given pre-framed by `text_frame` — bytes
    the app builds once for all its sockets. A connection that negotiated compression gets
    the texts sent one by one the usual way (its frames depend on its own deflate state)."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(CoalescingTransport.around(transport))

    def handle_connect(self, event: Any) -> None:
        super().handle_connect(event)
        scope = getattr(self, "scope", None)
        if scope is not None:  # None when the handshake was refused
            scope["extensions"][TEXT_FRAMES] = {"send": self.send_texts}

    async def send_texts(self, texts: Sequence[str], frames: bytes) -> None:
        await self.writable.wait()
        if (
            self.handshake_complete
            and not self.close_sent
            and not self.disconnected
            and self.initial_response is None
            and not self.conn.extensions
            and self.conn.state is State.OPEN
            and not self.transport.is_closing()
        ):
            self.transport.write(frames)
            return
        for text in texts:  # exactly what a `websocket.send` per message does
            await self.send({"type": "websocket.send", "text": text})
