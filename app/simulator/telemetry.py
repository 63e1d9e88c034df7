"""How simulated machines report their states and counts: as MQTT messages on Takt's
built-in topics (`{root}/{line}/{workstation}/{kind}`), either applied straight through the
telemetry ingest the MQTT consumer uses (`Ingested`: back-fill and live without a broker),
or published to the broker for Takt's consumer to pick up (`Published`, `--mqtt`)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from app.kit.time import iso_utc, reset_command_time, set_command_time
from app.simulator.configure import StationInfo
from app.telemetry.decode import Inbound
from app.telemetry.ingest import Ingestor

if TYPE_CHECKING:
    from app.simulator.engine import World

# Messages applied per ingest transaction in a back-fill (the consumer batches likewise).
BATCH = 100


def topic(root: str, station: StationInfo, kind: str) -> str:
    return f"{root}/{station.line_code}/{station.code}/{kind}"


class Telemetry:
    """Where machine messages go. An `urgent` message is applied before the next command
    (a breakdown whose automatic issue must block work from that moment on)."""

    async def send(
        self,
        world: World,
        station: StationInfo,
        kind: str,
        payload: dict[str, Any],
        since: float | None,
        *,
        urgent: bool = False,
    ) -> None:
        raise NotImplementedError

    async def flush(self, world: World) -> None:
        """Deliver what is buffered."""


def _body(world: World, payload: dict[str, Any], since: float | None, n: int) -> bytes:
    ts = iso_utc(world.clock.stamp(world.t if since is None else since))
    return json.dumps({**payload, "ts": ts, "msg_id": f"sim-{ts}-{n}"}).encode()


class Ingested(Telemetry):
    """Applied through `app.telemetry.ingest` (one transaction per batch of messages, with
    the message ledger), at the simulated time."""

    def __init__(self, ingestor: Ingestor, *, batch: int = BATCH) -> None:
        self.ingestor = ingestor
        self.batch = batch
        self._pending: list[Inbound] = []
        self._sent = 0

    async def send(
        self,
        world: World,
        station: StationInfo,
        kind: str,
        payload: dict[str, Any],
        since: float | None,
        *,
        urgent: bool = False,
    ) -> None:
        self._sent += 1
        body = _body(world, payload, since, self._sent)
        name = topic(self.ingestor.topic_root, station, kind)
        self._pending.append(Inbound(name, body, world.clock.stamp(world.t)))
        world.stats.telemetry += 1
        if urgent or len(self._pending) >= self.batch or world.clock.live:
            await self.flush(world)

    async def flush(self, world: World) -> None:
        if not self._pending:
            return
        batch, self._pending = self._pending, []
        at = world.clock.command_at(world.t)
        token = set_command_time(at) if at is not None else None
        try:
            await self.ingestor.ingest(batch)
        finally:
            if token is not None:
                reset_command_time(token)
        world.stats.commands += 1


class Published(Telemetry):
    """Published to the MQTT broker, as a real machine would (live mode, `--mqtt`)."""

    def __init__(self, client: Any, root: str) -> None:
        self.client = client
        self.root = root
        self._sent = 0

    async def send(
        self,
        world: World,
        station: StationInfo,
        kind: str,
        payload: dict[str, Any],
        since: float | None,
        *,
        urgent: bool = False,
    ) -> None:
        self._sent += 1
        body = _body(world, payload, since, self._sent)
        await self.client.publish(topic(self.root, station, kind), body, qos=1)
        world.stats.telemetry += 1
