"""`takt serve` refuses a body over the limit before reading it: a 100 MB upload, announced
or chunked, gets 413 at once and the server's memory stays flat (it was +227 MB, then 401)."""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path
from urllib.parse import urlsplit

from tests.realtime.conftest import Launch, Server, launch  # noqa: F401 (the fixture)

HUNDRED_MB = 100 * 1024 * 1024
CHUNK = 256 * 1024


def rss_kib(server: Server) -> int:
    """The server process's resident memory (one worker: uvicorn runs in it)."""
    for line in Path(f"/proc/{server.process.pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


async def _post(server: Server, headers: dict[str, str], body_sent: int, chunked: bool) -> str:
    """POST a body of `body_sent` bytes (or as much as the server takes) and return the
    response's status line. The response may come before the body is sent: it is read
    while sending, paced so that the server has read all that was sent when it answers
    and closes (unread bytes would make its close a reset, losing the answer)."""
    url = urlsplit(server.base_url)
    reader, writer = await asyncio.open_connection(url.hostname, url.port)
    head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    writer.write(f"POST /api/v1/lines HTTP/1.1\r\nHost: x\r\n{head}\r\n".encode())
    await writer.drain()
    response = asyncio.create_task(reader.readline())
    sent = 0
    with contextlib.suppress(ConnectionError):
        while sent < body_sent and not response.done():
            piece = b"x" * CHUNK
            writer.write(b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece)
            await writer.drain()
            sent += CHUNK
            await asyncio.sleep(0.02)
    status = await asyncio.wait_for(response, 30)
    writer.close()
    with contextlib.suppress(ConnectionError):
        await writer.wait_closed()
    return status.decode().strip()


async def test_a_huge_body_is_refused_unread(launch: Launch) -> None:  # noqa: F811
    (server,) = launch("sqlite")
    before = rss_kib(server)

    # Announced: the answer comes before a byte of the body is sent.
    headers = {"Content-Type": "application/json", "Content-Length": str(HUNDRED_MB)}
    status = await _post(server, headers, body_sent=0, chunked=False)
    assert status.startswith("HTTP/1.1 413"), status

    # Chunked: refused once past the limit; the connection closes, the rest is not read.
    headers = {"Content-Type": "application/json", "Transfer-Encoding": "chunked"}
    status = await _post(server, headers, body_sent=HUNDRED_MB, chunked=True)
    assert status.startswith("HTTP/1.1 413"), status

    grown = rss_kib(server) - before
    assert grown < 20 * 1024, f"the server grew by {grown} KiB"
