"""uvicorn's websockets (sans-I/O) protocol writing through a `CoalescingTransport`, offering
the pre-framed texts extension (`app.server.frames`).

It subclasses a uvicorn class that is not public API and reads its connection state
(`STATE`), tested with the versions `pyproject.toml` pins. `app.server.protocols` imports
this module only inside a guard (uvicorn's own protocol serves when it fails), and a
connection whose state is not as expected is served without the extension (one warning
per process): the app then sends message by message, as with plain uvicorn.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Any

from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
from websockets.protocol import State

from app.server.frames import TEXT_FRAMES
from app.server.transport import CoalescingTransport

log = logging.getLogger("takt.server")

# The methods overridden or called, and the connection state `send_texts` reads.
METHODS = ("connection_made", "handle_connect", "send")
STATE = (
    "scope",
    "writable",
    "handshake_complete",
    "close_sent",
    "disconnected",
    "initial_response",
    "conn",
    "transport",
)
CONNECTION_STATE = ("extensions", "state")

_attaches: bool | None = None  # decided at the first connection of the process


def _state_as_expected(protocol: WebSocketsSansIOProtocol) -> bool:
    global _attaches
    if _attaches is None:
        missing = [name for name in STATE if not hasattr(protocol, name)]
        conn = getattr(protocol, "conn", None)
        missing += [f"conn.{name}" for name in CONNECTION_STATE if not hasattr(conn, name)]
        _attaches = not missing
        if missing:
            log.warning(
                "uvicorn's WebSocket protocol lacks %s: pre-framed texts are off, messages "
                "are sent one by one",
                ", ".join(missing),
            )
    return _attaches


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
        if scope is not None and _state_as_expected(self):  # None: the handshake was refused
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
