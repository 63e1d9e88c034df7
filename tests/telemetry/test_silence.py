"""The silence timeout: a machine that says nothing for its workstation's
`silence_timeout_s` is recorded as `down` (reason `UNQUALIFIED`, category `unqualified`)
until it speaks again; machine messages through the real Mosquitto, the checker's tick
driven by the test, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from fastapi import FastAPI
from httpx import AsyncClient

from app.config import Settings
from app.db.session import Database
from app.equipment.silence import SilenceWatch
from tests.issues.support import create_issue_type
from tests.telemetry.conftest import mqtt_settings
from tests.telemetry.support import API, factory, get_json, publish, topic, wait_handled

TIMEOUT_S = 1


@pytest.fixture
def settings(database_url: str, broker: str, topic_root: str) -> Settings:
    """The app's own checker sleeps: the tests tick it."""
    return mqtt_settings(database_url, broker, topic_root, silence_check_seconds=3600)


async def _silent_floor(admin: AsyncClient, **fields: Any) -> tuple[dict[str, Any], int]:
    floor = await factory(admin, steps=1)
    station = floor["workstations"][0]
    r = await admin.patch(
        f"{API}/workstations/{station['id']}", json={"silence_timeout_s": TIMEOUT_S} | fields
    )
    assert r.status_code == 200, r.text
    return floor, station["id"]


async def _states(admin: AsyncClient, workstation_id: int) -> list[dict[str, Any]]:
    return (await get_json(admin, f"/workstations/{workstation_id}/states", limit=500))["items"]  # type: ignore[no-any-return]


async def _expire() -> None:
    await asyncio.sleep(TIMEOUT_S + 0.1)


async def test_silence_is_down_until_the_machine_speaks(
    app: FastAPI, admin: AsyncClient, topic_root: str
) -> None:
    kind = await create_issue_type(admin)
    floor, ws = await _silent_floor(admin, auto_issue_type=kind["code"])
    state, count = topic(topic_root, floor, "state"), topic(topic_root, floor, "count")
    watch: SilenceWatch = app.state.silence
    assert await watch.tick() == 0  # never heard: nothing to time out
    await publish([(state, {"state": "running"})])
    await wait_handled(app, 1)
    assert await watch.tick() == 0  # heard just now
    await _expire()
    assert await watch.tick() == 1
    assert await watch.tick() == 0  # silent already: recorded once

    running, silent = await _states(admin, ws)
    assert (silent["state"], silent["reason_code"], silent["actor"]) == (
        "down",
        "UNQUALIFIED",
        "system:silence",
    )
    assert silent["reason"] == f"no message for {TIMEOUT_S} s"
    assert silent["ended_at"] is None and running["ended_at"] == silent["started_at"]
    reasons = (await get_json(admin, "/downtime-reasons", code="UNQUALIFIED"))["items"]
    assert [r["category"] for r in reasons] == ["unqualified"]
    # The machine is down: its workstation's automatic issue is open.
    [issue] = (await get_json(admin, "/issues", workstation_id=ws))["items"]
    assert (issue["status"], issue["opened_by"]) == ("open", "system:silence")

    # A count ends the silence: the state it interrupted comes back (running: resolved).
    await publish([(count, {"good": 5})])
    await wait_handled(app, 2)
    found = await _states(admin, ws)
    assert [(s["state"], s["ended_at"] is None) for s in found] == [
        ("running", False),
        ("down", False),
        ("running", True),
    ]
    assert found[2]["actor"] == f"mqtt:{count}"
    [issue] = (await get_json(admin, "/issues", workstation_id=ws))["items"]
    assert (issue["status"], issue["resolution"]) == ("resolved", "machine running again")

    # Silent again; a state message ends it with its own state.
    await _expire()
    assert await watch.tick() == 1
    await publish([(state, {"state": "idle"})])
    await wait_handled(app, 3)
    found = await _states(admin, ws)
    assert [s["state"] for s in found] == ["running", "down", "running", "down", "idle"]
    assert found[3]["ended_at"] == found[4]["started_at"]
    # The reason was created once (the second silence found it).
    assert len((await get_json(admin, "/downtime-reasons", code="UNQUALIFIED"))["items"]) == 1


async def test_no_silence_without_a_timeout_or_when_off(
    app: FastAPI, admin: AsyncClient, topic_root: str
) -> None:
    floor, ws = await _silent_floor(admin)
    other = await factory(admin, steps=1)  # no silence_timeout_s
    await publish(
        [
            (topic(topic_root, floor, "state"), {"state": "off"}),
            (topic(topic_root, other, "state"), {"state": "running"}),
        ]
    )
    await wait_handled(app, 2)
    await _expire()
    assert await app.state.silence.tick() == 0
    assert [s["state"] for s in await _states(admin, ws)] == ["off"]
    r = await admin.patch(f"{API}/workstations/{ws}", json={"silence_timeout_s": 0})
    assert r.status_code == 422


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_two_checkers_record_one_silence(
    app: FastAPI, admin: AsyncClient, topic_root: str, settings: Settings
) -> None:
    """Two server processes' checkers (two engines) racing: one silence, one reason."""
    floors = [await _silent_floor(admin) for _ in range(3)]
    await publish([(topic(topic_root, f, "state"), {"state": "running"}) for f, _ in floors])
    await wait_handled(app, 3)
    await _expire()
    other = Database(settings)
    try:
        theirs = SilenceWatch(other, interval=3600)
        ours: SilenceWatch = app.state.silence
        recorded = await asyncio.gather(ours.tick(), theirs.tick(), ours.tick(), theirs.tick())
    finally:
        await other.dispose()
    assert sum(recorded) == 3
    for _, ws in floors:
        assert [s["state"] for s in await _states(admin, ws)] == ["running", "down"]
    assert len((await get_json(admin, "/downtime-reasons", code="UNQUALIFIED"))["items"]) == 1
