"""The wall board live from the WebSocket, with real machine data (headless Chromium, a real
server consuming the real Mosquitto, SQLite and PostgreSQL).

A plant of two lines, one machine each, works an every-line shift that covers now; its
planned time is fixed (the shift began an hour ago, to the minute, and a break runs from the
current minute to its end), so the OEE of the current shift does not move while the test
runs. Machine states and cumulative counts are published over MQTT with timestamps inside
that hour; the expected availability, performance, quality and OEE are computed here from
that data (ISO 22400, docs/oee.md), and the board must show them as a person reads them
(rounded percentages) — on the plant board and on `/board?line=CODE`.

Live: a state change published over MQTT turns the workstation's tile to its colour with
its reason within a couple of seconds, from the `machine` message (the board no longer
polls machine states), and the OEE panel follows a state change without waiting for its
30-second poll.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from typing import Any

import httpx
import pytest
import pytest_asyncio

from tests.conftest import unavailable
from tests.realtime.browser import CHROMIUM, Browser, chromium_available
from tests.realtime.conftest import MqttServer
from tests.realtime.support import API, api_client, eventually, token_for
from tests.realtime.test_board import SHOWN, sign_in
from tests.realtime.test_wall import DOWN, RUNNING, near, rgb
from tests.realtime.test_wip_machines import consuming
from tests.support import create_line, create_workstation
from tests.telemetry.support import publish

pytestmark = pytest.mark.asyncio(loop_scope="module")

WIDTH, HEIGHT = 1280, 900
DASH = "\u2013"
IDLE = (0xD6, 0x9E, 0x2E)  # board.css --idle
# "Within a couple of seconds" of the MQTT publish (it takes well under one here).
LIVE_SECONDS = 3.0
# The OEE panel after a state change: debounced (2 s quiet), far sooner than its 30 s poll.
OEE_SECONDS = 8.0

READ = f"""(() => {{
  const shown = {SHOWN};
  const text = (el) => (el && shown(el) ? el.innerText.trim() : null);
  const $ = (id) => document.getElementById(id);
  return {{
    status: $("status").dataset.state,
    stations: Object.fromEntries([...document.querySelectorAll(".station")].filter(shown).map(
      (tile) => [tile.dataset.workstationId, {{ state: text(tile.querySelector(".state")),
        colour: getComputedStyle(tile.querySelector(".state")).backgroundColor }}])),
    oee: {{ shift: (text($("oee-shift")) || "").split(" · ")[0], oee: text($("oee-value")),
      availability: text($("oee-availability")), performance: text($("oee-effectiveness")),
      quality: text($("oee-quality")) }},
    state_reads: performance.getEntriesByType("resource")
      .filter((e) => /\\/workstations\\/\\d+\\/states\\?/.test(e.name)).length,
  }};
}})()"""


@pytest.fixture(scope="module", autouse=True)
def chromium() -> str:
    if not chromium_available():
        unavailable(
            f"no Chromium at {CHROMIUM!r} (Debian package `chromium`)", ".ci/run installs it"
        )
    return CHROMIUM


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def browser() -> AsyncIterator[Browser]:
    async with Browser() as started:
        await started.viewport(WIDTH, HEIGHT)
        yield started


def z(at: datetime) -> str:
    return at.astimezone(UTC).isoformat().replace("+00:00", "Z")


def hhmm(at: datetime) -> str:
    return at.strftime("%H:%M")  # TAKT_TIMEZONE is UTC (the default) on the test server


def percent(ratio: Fraction) -> str:
    """As the board writes a ratio the API gives (rounded to 6 decimals): one decimal."""
    return f"{round(float(ratio), 6) * 100:.1f} %"


def oee_shown(machines: list[dict[str, Any]], planned_s: int) -> dict[str, str]:
    """The OEE panel for these machines, by hand (docs/oee.md): a group adds up its
    machines' planned and running time, Σ(ideal cycle * produced) and the quantities first."""
    pbt = planned_s * len(machines)
    apt = sum(m["running_s"] for m in machines)
    pq = sum(m["good"] + m["reject"] for m in machines)
    gq = sum(m["good"] for m in machines)
    ideal = sum(m["ideal_cycle_s"] * (m["good"] + m["reject"]) for m in machines)
    availability = Fraction(apt, pbt)
    performance = Fraction(ideal, apt)
    quality = Fraction(gq, pq)
    return {
        "oee": percent(availability * performance * quality),
        "availability": percent(availability),
        "performance": percent(performance),
        "quality": percent(quality),
    }


