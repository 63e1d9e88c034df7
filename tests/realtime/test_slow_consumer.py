"""A subscriber that does not read is dropped with 1013; the others get every event."""

from __future__ import annotations

import json
import math
import socket
from pathlib import Path
from typing import Any

import pytest
import websockets

from tests.realtime.conftest import DB_KINDS, Launch
from tests.realtime.support import API, WipWatcher, api_client, token_for, view, wip
from tests.support import create_order, shop_floor

QUEUE = 4000  # events a socket may have waiting on the server (TAKT_WIP_WS_QUEUE)
BURST = 3000  # one unit generation is one burst of `created` events
EVENT_BYTES = 250  # an event message is longer than this


def _bursts() -> int:
    """Enough bursts to fill the kernel's socket buffers (which grow up to `tcp_wmem` max)
    and then the server's queue, with room to spare."""
    try:
        send_buffer = int(Path("/proc/sys/net/ipv4/tcp_wmem").read_text().split()[2])
    except (OSError, ValueError, IndexError):
        send_buffer = 4 * 1024 * 1024
    events = (send_buffer + 256 * 1024) // EVENT_BYTES + QUEUE + 2 * BURST
    return math.ceil(1.5 * events / BURST)


def _tiny_receive_buffer(port: int) -> socket.socket:
    """A client socket with a small kernel receive buffer, so a client that does not read
    backs up into the server quickly."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect(("127.0.0.1", port))
    sock.setblocking(False)
    return sock


@pytest.mark.parametrize("kind", DB_KINDS)
async def test_a_client_that_does_not_read_is_dropped_and_others_get_everything(
    launch: Launch, kind: str
) -> None:
    (server,) = launch(kind, env={"TAKT_WIP_WS_QUEUE": str(QUEUE)})
    bursts = _bursts()
    token = await token_for(server)
    port = int(server.base_url.rsplit(":", 1)[1])
    async with api_client(server, token) as client:
        floor = await shop_floor(client, steps=1)
        order = await create_order(client, floor["part"]["id"], quantity=bursts * BURST)
        async with WipWatcher.connect(server, token, compression=None) as reader:
            slow = await websockets.connect(
                f"{server.ws_url}?token={token}",
                sock=_tiny_receive_buffer(port),
                max_queue=1,
                compression=None,  # (deflated, thousands of events fit in a few kB)
                max_size=None,
            )
            try:
                # Bursts of thousands of events: the reader keeps up, the slow one cannot.
                for _ in range(bursts):
                    r = await client.post(
                        f"{API}/orders/{order['number']}/units", json={"count": BURST}
                    )
                    assert r.status_code == 201, r.text  # the commands are not held up
                    final = await wip(client)
                    await reader.reach(final["seq"])

                got: list[dict[str, Any]] = []
                with pytest.raises(websockets.ConnectionClosedError) as closed:
                    async for raw in slow:  # only now does the slow client read
                        got.append(json.loads(raw))
            finally:
                await slow.close()
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 1013

        # It saw a snapshot and then an unbroken run of events, until it was dropped …
        offline = WipWatcher(None)
        for message in got:
            offline.receive(message)
        start = got[0]["seq"]
        assert got[0]["type"] == "snapshot" and offline.seq is not None
        assert offline.seqs == list(range(start + 1, offline.seq + 1))
        assert offline.seq < final["seq"]
        # … and resuming with `since` brings it up to date.
        async with WipWatcher.connect(server, token, since=offline.seq, carry=offline) as resumed:
            await resumed.reach(final["seq"])
        assert not resumed.snapshots and resumed.view() == view(final)

    # The reader got every event, once, in order.
    assert reader.seqs == list(range(reader.snapshots[0]["seq"] + 1, final["seq"] + 1))
    assert reader.view() == view(final)
