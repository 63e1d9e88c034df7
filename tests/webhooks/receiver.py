"""A real HTTP receiver for webhook tests: `asyncio.start_server` speaking just enough
HTTP/1.1 (keep-alive, Content-Length bodies). What it answers is decided per request by a
`behave(n, request)` function: a status code (with headers), `HANG` (never answers) or
`RESET` (drops the connection with a TCP RST)."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import hmac
import json
import socket
import struct
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

HANG = "hang"
RESET = "reset"


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    received: float = field(default_factory=time.monotonic)
    answer: str = ""

    @property
    def json(self) -> Any:
        return json.loads(self.body)


Answer = int | tuple[int, dict[str, str]] | str
Behaviour = Callable[[int, Request], Answer]


def ok(n: int, request: Request) -> Answer:
    return 200


@dataclass
class Receiver:
    behave: Behaviour = ok
    requests: list[Request] = field(default_factory=list)  # every request received
    port: int = 0
    arrived: asyncio.Event = field(default_factory=asyncio.Event)
    tasks: set[asyncio.Task[Any]] = field(default_factory=set)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def accepted(self) -> list[Request]:
        """Requests answered with a 2xx (what the receiver processed)."""
        return [r for r in self.requests if r.answer == "2xx"]

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self.tasks.add(task)
        try:
            while True:
                line = await reader.readline()
                if not line:
                    return
                method, path, _ = line.decode().split(" ", 2)
                headers: dict[str, str] = {}
                while True:
                    h = await reader.readline()
                    if h in (b"\r\n", b"\n", b""):
                        break
                    name, value = h.decode().split(":", 1)
                    headers[name.strip().lower()] = value.strip()
                body = await reader.readexactly(int(headers.get("content-length", "0")))
                request = Request(method, path, headers, body)
                n = len(self.requests)
                self.requests.append(request)
                self.arrived.set()
                answer = self.behave(n, request)
                if isinstance(answer, str):
                    if answer == HANG:
                        await asyncio.sleep(3600)
                        return
                    sock = writer.get_extra_info("socket")  # RESET: RST, not FIN
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    writer.transport.abort()
                    return
                status, extra = (answer, {}) if isinstance(answer, int) else answer
                if 200 <= status < 300:
                    request.answer = "2xx"
                content = b"" if status in (204, 304) else b"ok"  # (no body allowed)
                head = f"HTTP/1.1 {status} X\r\ncontent-length: {len(content)}\r\n"
                head += "".join(f"{k}: {v}\r\n" for k, v in extra.items())
                writer.write(head.encode() + b"\r\n" + content)
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.CancelledError):
            return  # (a cancelled handler must not raise: asyncio logs it as an error)
        finally:
            self.tasks.discard(task)
            writer.close()

    async def wait_for(self, count: int, seconds: float = 10.0, *, accepted: bool = True) -> None:
        """Until `count` requests were accepted (or received)."""
        async with asyncio.timeout(seconds):
            while len(self.accepted() if accepted else self.requests) < count:
                self.arrived.clear()
                await asyncio.sleep(0.01)


@contextlib.asynccontextmanager
async def receiving(behave: Behaviour = ok) -> AsyncIterator[Receiver]:
    receiver = Receiver(behave)
    server = await asyncio.start_server(receiver.handle, "127.0.0.1", 0)
    receiver.port = server.sockets[0].getsockname()[1]
    try:
        yield receiver
    finally:
        server.close()
        for task in list(receiver.tasks):
            task.cancel()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(server.wait_closed(), 1)


def verify(secret: str, request: Request, *, tolerance: float = 300) -> bool:
    """Verify a delivery as a receiver would, written from the Standard Webhooks spec (not
    with Takt's code): HMAC-SHA256 over "{id}.{timestamp}.{body}" keyed with the base64
    decoded secret after `whsec_`, compared against every `v1,` signature of the header."""
    msg_id = request.headers["webhook-id"]
    timestamp = request.headers["webhook-timestamp"]
    if abs(time.time() - int(timestamp)) > tolerance:
        return False
    key = base64.b64decode(secret.split("_", 1)[1])
    expected = base64.b64encode(
        hmac.new(key, f"{msg_id}.{timestamp}.".encode() + request.body, hashlib.sha256).digest()
    ).decode()
    for part in request.headers["webhook-signature"].split(" "):
        version, _, signature = part.partition(",")
        if version == "v1" and hmac.compare_digest(signature, expected):
            return True
    return False