async def read(browser: Browser) -> dict[str, Any]:
    page: dict[str, Any] = await browser.evaluate(READ)
    return page


async def board_until(
    browser: Browser, holds: Any, what: str, within: float = 15.0
) -> dict[str, Any]:
    deadline = time.monotonic() + within
    while True:
        page = await read(browser)
        if page["status"] == "live" and holds(page):
            return page
        if time.monotonic() > deadline:
            raise AssertionError(f"after {within:g} s, not {what}: {page}\n{browser.errors}")
        await asyncio.sleep(0.05)


async def post(client: httpx.AsyncClient, path: str, body: dict[str, Any]) -> Any:
    r = await client.post(f"{API}{path}", json=body)
    assert r.status_code == 201, r.text
    return r.json()


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def plant(mqtt_server: MqttServer) -> dict[str, Any]:
    """Lines A and B, machine `press` on A (ideal 15 s) and `saw` on B (ideal 20 s), the
    shift `Day` from an hour ago (S) with a break from this minute (B) to its end.

    press: running S..S+40 min, down (TOOL) from S+40 (current); counter 0/0 at S (the
    baseline), 100 good / 5 reject at S+30.  saw: running S..S+20, idle S+20..S+30, running
    from S+30 (current); counter 0/0 at S, 60/0 at S+25, 90/4 at S+50.
    """
    server = mqtt_server.server
    now = datetime.now(UTC)
    minute = now.replace(second=0, microsecond=0)
    start, pause, end = minute - timedelta(hours=1), minute, minute + timedelta(hours=2)

    def at(minutes: int) -> str:
        return z(start + timedelta(minutes=minutes))

    async with api_client(server, await token_for(server)) as client:
        await consuming(client)
        await post(
            client,
            "/downtime-reasons",
            {"code": "TOOL", "name": "Tool broken", "category": "equipment_failure"},
        )
        line_a, line_b = await create_line(client, name="Press"), await create_line(client)
        press = await create_workstation(client, line_a["id"], name="Press", ideal_cycle_s=15)
        saw = await create_workstation(client, line_b["id"], name="Saw", ideal_cycle_s=20)
        shift = {
            "name": "Day",
            "start": hhmm(start),
            "end": hhmm(end),
            "days": [1, 2, 3, 4, 5, 6, 7],
            "line_id": None,
            "breaks": [{"start": hhmm(pause), "end": hhmm(end)}],
        }
        await post(client, "/shifts", shift)
        topic = mqtt_server.topic
        on_press, on_saw = topic(line_a["code"], press["code"]), topic(line_b["code"], saw["code"])
        counts_press = topic(line_a["code"], press["code"], "count")
        counts_saw = topic(line_b["code"], saw["code"], "count")
        messages: list[tuple[str, Any]] = [
            (on_press, {"state": "running", "ts": at(0)}),
            (on_press, {"state": "down", "reason_code": "TOOL", "ts": at(40)}),
            (counts_press, {"good": 0, "reject": 0, "ts": at(0)}),
            (counts_press, {"good": 100, "reject": 5, "ts": at(30)}),
            (on_saw, {"state": "running", "ts": at(0)}),
            (on_saw, {"state": "idle", "ts": at(20)}),
            (on_saw, {"state": "running", "ts": at(30)}),
            (counts_saw, {"good": 0, "reject": 0, "ts": at(0)}),
            (counts_saw, {"good": 60, "reject": 0, "ts": at(25)}),
            (counts_saw, {"good": 90, "reject": 4, "ts": at(50)}),
        ]
        await publish(messages, broker=mqtt_server.broker)

        async def handled() -> bool:
            status = (await client.get(f"{API}/telemetry/status")).json()
            return int(status["applied"]) + int(status["dead_letters"]) >= len(messages)

        await eventually(handled, "the machine messages applied")
        status = (await client.get(f"{API}/telemetry/status")).json()
        assert status["dead_letters"] == 0, status
    press_data = {"running_s": 40 * 60, "good": 100, "reject": 5, "ideal_cycle_s": 15}
    saw_data = {"running_s": 20 * 60 + 30 * 60, "good": 90, "reject": 4, "ideal_cycle_s": 20}
    return {
        "lines": (line_a, line_b),
        "press": press,
        "saw": saw,
        "start": start,
        "pause": pause,
        "planned_s": int((pause - start).total_seconds()),
        "data": {"press": press_data, "saw": saw_data},
        # (Its times are in the browser's locale and zone: the name is what the test reads.)
        "shift": "Day",
    }


