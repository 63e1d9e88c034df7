"""MQTT tests: the app's consumer against the real Mosquitto (127.0.0.1:1883, or
TAKT_TEST_MQTT), on SQLite and PostgreSQL.

Each test gets its own topic root, shared-subscription group and client id, so tests (and
leftover persistent sessions of earlier runs) never see each other's messages. Without a
broker the tests are skipped, unless TAKT_REQUIRE_POSTGRES=1 (CI, which starts Mosquitto).
"""

from __future__ import annotations

import socket
import uuid
from collections.abc import AsyncIterator
from urllib.parse import urlsplit

import pytest
from fastapi import FastAPI

from app.config import Settings
from tests.conftest import make_settings, unavailable
from tests.telemetry.support import BROKER, running


def _broker_up() -> bool:
    url = urlsplit(BROKER)
    try:
        with socket.create_connection((url.hostname or "127.0.0.1", url.port or 1883), 2):
            return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def broker() -> str:
    if not _broker_up():
        unavailable(f"no MQTT broker at {BROKER}", ".ci/run starts Mosquitto")
    return BROKER


@pytest.fixture
def topic_root() -> str:
    return f"t{uuid.uuid4().hex[:12]}"


def mqtt_settings(database_url: str, broker: str, root: str, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "mqtt_url": broker,
        "mqtt_topic_root": root,
        "mqtt_client_id": f"test-{root}",
        "mqtt_shared_group": root,
        "mqtt_session_expiry_seconds": 120,
        "mqtt_batch_ms": 5,
    }
    values.update(overrides)
    return make_settings(database_url, **values)


@pytest.fixture
def settings(database_url: str, broker: str, topic_root: str) -> Settings:
    """The app of these tests consumes MQTT (the `app`, `admin` fixtures use this)."""
    return mqtt_settings(database_url, broker, topic_root)


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[FastAPI]:
    async with running(settings) as application:
        yield application
