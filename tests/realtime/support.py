"""Clients for the realtime tests: an admin API client and a WIP WebSocket watcher."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import websockets
from websockets.asyncio.client import ClientConnection

from app.wip.counters import WipCounters
from tests.conftest import ADMIN_PASSWORD
from tests.realtime.conftest import Server

API = "/api/v1"
# Only a guard against a hung test: every wait returns as soon as its condition holds.
PATIENCE_SECONDS = 120.0

EVENT_KEYS = {
    "type",
    "seq",
    "event",
    "serial",
    "order",
    "line_id",
    "from_step",
    "to_step",
    "from_workstation_id",
    "to_workstation_id",
    "status",
    "at",
}


async def token_for(server: Server, username: str = "admin", password: str = ADMIN_PASSWORD) -> str:
    async with httpx.AsyncClient(base_url=server.base_url) as client:
        r = await client.post(
            f"{API}/auth/token", data={"username": username, "password": password}
        )
        assert r.status_code == 200, r.text
        return str(r.json()["access_token"])


@contextlib.asynccontextmanager
async def api_client(server: Server, token: str | None = None) -> AsyncIterator[httpx.AsyncClient]:
    """An httpx client for the server's API, signed in as admin unless given a token."""
    token = token or await token_for(server)
    async with httpx.AsyncClient(
        base_url=server.base_url,
        headers={"Authorization": f"Bearer {token}"},
        timeout=60,
        limits=httpx.Limits(max_connections=64),
    ) as client:
        yield client


async def wip(client: httpx.AsyncClient, line_id: int | None = None) -> dict[str, Any]:
    params = {"line_id": line_id} if line_id is not None else {}
    r = await client.get(f"{API}/wip", params=params)
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


def view(snapshot: dict[str, Any]) -> dict[str, Any]:
    """The counters of a `GET /wip` body (or a watcher), comparable with ==."""
    return {
        "seq": snapshot["seq"],
        "workstations": {w["workstation_id"]: w["count"] for w in snapshot["workstations"]},
        "totals": tuple(
            snapshot[k] for k in ("not_started", "in_progress", "completed", "scrapped")
        ),
    }


async def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + PATIENCE_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        await asyncio.sleep(0.02)


async def eventually(check: Callable[[], Awaitable[bool]], what: str) -> None:
    """Wait until an async check passes (polling)."""
    deadline = time.monotonic() + PATIENCE_SECONDS
    while not await check():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        await asyncio.sleep(0.05)


class WipWatcher:
    """A dashboard in miniature: applies the snapshot and every event to WIP counters and
    records what it got. Use `async with WipWatcher.connect(...)`."""

    def __init__(self, socket: ClientConnection | None, line_id: int | None = None) -> None:
        self._socket = socket
        self.line_id = line_id
        self.messages: list[dict[str, Any]] = []
        self.snapshots: list[dict[str, Any]] = []
        self.seqs: list[int] = []  # seq of every event, alert, issue, machine state, in order
        self.counters = WipCounters(line_id=line_id)
        self.seq: int | None = None
        self.closed: websockets.ConnectionClosed | None = None
        self._task = asyncio.create_task(self._read()) if socket is not None else None

    @classmethod
    @contextlib.asynccontextmanager
    async def connect(
        cls,
        server: Server,
        token: str,
        *,
        since: int | None = None,
        line_id: int | None = None,
        carry: WipWatcher | None = None,
        **options: Any,
    ) -> AsyncIterator[WipWatcher]:
        """Connect; with `carry` (and `since`), continue from that watcher's counters."""
        query = [f"token={token}"]
        if since is not None:
            query.append(f"since={since}")
        if line_id is not None:
            query.append(f"line_id={line_id}")
        async with websockets.connect(
            f"{server.ws_url}?{'&'.join(query)}", max_size=None, **options
        ) as socket:
            watcher = cls(socket, line_id)
            watcher.seq = since
            if carry is not None:
                watcher.counters = copy.deepcopy(carry.counters)
            try:
                yield watcher
            finally:
                if watcher._task is not None:
                    watcher._task.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await watcher._task

    @property
    def socket(self) -> ClientConnection:
        assert self._socket is not None
        return self._socket

    async def _read(self) -> None:
        try:
            async for raw in self.socket:
                self.receive(json.loads(raw))
        except websockets.ConnectionClosed as closed:
            self.closed = closed
        else:
            self.closed = websockets.ConnectionClosedOK(None, None)

    def receive(self, message: dict[str, Any]) -> None:
        self.messages.append(message)
        kind = message["type"]
        if kind == "snapshot":
            self.snapshots.append(message)
            body = message["wip"]
            assert body["seq"] == message["seq"]
            self.counters = WipCounters(
                workstations={w["workstation_id"]: w["count"] for w in body["workstations"]},
                not_started=body["not_started"],
                in_progress=body["in_progress"],
                completed=body["completed"],
                scrapped=body["scrapped"],
                line_id=self.line_id,
            )
            self.seq = message["seq"]
        elif kind in ("event", "alert", "issue", "machine", "order", "material"):
            assert self.seq is not None, "an event before any snapshot or replay start"
            assert message["seq"] > self.seq, f"seq {message['seq']} after {self.seq}"
            if kind == "event":
                self.counters.apply(message)
            self.seq = message["seq"]
            self.seqs.append(message["seq"])

    @property
    def events(self) -> list[dict[str, Any]]:
        return [m for m in self.messages if m["type"] == "event"]

    @property
    def machines(self) -> list[dict[str, Any]]:
        """The `machine` messages (current machine-state changes), in arrival order."""
        return [m for m in self.messages if m["type"] == "machine"]

    def view(self) -> dict[str, Any]:
        c = self.counters
        return {
            "seq": self.seq,
            "workstations": dict(c.workstations),
            "totals": (c.not_started, c.in_progress, c.completed, c.scrapped),
        }

    async def until(self, condition: Callable[[WipWatcher], bool], what: str) -> None:
        await wait_for(lambda: condition(self) or self.closed is not None, what)
        if not condition(self):
            raise AssertionError(f"socket closed ({self.closed}) while waiting for {what}")

    async def reach(self, seq: int) -> None:
        await self.until(lambda w: w.seq is not None and w.seq >= seq, f"seq {seq}")

    async def send(self, message: dict[str, Any]) -> None:
        await self.socket.send(json.dumps(message))
