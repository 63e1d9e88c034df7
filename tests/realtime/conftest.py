"""Real `takt serve` processes on fresh databases for the realtime tests.

Each server is a subprocess (uvicorn, the production entry point) on a free port; the tests
talk to it with httpx and the `websockets` client. PostgreSQL servers get a database of their
own, migrated before any server starts (so two servers never migrate at once).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import asyncpg
import httpx
import pytest

from app.db import migrate
from tests.conftest import ADMIN_PASSWORD, PG_SERVER, unavailable

ROOT = Path(__file__).resolve().parents[2]
SECRET = "realtime-test-secret-key-0123456789-0123456789"
DB_KINDS = ["sqlite", "postgresql"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    base_url: str
    process: subprocess.Popen[bytes]
    log_path: Path
    database_url: str
    env: dict[str, str] = field(default_factory=dict)

    @property
    def ws_url(self) -> str:
        return self.base_url.replace("http://", "ws://", 1) + "/api/v1/wip/ws"

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _wait_healthy(server: Server, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"server exited ({server.process.returncode}):\n{server.log()}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(server.base_url + "/health", timeout=2).status_code == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"server did not become healthy:\n{server.log()[-5000:]}")


def start_server(
    database_url: str,
    log_dir: Path,
    *,
    env: dict[str, str] | None = None,
    workers: int = 1,
    access_log: bool = False,
) -> Server:
    """`takt serve` on `database_url` (already migrated), healthy when returned; its access
    log (with `access_log`, and TAKT_LOG_LEVEL=INFO in `env`) goes to its log file too."""
    port = free_port()
    log_path = log_dir / f"takt-{port}.log"
    settings = {
        "TAKT_ENV": "test",
        "TAKT_DATABASE_URL": database_url,
        "TAKT_ADMIN_PASSWORD": ADMIN_PASSWORD,
        "TAKT_SECRET_KEY": SECRET,
        "TAKT_ARGON2_TIME_COST": "1",
        "TAKT_ARGON2_MEMORY_KIB": "8",
        "TAKT_AUTH_CACHE_SECONDS": "0",
        "TAKT_LOG_LEVEL": "WARNING",
        "TAKT_WIP_WS_PING_SECONDS": "1",
    } | (env or {})
    environment = {k: v for k, v in os.environ.items() if not k.startswith("TAKT_")} | settings
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [
                *(sys.executable, "-m", "app.cli", "serve"),
                *(() if access_log else ("--no-access-log",)),
                *("--port", str(port), "--workers", str(workers)),
            ],
            cwd=ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    server = Server(f"http://127.0.0.1:{port}", process, log_path, database_url, settings)
    try:
        _wait_healthy(server)
    except BaseException:
        server.stop()
        raise
    return server


async def _pg_admin(sql: str) -> None:
    conn = await asyncpg.connect(PG_SERVER, timeout=5)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


class Databases:
    """Fresh, migrated databases; PostgreSQL ones are dropped at the end."""

    def __init__(self, tmp: Path) -> None:
        self._tmp = tmp
        self._created: list[str] = []

    def new(self, kind: str) -> str:
        # In a thread of its own: callable from async tests (migrations run an event loop).
        with ThreadPoolExecutor(1) as pool:
            return pool.submit(self._new, kind).result()

    def _new(self, kind: str) -> str:
        name = f"takt_rt_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        if kind == "sqlite":
            url = f"sqlite+aiosqlite:///{self._tmp / name}.sqlite"
        else:
            try:
                asyncio.run(_pg_admin(f'CREATE DATABASE "{name}"'))
            except (OSError, asyncpg.PostgresError, TimeoutError) as exc:
                unavailable(f"PostgreSQL not available at {PG_SERVER}: {exc}")
            self._created.append(name)
            base = PG_SERVER.rsplit("/", 1)[0].split("://", 1)[1]
            url = f"postgresql+asyncpg://{base}/{name}"
        migrate.upgrade(url)
        return url

    def drop_all(self) -> None:
        with ThreadPoolExecutor(1) as pool:
            for name in self._created:
                drop = f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
                pool.submit(asyncio.run, _pg_admin(drop)).result()
        self._created.clear()


Launch = Callable[..., list[Server]]


@contextlib.contextmanager
def _launcher(tmp: Path) -> Iterator[Launch]:
    databases = Databases(tmp)
    servers: list[Server] = []

    def launch(
        kind: str,
        count: int = 1,
        *,
        env: dict[str, str] | None = None,
        workers: int = 1,
        database_url: str | None = None,
        access_log: bool = False,
    ) -> list[Server]:
        """`count` servers sharing one fresh database of `kind` (or `database_url`)."""
        url = database_url or databases.new(kind)
        started = [
            start_server(url, tmp, env=env, workers=workers, access_log=access_log)
            for _ in range(count)
        ]
        servers.extend(started)
        return started

    try:
        yield launch
    finally:
        for server in servers:
            server.stop()
        databases.drop_all()


@pytest.fixture
def launch(tmp_path: Path) -> Iterator[Launch]:
    """Start servers for one test; stopped (and their databases dropped) afterwards."""
    with _launcher(tmp_path) as launcher:
        yield launcher


@pytest.fixture(scope="module", params=DB_KINDS)
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    """One server with default realtime settings per database kind, shared by a module."""
    with _launcher(tmp_path_factory.mktemp("realtime")) as launcher:
        yield launcher(request.param)[0]


@dataclass
class MqttServer:
    """A server consuming MQTT from the shared broker under a topic root of its own."""

    server: Server
    broker: str
    root: str

    def topic(self, line_code: str, workstation_code: str, kind: str = "state") -> str:
        return f"{self.root}/{line_code}/{workstation_code}/{kind}"


def broker_url() -> str:
    """The test broker (TAKT_TEST_MQTT, default the local Mosquitto); skips when it is down."""
    url = os.environ.get("TAKT_TEST_MQTT", "mqtt://127.0.0.1:1883")
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 1883), 2):
            pass
    except OSError:
        unavailable(f"no MQTT broker at {url}", ".ci/run starts Mosquitto")
    return url


@pytest.fixture(scope="module", params=DB_KINDS)
def mqtt_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[MqttServer]:
    """One server per database kind that consumes machine messages from the real broker."""
    broker = broker_url()
    root = f"rt{uuid.uuid4().hex[:12]}"
    env = {
        "TAKT_MQTT_URL": broker,
        "TAKT_MQTT_TOPIC_ROOT": root,
        "TAKT_MQTT_CLIENT_ID": f"test-{root}",
        "TAKT_MQTT_SHARED_GROUP": root,
        "TAKT_MQTT_SESSION_EXPIRY_SECONDS": "120",
        "TAKT_MQTT_BATCH_MS": "5",
    }
    with _launcher(tmp_path_factory.mktemp("realtime-mqtt")) as launcher:
        yield MqttServer(launcher(request.param, env=env)[0], broker, root)
