"""The MQTT consumer: one task per process in the app lifespan.

Connection: MQTT v5 with a persistent session (a fixed client id per process slot, no clean
start, a session expiry), QoS 1 shared subscriptions `$share/<group>/<filter>` so several
processes split the stream, reconnection with exponential backoff and jitter.

Acknowledgement after commit: paho's manual acknowledgement is switched on before the
connection opens, so the client sends no PUBACK by itself. Messages are batched (up to
`mqtt_batch_size`, or what arrived within `mqtt_batch_ms`) in lanes (`app.telemetry.flow`),
each batch is applied and committed (`app.telemetry.ingest`), and only then are its messages
acknowledged. A process that dies
between receiving and committing never acknowledged: the broker keeps those messages in the
session and sends them again when the client id reconnects; the ledger makes a message that
committed but was not yet acknowledged apply once.
"""

from __future__ import annotations

import asyncio
import logging
import random
from datetime import timedelta
from typing import Literal
from urllib.parse import urlsplit

import aiomqtt
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from app.config import Settings
from app.db.session import Database
from app.kit.tasks import BackgroundTask, wait_set
from app.kit.time import utcnow
from app.telemetry import identity
from app.telemetry.events import RULES_TOPIC
from app.telemetry.flow import MessageFlow
from app.telemetry.ingest import Ingestor, prune
from app.telemetry.topics import convention_filter

log = logging.getLogger("takt.telemetry")

HOUSEKEEPING_SECONDS = 1.0  # rules, subscriptions, ledger pruning
PRUNE_EVERY_SECONDS = 60.0
STOP_GRACE_SECONDS = 10.0

Status = Literal["disabled", "connecting", "connected"]


def _shared(group: str, topic_filter: str) -> str:
    return f"$share/{group}/{topic_filter}"