async def test_machine_states_and_oee_live(
    mqtt_server: MqttServer, browser: Browser, plant: dict[str, Any]
) -> None:
    server = mqtt_server.server
    press, saw = str(plant["press"]["id"]), str(plant["saw"]["id"])
    data, planned = plant["data"], plant["planned_s"]
    await sign_in(browser, server)
    expected = oee_shown([data["press"], data["saw"]], planned)
    page = await board_until(
        browser,
        lambda p: (
            p["oee"] == {"shift": plant["shift"]} | expected
            and p["stations"].get(saw, {}).get("state") == "running"
        ),
        f"the plant's OEE {expected} and the machine states",
    )
    assert page["stations"][press]["state"] == "down · TOOL"
    assert near(rgb(page["stations"][press]["colour"]), DOWN)
    assert near(rgb(page["stations"][saw]["colour"]), RUNNING)
    reads = page["state_reads"]
    assert reads == 2, "one REST read per workstation when the stream starts"

    # The press runs again (at S+50, inside the planned hour): green within seconds, from the
    # socket; the OEE panel follows (availability and performance move; OEE does not: it is
    # Σ(ideal * produced) * quality / planned time).
    changed = time.monotonic()
    await publish(
        [
            (
                mqtt_server.topic(plant["lines"][0]["code"], plant["press"]["code"]),
                {"state": "running", "ts": z(plant["start"] + timedelta(minutes=50))},
            )
        ],
        broker=mqtt_server.broker,
    )
    page = await board_until(
        browser,
        lambda p: p["stations"][press]["state"] == "running",
        "the press running",
        within=LIVE_SECONDS,
    )
    assert time.monotonic() - changed < LIVE_SECONDS
    assert near(rgb(page["stations"][press]["colour"]), RUNNING)
    data["press"]["running_s"] += 10 * 60
    expected = oee_shown([data["press"], data["saw"]], planned)
    assert expected["availability"] != page["oee"]["availability"]
    await board_until(
        browser,
        lambda p: p["oee"] == {"shift": plant["shift"]} | expected,
        f"the OEE after the change {expected}",
        within=OEE_SECONDS,
    )

    # The saw goes idle now (in the break: no OEE effect) for a named reason: amber, with it.
    changed = time.monotonic()
    await publish(
        [
            (
                mqtt_server.topic(plant["lines"][1]["code"], plant["saw"]["code"]),
                {"state": "idle", "reason_code": "TOOL", "ts": z(datetime.now(UTC))},
            )
        ],
        broker=mqtt_server.broker,
    )
    page = await board_until(
        browser,
        lambda p: p["stations"][saw]["state"] == "idle · TOOL",
        "the saw idle for TOOL",
        within=LIVE_SECONDS,
    )
    assert time.monotonic() - changed < LIVE_SECONDS
    assert near(rgb(page["stations"][saw]["colour"]), IDLE)
    # What is on the screen, sampled: the saw's chip is amber, the press's green.
    shot = await browser.screenshot()
    for station, colour in ((saw, IDLE), (press, RUNNING)):
        chip = await browser.evaluate(
            f"(() => {{ const r = document.querySelector("
            f"'.station[data-workstation-id=\"{station}\"] .state').getBoundingClientRect();"
            " return [r.left, r.top, r.bottom]; })()"
        )
        assert near(shot.pixel(chip[0] + 3, (chip[1] + chip[2]) / 2), colour), station
    assert page["oee"] == {"shift": plant["shift"]} | expected
    # Nothing was polled: the machine states came from the socket.
    assert page["state_reads"] == reads
    assert browser.errors == []


