"""One MQTT connection's message flow: receive → decode → lane → batch → commit → ack.

Messages are taken from paho's `on_message` callback (it runs in the event loop, where
aiomqtt reads the socket) and decoded right there; each goes to its lane (messages of one
unit, or one machine, always to the same lane, so they apply in arrival order). Each lane
batches what it has (up to `mqtt_batch_size`; an idle lane waits `mqtt_batch_ms` for more),
applies and commits the batch, and only then acknowledges its messages to the broker. Under
load a batch is whatever arrived while the previous one committed, so batches grow with the
load and the lanes keep up.

A message naming a workstation the cache does not know goes the slow way (the cache is
reloaded if workstations changed), and every message behind it follows the same way until
it has caught up, so the arrival order per lane still holds.
"""

from __future__ import annotations

import asyncio
import collections
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import paho.mqtt.client as mqtt

from app.kit.time import utcnow
from app.telemetry.decode import Inbound, Outcome, Rejected
from app.telemetry.ingest import Ingestor

log = logging.getLogger("takt.telemetry")


@dataclass(frozen=True, slots=True)
class _Work:
    mid: int
    qos: int
    inbound: Inbound
    outcome: Outcome


class _Lane:
    """A FIFO of decoded messages with a wake-up event (cheaper than an asyncio.Queue)."""

    def __init__(self) -> None:
        self.items: collections.deque[_Work | None] = collections.deque()
        self.ready = asyncio.Event()

    def put(self, work: _Work | None) -> None:
        self.items.append(work)
        self.ready.set()


class MessageFlow:
    """Receives, decodes, batches, applies and acknowledges the messages of one connection."""

    def __init__(
        self,
        paho: mqtt.Client,
        ingestor: Ingestor,
        *,
        batch_size: int,
        batch_seconds: float,
        on_error: Callable[[str], None],
    ) -> None:
        self._paho = paho
        self._ingestor = ingestor
        self._batch_size = batch_size
        self._batch_seconds = batch_seconds
        self._on_error = on_error
        self._lanes = [_Lane() for _ in range(ingestor.lanes)]
        self._slow: collections.deque[tuple[int, int, Inbound]] = collections.deque()
        self._slow_ready = asyncio.Event()
        self.tasks: list[asyncio.Task[None]] = []
        paho.on_message = self._on_message

    def start(self) -> None:
        self.tasks = [
            asyncio.create_task(self._lane(lane), name=f"takt-mqtt-lane-{i}")
            for i, lane in enumerate(self._lanes)
        ]
        self.tasks.append(asyncio.create_task(self._slow_path(), name="takt-mqtt-slow-path"))

    async def finish(self, grace: float) -> None:
        """Let the lanes apply and acknowledge what they hold, then stop."""
        for lane in self._lanes:
            lane.put(None)
        lanes = self.tasks[: len(self._lanes)]
        if lanes:
            await asyncio.wait(lanes, timeout=grace)

    async def close(self) -> None:
        for task in self.tasks:
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)

    # -- receiving ---------------------------------------------------------------------------

    def _on_message(self, _client: mqtt.Client, _userdata: Any, message: mqtt.MQTTMessage) -> None:
        try:
            topic = message.topic
        except UnicodeDecodeError:  # a topic that is not UTF-8: still kept, as a dead letter
            topic = bytes(message._topic).decode("utf-8", "replace")
        inbound = Inbound(topic, bytes(message.payload), utcnow())
        if self._slow:
            self._slow.append((message.mid, message.qos, inbound))
            return
        try:
            outcome = self._ingestor.decode(inbound)
        except Exception:
            log.exception("decoding a message failed; taking the slow path")
            outcome = None
        if outcome is None or (
            isinstance(outcome, Rejected) and outcome.code == "unknown_workstation"
        ):
            self._slow.append((message.mid, message.qos, inbound))
            self._slow_ready.set()
            return
        self._dispatch(_Work(message.mid, message.qos, inbound, outcome))

    def _dispatch(self, work: _Work) -> None:
        self._lanes[self._ingestor.lane_of(work.inbound, work.outcome)].put(work)

    async def _slow_path(self) -> None:
        while True:
            await self._slow_ready.wait()
            while self._slow:
                mid, qos, inbound = self._slow[0]
                try:
                    outcome = await self._ingestor.resolve(inbound)
                except asyncio.CancelledError:
                    raise
                except Exception as exc:
                    log.exception("decoding a message failed")
                    outcome = self._ingestor.failed(inbound, exc)
                self._slow.popleft()
                self._dispatch(_Work(mid, qos, inbound, outcome))
            self._slow_ready.clear()

    # -- applying ---------------------------------------------------------------------------

    async def _lane(self, lane: _Lane) -> None:
        """Apply this lane's messages in batches, in order; acknowledge each batch after its
        commit."""
        while True:
            if not lane.items:
                lane.ready.clear()
                await lane.ready.wait()
                # The lane was idle: let a batch gather. When busy, the batch is whatever
                # arrived while the previous one committed (so it grows with the load).
                if len(lane.items) < self._batch_size and self._batch_seconds > 0:
                    await asyncio.sleep(self._batch_seconds)
            batch: list[_Work] = []
            last = False
            while lane.items and len(batch) < self._batch_size:
                work = lane.items.popleft()
                if work is None:
                    last = True
                    break
                batch.append(work)
            if batch:
                await self._ingestor.apply_batch([(w.inbound, w.outcome) for w in batch])
                # Committed: now, and only now, the broker may forget these messages.
                for work in batch:
                    if work.qos > 0:
                        self._paho.ack(work.mid, work.qos)
                if self._ingestor.last_error:
                    self._on_error(self._ingestor.last_error)
                    self._ingestor.last_error = None
            if last:
                return
