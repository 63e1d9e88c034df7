"""Machine states on the WIP WebSocket (`{"type": "machine", "seq", "machine"}`), on a real
server consuming the real Mosquitto, SQLite and PostgreSQL: state changes published over MQTT
and reasons named over REST arrive in sequence with unit events, only on sockets of the
workstation's line (or unfiltered), and replay with `since`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.realtime.conftest import MqttServer
from tests.realtime.support import API, WipWatcher, api_client, eventually, token_for, wip
from tests.support import create_line, create_order, create_part, create_route, create_workstation
from tests.telemetry.support import publish

pytestmark = pytest.mark.asyncio

MACHINE_KEYS = {
    "workstation_id",
    "workstation_code",
    "line_id",
    "state",
    "previous_state",
    "reason",
    "reason_id",
    "reason_code",
    "reason_name",
    "reason_category",
    "since",
}


def z(at: datetime) -> str:
    return at.astimezone(UTC).isoformat().replace("+00:00", "Z")


async def consuming(client: httpx.AsyncClient) -> None:
    """Until the server's MQTT consumer is connected and subscribed."""

    async def ready() -> bool:
        r = await client.get(f"{API}/telemetry/status")
        assert r.status_code == 200, r.text
        body = r.json()
        return body["mqtt"] == "connected" and bool(body["subscriptions"])

    await eventually(ready, "the MQTT consumer connected")


async def current_state(client: httpx.AsyncClient, workstation_id: int) -> dict[str, Any]:
    now = z(datetime.now(UTC))
    r = await client.get(
        f"{API}/workstations/{workstation_id}/states", params={"from": now, "limit": 1}
    )
    assert r.status_code == 200, r.text
    (current,) = [s for s in r.json()["items"] if s["ended_at"] is None]
    return current  # type: ignore[no-any-return]


