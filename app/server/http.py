"""uvicorn's httptools protocol writing through a `CoalescingTransport`.

Imports a uvicorn module that is not its public API: `app.server.protocols` imports this one
only inside a guard, and serves with uvicorn's own protocol when it fails.
"""

from __future__ import annotations

import asyncio

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from app.server.transport import CoalescingTransport


class HttpProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol writing through a `CoalescingTransport`."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(CoalescingTransport.around(transport))
