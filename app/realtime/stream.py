"""One WIP WebSocket: a snapshot or a replay, then every later event once, in `seq` order.

The socket tracks `next_seq`, the first event it has not yet sent (or skipped by its line
filter). Everything it sends comes either from the hub's batches or straight from the table,
and both are contiguous runs in `seq` order, so one rule keeps the stream exact:

* a batch entirely below `next_seq` is skipped (already sent),
* a batch starting above `next_seq` means events went by unseen (the socket was catching up,
  or the hub jumped): they are read from the table first,
* a table read that does not start at `next_seq` means retention deleted them: the client
  gets a fresh snapshot instead — never a silent gap.

A client may send `{"type": "resync"}` at any time for a fresh snapshot.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from typing import Any

from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState

from app.db.session import Database
from app.kit.errors import NotFound
from app.kit.tasks import wait_set
from app.realtime.hub import Batch, Subscriber, WipHub
from app.realtime.messages import PING, Outgoing, error_message, snapshot_message
from app.server.frames import TEXT_FRAMES, SendTexts
from app.wip import service as wip_service

log = logging.getLogger("takt.realtime")

FILL_CHUNK = 2000
YIELD_EVERY = 64
CLOSE_TIMEOUT = 10.0
TRY_AGAIN_LATER = 1013
POLICY_VIOLATION = 1008
INTERNAL_ERROR = 1011


class _Close(Exception):
    def __init__(self, code: int, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


class WipStream:
    def __init__(
        self,
        websocket: WebSocket,
        hub: WipHub,
        db: Database,
        *,
        line_id: int | None,
        since: int | None,
        queue_limit: int,
        ping_seconds: float,
    ) -> None:
        self._ws = websocket
        self._hub = hub
        self._db = db
        self._line_id = line_id
        self._since = since
        self._queue_limit = queue_limit
        self._ping_seconds = ping_seconds
        self._subscriber: Subscriber | None = None
        self._dropped = asyncio.Event()
        self._resync = False
        self._replies: list[str] = []
        # The workstations of the client's last snapshot (None after a replay: unknown).
        self._stations: frozenset[int] | None = None
        self.next_seq = 0
        offered = websocket.scope.get("extensions", {}).get(TEXT_FRAMES)
        self._send_texts: SendTexts | None = offered["send"] if offered else None

    async def run(self) -> None:
        """Serve the accepted socket until the client leaves or must go."""
        tasks = [
            asyncio.create_task(self._send_loop(), name="wip-socket-send"),
            asyncio.create_task(self._receive_loop(), name="wip-socket-receive"),
            asyncio.create_task(self._dropped.wait(), name="wip-socket-dropped"),
        ]
        close: _Close | None = None
        try:
            done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                if not task.cancelled() and isinstance(task.exception(), _Close):
                    close = task.exception()  # type: ignore[assignment]
                elif not task.cancelled() and task.exception() is not None:
                    error = task.exception()
                    if not isinstance(error, WebSocketDisconnect):
                        log.error("WIP socket failed", exc_info=error)
                        close = _Close(INTERNAL_ERROR, "server error")
            if self._dropped.is_set():
                close = _Close(TRY_AGAIN_LATER, "too far behind: reconnect with since")
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            if self._subscriber is not None:
                self._hub.unsubscribe(self._subscriber)
        if close is not None and self._ws.application_state == WebSocketState.CONNECTED:
            # A slow client's buffers are full: the close frame waits behind them, not forever.
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._ws.close(close.code, close.reason), CLOSE_TIMEOUT)

    # -- sending --------------------------------------------------------------------------------

    async def _send(self, text: str) -> None:
        await self._ws.send({"type": "websocket.send", "text": text})

    async def _send_loop(self) -> None:
        if self._since is None:
            await self._send_snapshot()
        else:
            await self._resume(self._since)
        hub = self._hub
        self._subscriber = subscriber = hub.subscribe(self._queue_limit, self._dropped.set)
        # Events the hub handed out before we subscribed come from the table.
        if hub.last_seq >= self.next_seq:
            await self._fill(upto=hub.last_seq)
        loop = asyncio.get_running_loop()
        next_ping = loop.time() + self._ping_seconds
        wake = subscriber.wake
        while True:
            if self._replies:
                replies, self._replies = self._replies, []
                for reply in replies:
                    await self._send(reply)
            if self._resync:
                self._resync = False
                await self._send_snapshot()
            now = loop.time()
            if now >= next_ping:
                await self._send(PING)
                next_ping = now + self._ping_seconds
            batch = subscriber.pop()
            if batch is not None:
                await self._deliver(batch)
                continue
            wake.clear()
            if subscriber.batches or self._resync or self._replies:
                continue
            await wait_set(wake, max(0.0, next_ping - now))

    async def _deliver(self, batch: Batch) -> None:
        if batch[-1].seq < self.next_seq:
            return
        if batch[0].seq > self.next_seq:
            await self._fill(upto=batch[0].seq - 1)
        line_id = self._line_id
        run: list[Outgoing] = []
        for message in batch:
            if message.seq < self.next_seq:
                continue
            if message.concerns(line_id):
                if self._new_station(message):
                    await self._send_run(run)
                    run = []
                    await self._send_snapshot()  # it includes this event; skip to after it
                    continue
                run.append(message)
                if len(run) == YIELD_EVERY:
                    await self._send_run(run)
                    run = []
                    # A send to a socket with room does not suspend: let the others run.
                    await asyncio.sleep(0)
            self.next_seq = message.seq + 1
        await self._send_run(run)

    async def _send_run(self, run: list[Outgoing]) -> None:
        """Send consecutive events: at once, pre-framed, where the server offers it."""
        if not run:
            return
        if self._send_texts is not None:
            await self._send_texts([m.text for m in run], b"".join(m.frame for m in run))
            return
        for message in run:
            await self._send(message.text)

    def _new_station(self, message: Outgoing) -> bool:
        """Does the event name a workstation (of our line) that our client's snapshot lacks
        (created since)? Then the client gets a fresh snapshot, which lists it."""
        known = self._stations
        if known is None or known.issuperset(message.stations):
            return False
        line_id = self._line_id
        return any(
            w not in known and (line_id is None or self._hub.station_line(w) == line_id)
            for w in message.stations
        )

    async def _fill(self, upto: int) -> None:
        """Send the events `next_seq … upto` from the table, or a snapshot if some are gone."""
        while self.next_seq <= upto:
            limit = min(FILL_CHUNK, upto - self.next_seq + 1)
            rows = await self._hub.load(self.next_seq - 1, limit)
            if not rows or rows[0].seq != self.next_seq:
                await self._send_snapshot()  # pruned: the client can no longer replay them
                return
            await self._deliver(rows)

    async def _resume(self, since: int) -> None:
        last = await self._hub.current_seq()
        if since > last:  # a number this database never gave out (e.g. it was restored)
            await self._send_snapshot()
            return
        self.next_seq = since + 1
        await self._fill(upto=last)

    async def _send_snapshot(self) -> None:
        try:
            async with self._db.transaction(write=False) as session:
                snapshot = await wip_service.snapshot(session, self._line_id)
        except NotFound as exc:  # the line was deleted while watched
            raise _Close(POLICY_VIOLATION, exc.detail) from exc
        await self._send(snapshot_message(snapshot))
        self.next_seq = snapshot.seq + 1
        self._stations = frozenset(w.workstation_id for w in snapshot.workstations)

    # -- receiving ------------------------------------------------------------------------------

    async def _receive_loop(self) -> None:
        while True:
            message = await self._ws.receive()
            if message["type"] == "websocket.disconnect":
                return
            self._handle(message.get("text") or message.get("bytes") or "")

    def _handle(self, data: str | bytes) -> None:
        try:
            body: Any = json.loads(data)
        except (ValueError, UnicodeDecodeError):
            self._reply(error_message("malformed_message", "messages must be JSON objects"))
            return
        kind = body.get("type") if isinstance(body, dict) else None
        if kind == "resync":
            self._resync = True
            self._poke()
        else:
            self._reply(
                error_message("unknown_message", 'the only client message is {"type": "resync"}')
            )

    def _reply(self, text: str) -> None:
        if len(self._replies) < 100:  # a client flooding us with junk gets some answers
            self._replies.append(text)
        self._poke()

    def _poke(self) -> None:
        if self._subscriber is not None:
            self._subscriber.wake.set()
