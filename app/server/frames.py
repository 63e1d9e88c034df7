"""The ASGI extension for sending pre-framed WebSocket texts, and the framing itself.

The server's WebSocket protocol offers `scope["extensions"][TEXT_FRAMES]["send"]`; an app
uses it when offered and sends the usual way otherwise. Nothing here imports uvicorn.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

# ASGI scope extension of `WebSocketProtocol`: {"send": SendTexts}.
TEXT_FRAMES = "takt.websocket.text_frames"
SendTexts = Callable[[Sequence[str], bytes], Awaitable[None]]


def text_frame(text: str) -> bytes:
    """`text` as one unfragmented, unmasked, uncompressed WebSocket text frame (RFC 6455
    5.2): what a server sends to any client that negotiated no extension. The same bytes
    serve every such socket, so a message fanned out to many is framed once."""
    payload = text.encode()
    size = len(payload)
    if size < 126:
        head = bytes((0x81, size))
    elif size < 1 << 16:
        head = bytes((0x81, 126)) + size.to_bytes(2, "big")
    else:
        head = bytes((0x81, 127)) + size.to_bytes(8, "big")
    return head + payload
