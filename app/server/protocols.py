"""The protocols `takt serve` gives uvicorn: ours where they attach, uvicorn's own otherwise.

Ours subclass uvicorn internals (`app.server.http`, `app.server.websocket`). With a uvicorn
or websockets release whose internals differ — a module gone (uvicorn 0.34 has no sans-I/O
WebSocket protocol), a method renamed — the server still starts: that protocol falls back to
uvicorn's default (`"auto"`, the same as plain `uvicorn`), with one warning.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TypedDict

log = logging.getLogger("takt.server")

AUTO = "auto"


class Protocols(TypedDict):
    """Keyword arguments of `uvicorn.run`/`uvicorn.Config`."""

    http: type[asyncio.Protocol] | str
    ws: type[asyncio.Protocol] | str


def _fallback(what: str, reason: str) -> str:
    log.warning("%s: %s; serving with uvicorn's own protocol", what, reason)
    return AUTO


def http_protocol() -> type[asyncio.Protocol] | str:
    try:
        from app.server.http import HttpProtocol
    except ImportError as exc:
        return _fallback("coalescing HTTP protocol unavailable", str(exc))
    return HttpProtocol


def websocket_protocol() -> type[asyncio.Protocol] | str:
    try:
        from app.server.websocket import METHODS, WebSocketProtocol
    except ImportError as exc:
        return _fallback("coalescing WebSocket protocol unavailable", str(exc))
    base = WebSocketProtocol.__mro__[1]  # uvicorn's: the methods ours override or call
    missing = [name for name in METHODS if not callable(getattr(base, name, None))]
    if missing:
        reason = f"{base.__module__}.{base.__name__} has no {', '.join(missing)}"
        return _fallback("coalescing WebSocket protocol unavailable", reason)
    return WebSocketProtocol


def server_protocols() -> Protocols:
    """`http=` and `ws=` for uvicorn."""
    return Protocols(http=http_protocol(), ws=websocket_protocol())