class MqttConsumer:
    """Consumes machine messages and applies them; see the module docstring."""

    def __init__(self, settings: Settings, db: Database) -> None:
        assert settings.mqtt_url, "MQTT is disabled"
        url = urlsplit(settings.mqtt_url)
        self._tls = url.scheme == "mqtts"
        self._host = url.hostname or "127.0.0.1"
        self._port = url.port or (8883 if self._tls else 1883)
        self._settings = settings
        self._db = db
        self.ingestor = Ingestor(db, topic_root=settings.mqtt_topic_root, lanes=settings.mqtt_lanes)
        self.status: Status = "connecting"
        self.last_error: str | None = None
        self.client_id: str | None = None
        self.subscriptions: set[str] = set()
        self._task = BackgroundTask(self._run, name="takt-mqtt-consumer", log=log)
        self._stopping = asyncio.Event()
        self._wake = asyncio.Event()
        self._slot: identity.ClientSlot | None = None
        self._last_prune = 0.0

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> None:
        self._db.on_commit(RULES_TOPIC, self.rules_changed)
        self._task.start()

    async def stop(self) -> None:
        """Finish the batch in hand (acknowledging it), then disconnect."""
        self._stopping.set()
        self._wake.set()
        await self._task.stop(grace=STOP_GRACE_SECONDS + 5)
        if self._slot is not None:
            await self._slot.release()
            self._slot = None

    def rules_changed(self) -> None:
        self.ingestor.invalidate_rules()
        self._wake.set()

    def _error(self, message: str) -> None:
        self.last_error = f"{utcnow().isoformat(timespec='seconds')} {message}"

    # -- connection ------------------------------------------------------------------------

    def _client(self, client_id: str) -> aiomqtt.Client:
        settings = self._settings
        properties = Properties(PacketTypes.CONNECT)  # type: ignore[no-untyped-call]
        properties.SessionExpiryInterval = settings.mqtt_session_expiry_seconds
        client = aiomqtt.Client(
            self._host,
            self._port,
            username=settings.mqtt_username,
            password=settings.mqtt_password,
            identifier=client_id,
            protocol=aiomqtt.ProtocolVersion.V5,
            clean_start=False,
            properties=properties,
            keepalive=settings.mqtt_keepalive_seconds,
            tls_params=(
                aiomqtt.TLSParameters(ca_certs=settings.mqtt_tls_ca_file) if self._tls else None
            ),
            timeout=10,
        )
        # Before connecting: a resumed session delivers its queued messages right away.
        client._client.manual_ack_set(True)
        return client

    async def _run(self) -> None:
        failures = 0
        while not self._stopping.is_set():
            self.status = "connecting"
            flow: MessageFlow | None = None
            try:
                if self._slot is None or not await self._slot.alive():
                    if self._slot is not None:
                        await self._slot.release()
                    self._slot = await identity.claim(self._db, self._settings.mqtt_client_id)
                    self.client_id = self._slot.client_id
                await self.ingestor.refresh()
                client = self._client(self._slot.client_id)
                flow = MessageFlow(
                    client._client,
                    self.ingestor,
                    batch_size=self._settings.mqtt_batch_size,
                    batch_seconds=self._settings.mqtt_batch_ms / 1000,
                    on_error=self._error,
                )
                flow.start()
                async with client:
                    failures = 0
                    await self._serve(client, flow)
            except asyncio.CancelledError:
                raise
            except aiomqtt.MqttError as exc:
                self._error(f"mqtt: {exc}")
                log.warning("MQTT connection to %s:%s lost: %s", self._host, self._port, exc)
            except Exception as exc:
                self._error(f"{type(exc).__name__}: {exc}")
                log.exception("MQTT consumer failed; reconnecting")
            finally:
                self.status = "connecting"
                self.subscriptions.clear()
                if flow is not None:
                    await flow.close()
            if self._stopping.is_set():
                break
            failures += 1
            delay = min(self._settings.mqtt_reconnect_max_seconds, 0.5 * (1 << min(failures, 10)))
            await wait_set(self._stopping, delay * random.uniform(0.5, 1.0))

    async def _subscribe(self, client: aiomqtt.Client) -> None:
        group = self._settings.mqtt_shared_group
        wanted = {convention_filter(self._settings.mqtt_topic_root)} | self.ingestor.rules.filters
        for topic_filter in sorted(wanted - self.subscriptions):
            await client.subscribe(_shared(group, topic_filter), qos=1)
            self.subscriptions.add(topic_filter)
        for topic_filter in sorted(self.subscriptions - wanted):
            await client.unsubscribe(_shared(group, topic_filter))
            self.subscriptions.discard(topic_filter)

    async def _serve(self, client: aiomqtt.Client, flow: MessageFlow) -> None:
        """Keep subscriptions current and watch the connection and the lanes."""

        async def watch() -> None:
            # Messages go to the flow (paho's callback), so this only sees the disconnect.
            async for _ in client.messages:
                pass

        await self._subscribe(client)
        self.status = "connected"
        log.info("MQTT consumer %s connected to %s:%s", client.identifier, self._host, self._port)
        watcher = asyncio.create_task(watch(), name="takt-mqtt-watch")
        try:
            while not self._stopping.is_set():
                waker = asyncio.ensure_future(self._wake.wait())
                await asyncio.wait(
                    {waker, watcher, *flow.tasks},
                    timeout=HOUSEKEEPING_SECONDS,
                    return_when=asyncio.FIRST_COMPLETED,
                )
                waker.cancel()
                for task in (watcher, *flow.tasks):
                    if task.done():
                        task.result()  # the disconnection, or a lane's failure
                        raise aiomqtt.MqttError(f"{task.get_name()} ended")
                await self._housekeeping(client)
            await flow.finish(STOP_GRACE_SECONDS)
        finally:
            watcher.cancel()
            await asyncio.gather(watcher, return_exceptions=True)

    async def _housekeeping(self, client: aiomqtt.Client) -> None:
        loop = asyncio.get_running_loop()
        self._wake.clear()
        await self.ingestor.refresh()
        await self._subscribe(client)
        if loop.time() - self._last_prune > PRUNE_EVERY_SECONDS:
            self._last_prune = loop.time()
            window = timedelta(hours=self._settings.mqtt_dedup_hours)
            await prune(self._db, utcnow() - window)
