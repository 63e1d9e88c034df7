"""Helpers for the MQTT tests: publishing, waiting for the consumer, the shop floor."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import aiomqtt
from fastapi import FastAPI
from httpx import AsyncClient

from app.config import Settings
from app.telemetry.consumer import MqttConsumer
from tests.conftest import running_app
from tests.support import create_order, shop_floor

BROKER = os.environ.get("TAKT_TEST_MQTT", "mqtt://127.0.0.1:1883")
API = "/api/v1"
WAIT_SECONDS = 30.0


def _host_port(url: str = BROKER) -> tuple[str, int]:
    rest = url.split("://", 1)[1]
    host, _, port = rest.partition(":")
    return host, int(port or 1883)


async def until(check: Callable[[], Awaitable[bool]], what: str) -> None:
    """Wait until `check()` holds (a generous deadline only against hanging forever)."""
    deadline = time.monotonic() + WAIT_SECONDS
    while not await check():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        await asyncio.sleep(0.02)


async def wait_connected(app: FastAPI, filters: set[str] | None = None) -> None:
    consumer: MqttConsumer = app.state.mqtt

    async def ready() -> bool:
        return consumer.status == "connected" and (filters or set()) <= consumer.subscriptions

    await until(ready, "the MQTT consumer to connect and subscribe")


async def wait_handled(app: FastAPI, count: int) -> None:
    """Until the consumer has handled (applied, dead-lettered or skipped) `count` messages."""
    consumer: MqttConsumer = app.state.mqtt
    stats = consumer.ingestor.stats

    async def done() -> bool:
        return stats.handled >= count

    await until(done, f"{count} messages handled (now {stats.handled})")


def encode(payload: Any) -> bytes:
    if isinstance(payload, bytes):
        return payload
    if isinstance(payload, str):
        return payload.encode()
    return json.dumps(payload).encode()


async def publish(messages: list[tuple[str, Any]], *, broker: str = BROKER, qos: int = 1) -> None:
    """Publish (topic, payload) pairs in order from a fresh client; QoS 1 waits for PUBACKs."""
    host, port = _host_port(broker)
    async with aiomqtt.Client(host, port, protocol=aiomqtt.ProtocolVersion.V5) as client:
        for topic, payload in messages:
            await client.publish(topic, encode(payload), qos=qos)


async def factory(
    admin: AsyncClient, *, steps: int = 3, gates: tuple[int, ...] = ()
) -> dict[str, Any]:
    """A shop floor with a running order, its line and workstation codes."""
    floor = await shop_floor(admin, steps=steps, gates=gates)
    floor["order"] = await create_order(admin, floor["part"]["id"], quantity=50)
    return floor


async def units(admin: AsyncClient, floor: dict[str, Any], count: int) -> list[str]:
    r = await admin.post(f"{API}/orders/{floor['order']['number']}/units", json={"count": count})
    assert r.status_code == 201, r.text
    return [u["serial"] for u in r.json()["items"]]


async def add_test(admin: AsyncClient, floor: dict[str, Any], **fields: Any) -> dict[str, Any]:
    body = {
        "name": "Torque",
        "route_id": floor["route"]["id"],
        "step": 1,
        "unit": "Nm",
        "lower_limit": 45,
        "upper_limit": 55,
    } | fields
    r = await admin.post(f"{API}/test-definitions", json=body)
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


def topic(root: str, floor: dict[str, Any], kind: str, station: int = 0) -> str:
    ws = floor["workstations"][station]
    return f"{root}/{floor['line']['code']}/{ws['code']}/{kind}"


async def get_json(client: AsyncClient, path: str, **params: Any) -> Any:
    r = await client.get(f"{API}{path}", params=params)
    assert r.status_code == 200, r.text
    return r.json()


# -- a broker of the test's own (restartable, without touching the shared one) ----------------

# `user`: started as root, Mosquitto would switch to the `mosquitto` user, which cannot write
# the test's temporary directory, so it would save nothing (ignored when not root).
BROKER_CONFIG = """\
user {user}
listener {port} 127.0.0.1
allow_anonymous true
persistence true
persistence_location {directory}/
autosave_interval 1
max_queued_messages 0
"""


class OwnBroker:
    """A Mosquitto on a free port with persistence in a temporary directory."""

    def __init__(self, directory: Any) -> None:
        import pwd
        import socket

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = int(s.getsockname()[1])
        self.directory = directory
        self.config = directory / "mosquitto.conf"
        user = pwd.getpwuid(os.getuid()).pw_name
        self.config.write_text(BROKER_CONFIG.format(user=user, port=self.port, directory=directory))
        self.process: Any = None

    @property
    def url(self) -> str:
        return f"mqtt://127.0.0.1:{self.port}"

    async def start(self) -> None:
        import shutil
        import socket
        import subprocess

        mosquitto = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
        with (self.directory / "mosquitto.log").open("ab") as log:
            self.process = await asyncio.to_thread(
                subprocess.Popen, [mosquitto, "-c", str(self.config)], stdout=log, stderr=log
            )

        async def listening() -> bool:
            try:
                with socket.create_connection(("127.0.0.1", self.port), 0.2):
                    return True
            except OSError:
                return False

        await until(listening, "the test broker to listen")

    async def stop(self) -> None:
        """SIGTERM: Mosquitto saves its persistence file (sessions, queued messages)."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            await asyncio.to_thread(self.process.wait, 10)
        self.process = None


@contextlib.asynccontextmanager
async def running(settings: Settings) -> AsyncIterator[FastAPI]:
    """An app (one server process) with its consumer connected and subscribed."""
    async with running_app(settings) as application:
        await wait_connected(application)
        yield application