async def test_machine_states_on_the_socket(mqtt_server: MqttServer) -> None:
    server = mqtt_server.server
    token = await token_for(server)
    async with api_client(server, token) as client:
        await consuming(client)
        here, there = await create_line(client), await create_line(client)
        press = await create_workstation(client, here["id"], name="Press")
        lathe = await create_workstation(client, here["id"], name="Lathe")
        saw = await create_workstation(client, there["id"], name="Saw")
        r = await client.post(
            f"{API}/downtime-reasons",
            json={"code": "TOOL", "name": "Tool broken", "category": "equipment_failure"},
        )
        assert r.status_code == 201, r.text
        tool = r.json()
        part = await create_part(client)
        await create_route(client, part["id"], [press["id"], lathe["id"]])
        order = await create_order(client, part["id"], quantity=1, line_id=here["id"])
        r = await client.post(f"{API}/orders/{order['number']}/units", json={"count": 1})
        assert r.status_code == 201, r.text
        (serial,) = [u["serial"] for u in r.json()["items"]]
        start = (await wip(client))["seq"]

        t0 = datetime.now(UTC) - timedelta(minutes=10)
        on_press = mqtt_server.topic(here["code"], press["code"])
        on_saw = mqtt_server.topic(there["code"], saw["code"])
        async with (
            WipWatcher.connect(server, token) as plant,
            WipWatcher.connect(server, token, line_id=here["id"]) as line,
        ):
            await plant.until(lambda w: bool(w.snapshots), "the plant snapshot")
            await line.until(lambda w: bool(w.snapshots), "the line snapshot")

            # MQTT: the press goes down with a configured reason, the saw (elsewhere) runs.
            await publish(
                [
                    (on_press, {"state": "running", "ts": z(t0)}),
                    (
                        on_press,
                        {
                            "state": "down",
                            "reason": "spindle",
                            "reason_code": "TOOL",
                            "ts": z(t0 + timedelta(minutes=1)),
                        },
                    ),
                    (on_saw, {"state": "running", "ts": z(t0)}),
                    # Late (before the current state): history only, no message.
                    (on_press, {"state": "idle", "ts": z(t0 - timedelta(minutes=5))}),
                ],
                broker=mqtt_server.broker,
            )
            await plant.until(lambda w: len(w.machines) == 3, "three machine messages")
            await line.until(lambda w: len(w.machines) == 2, "the line's two")
            # In sequence with unit events: a move between machine messages.
            r = await client.post(f"{API}/units/{serial}/move", json={})
            assert r.status_code == 200, r.text

            # REST: the press idles without a reason, a supervisor names it (TOOL).
            await publish(
                [(on_press, {"state": "idle", "ts": z(t0 + timedelta(minutes=2))})],
                broker=mqtt_server.broker,
            )
            await line.until(lambda w: len(w.machines) == 3, "the idle press")
            idle = await current_state(client, press["id"])
            r = await client.patch(
                f"{API}/workstations/{press['id']}/states/{idle['id']}",
                json={"reason_code": "TOOL"},
            )
            assert r.status_code == 200, r.text
            # Naming the reason of an interval that is over changes nothing current.
            history = (await client.get(f"{API}/workstations/{press['id']}/states")).json()
            assert [h["state"] for h in history["items"]] == ["idle", "running", "down", "idle"]
            earlier = history["items"][2]
            assert earlier["state"] == "down" and earlier["ended_at"] is not None
            r = await client.patch(
                f"{API}/workstations/{press['id']}/states/{earlier['id']}",
                json={"reason_code": None},
            )
            assert r.status_code == 200, r.text
            # A reason code nobody configured: 422, and nothing goes out.
            r = await client.patch(
                f"{API}/workstations/{press['id']}/states/{idle['id']}",
                json={"reason_code": "NOPE"},
            )
            assert r.status_code == 422, r.text
            end = (await wip(client))["seq"]
            await plant.reach(end)
            await line.reach(end)

        press_down = {
            "workstation_id": press["id"],
            "workstation_code": press["code"],
            "line_id": here["id"],
            "state": "down",
            "previous_state": "running",
            "reason": "spindle",
            "reason_id": tool["id"],
            "reason_code": "TOOL",
            "reason_name": "Tool broken",
            "reason_category": "equipment_failure",
            "since": z(t0 + timedelta(minutes=1)),
        }
        plain = dict.fromkeys(("reason", "reason_id", "reason_code", "reason_name"), None)
        unnamed = plain | {"reason_category": None}
        press_running = press_down | unnamed | {"state": "running", "previous_state": None}
        press_running["since"] = z(t0)
        saw_running = press_running | {
            "workstation_id": saw["id"],
            "workstation_code": saw["code"],
            "line_id": there["id"],
        }
        press_idle = press_down | unnamed | {"state": "idle", "previous_state": "down"}
        press_idle["since"] = z(t0 + timedelta(minutes=2))
        press_idle_named = press_down | {
            "state": "idle",
            "previous_state": "idle",
            "reason": None,
            "since": press_idle["since"],
        }
        for message in plant.machines:
            assert set(message) == {"type", "seq", "machine"}
            assert set(message["machine"]) == MACHINE_KEYS

        # (Each machine's messages are applied in order; two machines' may interleave.)
        def of(ws: int) -> list[dict[str, Any]]:
            return [m["machine"] for m in plant.machines if m["machine"]["workstation_id"] == ws]

        assert of(press["id"]) == [press_running, press_down, press_idle, press_idle_named]
        assert of(saw["id"]) == [saw_running]
        assert of(lathe["id"]) == []
        # The line's socket: its own machines only, every one of them, the same messages.
        mine = [m for m in plant.machines if m["machine"]["line_id"] == here["id"]]
        assert line.machines == mine
        # In one sequence with the unit's move, gap-free on the plant socket.
        assert plant.seqs == list(range(start + 1, end + 1))
        moved = next(e for e in plant.events if e["event"] == "moved")
        assert moved["seq"] in line.seqs

        # Resume: `since` replays exactly what the line's socket got after that point.
        cut = line.machines[0]["seq"]
        async with WipWatcher.connect(server, token, since=cut, line_id=here["id"]) as again:
            await again.reach(end)
            assert again.snapshots == []
            assert again.machines == [m for m in line.machines if m["seq"] > cut]
            assert again.seqs == [s for s in line.seqs if s > cut]