async def test_one_line_oee(
    mqtt_server: MqttServer, browser: Browser, plant: dict[str, Any]
) -> None:
    """`/board?line=CODE`: that line's machine and OEE only (the press's figures)."""
    server = mqtt_server.server
    line = plant["lines"][0]
    press = plant["data"]["press"] | {"running_s": 50 * 60}  # as the first test left it
    await browser.navigate(f"{server.base_url}/board?line={line['code']}")  # still signed in
    expected = oee_shown([press], plant["planned_s"])
    press_id = str(plant["press"]["id"])
    # The tile shows "no machine data" until the one REST read of the states answers; the OEE
    # panel is read separately and may be there first: wait for both, as a person would.
    page = await board_until(
        browser,
        lambda p: (
            p["oee"] == {"shift": plant["shift"]} | expected
            and p["stations"].get(press_id, {}).get("state") == "running"
        ),
        f"line {line['code']}'s OEE {expected} and the press running",
    )
    assert list(page["stations"]) == [press_id]
    # The other line's machine changes: nothing of it reaches this board.
    async with api_client(server) as client:
        before = int((await client.get(f"{API}/wip")).json()["seq"])
        await publish(
            [
                (
                    mqtt_server.topic(plant["lines"][1]["code"], plant["saw"]["code"]),
                    {"state": "down", "ts": z(datetime.now(UTC))},
                ),
                (
                    mqtt_server.topic(line["code"], plant["press"]["code"]),
                    {"state": "setup", "ts": z(datetime.now(UTC))},
                ),
            ],
            broker=mqtt_server.broker,
        )

        async def both() -> bool:
            seq: int = (await client.get(f"{API}/wip")).json()["seq"]
            return seq >= before + 2

        await eventually(both, "both state changes numbered")
    page = await board_until(
        browser,
        lambda p: p["stations"][press_id]["state"] == "setup",
        "the press in setup",
        within=LIVE_SECONDS,
    )
    assert list(page["stations"]) == [press_id]
    assert page["oee"] == {"shift": plant["shift"]} | expected  # (in the break: unchanged)

    # The socket drops; meanwhile the press idles. The board reconnects (with `since`), reads
    # the machine states once more (the resync), and shows the change.
    reads = page["state_reads"]
    await browser.evaluate("socket.close()")
    await browser.until("document.getElementById('status').dataset.state !== 'live'", "offline")
    await publish(
        [
            (
                mqtt_server.topic(line["code"], plant["press"]["code"]),
                {"state": "idle", "ts": z(datetime.now(UTC))},
            )
        ],
        broker=mqtt_server.broker,
    )
    page = await board_until(
        browser,
        lambda p: p["stations"][press_id]["state"] == "idle" and p["state_reads"] == reads + 1,
        "the press idle, after the reconnect's resync",
    )
    assert near(rgb(page["stations"][press_id]["colour"]), IDLE)
    assert browser.errors == []
