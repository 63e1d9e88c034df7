"""A transport that writes once per event-loop turn instead of once per message.

uvicorn writes each HTTP response as two socket writes (head, then body) and each WebSocket
message as one. On a WIP socket that is one `send` system call per event per subscriber, and
on loopback or a LAN a small `send` costs far more than building the frame: it was the
largest single cost of fanning events out to 200 dashboards. `CoalescingTransport` collects
what a protocol writes during one turn of the event loop and hands it to the socket as one
write at the start of the next turn (microseconds later): a WIP batch of events reaches each
socket in one system call, an HTTP response in one.

Order is kept (every write, close and EOF of the protocol goes through the wrapper, which
flushes before closing); flow control is the real transport's (it still sees every byte,
only later in the same millisecond), so `pause_writing` still reaches the protocol.
"""

from __future__ import annotations

import asyncio
from typing import Any, cast

# Held back at most this much: more goes to the socket at once.
FLUSH_AT = 64 * 1024


class CoalescingTransport(asyncio.Transport):
    """Wraps a transport; writes made in one loop turn go to the socket as one write."""

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        super().__init__()
        self._transport = transport
        self._loop = loop
        self._pending: list[bytes | bytearray | memoryview] = []
        self._size = 0

    @classmethod
    def around(cls, transport: asyncio.BaseTransport) -> CoalescingTransport:
        """The wrapper of `transport` (itself when it is one already: a WebSocket upgrade
        hands the HTTP protocol's transport over)."""
        if isinstance(transport, CoalescingTransport):
            return transport
        # uvloop's transports are not asyncio.Transport subclasses, only alike.
        return cls(cast(asyncio.Transport, transport), asyncio.get_running_loop())

    def write(self, data: bytes | bytearray | memoryview) -> None:
        if not data:
            return
        if not self._pending:
            self._loop.call_soon(self.flush)
        self._pending.append(data)
        self._size += len(data)
        if self._size >= FLUSH_AT:
            self.flush()  # a big response goes out now, under the transport's flow control

    def writelines(self, list_of_data: Any) -> None:
        for data in list_of_data:
            self.write(data)

    def flush(self) -> None:
        if not self._pending:
            return
        pending, self._pending, self._size = self._pending, [], 0
        if self._transport.is_closing():
            return  # the peer is gone; what it did not get it will not get
        self._transport.write(pending[0] if len(pending) == 1 else b"".join(pending))

    def get_write_buffer_size(self) -> int:
        return self._size + self._transport.get_write_buffer_size()

    def write_eof(self) -> None:
        self.flush()
        self._transport.write_eof()

    def can_write_eof(self) -> bool:
        return self._transport.can_write_eof()

    def close(self) -> None:
        self.flush()
        self._transport.close()

    def abort(self) -> None:
        self._pending, self._size = [], 0
        self._transport.abort()

    def is_closing(self) -> bool:
        return self._transport.is_closing()

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return self._transport.get_extra_info(name, default)

    def set_protocol(self, protocol: asyncio.BaseProtocol) -> None:
        self._transport.set_protocol(protocol)

    def get_protocol(self) -> asyncio.BaseProtocol:
        return self._transport.get_protocol()

    def pause_reading(self) -> None:
        self._transport.pause_reading()

    def resume_reading(self) -> None:
        self._transport.resume_reading()

    def is_reading(self) -> bool:
        return self._transport.is_reading()

    def set_write_buffer_limits(self, high: int | None = None, low: int | None = None) -> None:
        self._transport.set_write_buffer_limits(high, low)

    def get_write_buffer_limits(self) -> tuple[int, int]:
        return self._transport.get_write_buffer_limits()
