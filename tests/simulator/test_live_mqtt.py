"""Live mode with `--mqtt`: the simulated machines publish their states and counts to the
real broker on Takt's built-in topics, and a real server's telemetry consumer applies them,
while units move through the commands — a few seconds at 300x (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime

from sqlalchemy import text

from app.config import Settings
from app.db.session import Database
from app.main import register_hooks
from app.simulator.plant import parse_plant
from app.simulator.runner import live, mqtt_telemetry, prepare
from tests.realtime.conftest import MqttServer, mqtt_server  # noqa: F401 (fixture)
from tests.simulator.support import SMALL_PLANT

ROUND_THE_CLOCK = SMALL_PLANT.replace(
    """  - {name: Day, start: "06:00", end: "14:00", days: [1, 2, 3, 4, 5]}
  - {name: Late, start: "14:00", end: "22:00", days: [1, 2, 3, 4, 5]}""",
    """  - {name: Day, start: "06:00", end: "18:00", days: [1, 2, 3, 4, 5, 6, 7]}
  - {name: Night, start: "18:00", end: "06:00", days: [1, 2, 3, 4, 5, 6, 7]}""",
)
SPEED = 300.0
PLANT_SECONDS = 1800.0  # six seconds of wall time: two counter readings per machine


async def _count(db: Database, sql: str, **params: object) -> int:
    async with db.transaction(write=False) as session:
        return int((await session.execute(text(sql), params)).scalar() or 0)


async def test_machines_publish_through_the_broker(mqtt_server: MqttServer) -> None:  # noqa: F811
    url = mqtt_server.server.database_url
    settings = Settings(
        database_url=url, mqtt_url=mqtt_server.broker, mqtt_topic_root=mqtt_server.root
    )
    plant = parse_plant(ROUND_THE_CLOCK, "round-the-clock.yaml")
    assert "18:00" in ROUND_THE_CLOCK
    register_hooks()
    db = Database(settings)
    try:
        layout = await prepare(db, settings, plant, datetime.now(UTC))
        async with mqtt_telemetry(settings) as telemetry:
            world = await live(
                db, plant, layout, telemetry, speed=SPEED, seed=5, until=PLANT_SECONDS
            )
        assert world.stats.refused == 0
        assert world.stats.telemetry >= 8  # each machine's first state and a counter reading
        assert world.stats.commands > 20

        actor = f"mqtt:{mqtt_server.root}/%"
        deadline = time.monotonic() + 15
        while True:
            states = await _count(
                db, "SELECT count(*) FROM machine_states WHERE actor LIKE :a", a=actor
            )
            counts = await _count(db, "SELECT count(*) FROM machine_counters")
            if states >= len(layout.stations) and counts >= 1:
                break
            assert time.monotonic() < deadline, (states, counts, world.stats)
            await asyncio.sleep(0.2)
        ledger = await _count(db, "SELECT count(*) FROM telemetry_messages")
        assert ledger >= states
        assert await _count(db, "SELECT count(*) FROM telemetry_dead_letters") == 0
        moved = await _count(db, "SELECT count(*) FROM unit_events WHERE type = 'moved'")
        assert moved > 0
    finally:
        await db.dispose()
