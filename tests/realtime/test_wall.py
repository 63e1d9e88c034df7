"""The board as a plant's wall display (`/board`, `/board?line=CODE`) in headless Chromium.

One server per database kind and one Chromium for the module. A small plant is set up once
(two lines, a running order with one unit done, machine states, a shift on one line, a
non-blocking issue); the tests then look at the page the way a person does: what is on screen
(computed style and box, `elementFromPoint`), the numbers and texts shown, the colours in a
screenshot.

The screenshot check is not a golden image (fonts differ between machines): the page is laid
out at a fixed 1280 x 900 viewport, the boxes of the main regions are read from the DOM and
checked for their arrangement (header on top across the page, KPIs under it, the floor column
left of the side column, the andon panel at the top of the floor, nothing overlapping), and
the screenshot's pixels are sampled inside those boxes, away from text, for the colours a
person reads from across the hall (the dark header, the red blocking issue, the red `down`
and green `running` machine chips, the green progress bar).
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
import pytest_asyncio
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import create_async_engine

from app.models.telemetry import MachineState
from tests.conftest import unavailable
from tests.realtime.browser import CHROMIUM, Browser, Screenshot, chromium_available
from tests.realtime.conftest import Server
from tests.realtime.support import API, api_client, token_for
from tests.realtime.test_board import SHOWN, line_with, sign_in
from tests.support import create_defect_code, create_order

pytestmark = pytest.mark.asyncio(loop_scope="module")

WIDTH, HEIGHT = 1280, 900
DASH = "\u2013"  # an en dash: what the board shows for "not known"
KPIS = (
    "orders_total",
    "orders_in_progress",
    "orders_pending",
    "orders_blocked",
    "done_today",
    "open_issues",
    "blocking_issues",
    "active_lines",
)
# The colours of board.css (--ink, --down, --running).
INK, DOWN, RUNNING = (0x1D, 0x23, 0x30), (0xC5, 0x30, 0x30), (0x1F, 0x9D, 0x55)

# What the wall shows, read as a person would: only what is on screen, as its text.
READ_WALL = f"""(() => {{
  const shown = {SHOWN};
  const text = (el) => (shown(el) ? el.innerText.trim() : null);
  const $ = (id) => document.getElementById(id);
  const box = (el) => {{ const r = el.getBoundingClientRect();
    return {{ left: r.left, top: r.top, right: r.right, bottom: r.bottom }}; }};
  return {{
    status: $("status").dataset.state,
    login_shown: shown($("login")),
    title: $("line-title").innerText,
    kpis: Object.fromEntries({list(KPIS)!r}.map((k) => [k, text($("kpi-" + k))])),
    issues: [...document.querySelectorAll("#issues > li")].filter(shown).map((li) => ({{
      id: Number(li.dataset.issueId), text: li.innerText.replace(/\\s+/g, " ").trim(),
      background: getComputedStyle(li).backgroundColor, box: box(li) }})),
    stations: Object.fromEntries([...document.querySelectorAll(".station")].map((tile) => [
      tile.dataset.workstationId,
      {{ state: text(tile.querySelector(".state")),
         colour: getComputedStyle(tile.querySelector(".state")).backgroundColor }}])),
    orders: Object.fromEntries([...document.querySelectorAll("#orders > li")].filter(shown).map(
      (li) => [li.dataset.order, {{ text: li.innerText.replace(/\\s+/g, " ").trim(),
        fill: li.querySelector(".fill").getBoundingClientRect().width
          / li.querySelector(".bar").getBoundingClientRect().width }}])),
    oee: {{ shift: text($("oee-shift")), value: text($("oee-value")) }},
    alerts: [...document.querySelectorAll("#alerts > li")].filter(shown).map((li) => li.innerText),
    regions: Object.fromEntries([["header", document.querySelector("header")],
      ["kpis", $("kpis")], ["andon", $("andon")], ["floor", document.querySelector(".floor")],
      ["side", document.querySelector(".side")], ["oee", $("oee")],
      ["orders", $("progress")]].map(([k, el]) => [k, box(el)])),
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


async def post(client: httpx.AsyncClient, path: str, body: dict[str, Any] | None = None) -> Any:
    r = await client.post(f"{API}{path}", json=body)
    assert r.status_code in (200, 201), r.text
    return r.json()


async def set_state(server: Server, workstation_id: int, state: str, reason: str | None) -> None:
    """A machine's current state, as the MQTT ingest records it (no broker in this test)."""
    engine = create_async_engine(server.database_url)
    try:
        async with engine.begin() as conn:
            await conn.execute(
                insert(MachineState).values(
                    workstation_id=workstation_id,
                    state=state,
                    reason=reason,
                    started_at=datetime.now(UTC) - timedelta(minutes=5),
                    actor="mqtt:test/state",
                )
            )
    finally:
        await engine.dispose()


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def plant(server: Server) -> dict[str, Any]:
    """Two lines; on the first a running order of 4 with one unit completed, its machines
    down ("Tool broken") and running, a 24-hour shift; on the second a non-blocking issue."""
    async with api_client(server, await token_for(server)) as client:
        assembly = await line_with(client, "Assembly", 2)
        packing = await line_with(client, "Packing", 1)
        line_id = assembly["line"]["id"]
        order = await create_order(client, assembly["part"]["id"], quantity=4, line_id=line_id)
        serials = await units_of(client, order["number"], 4)
        if (await client.get(f"{API}/orders/{order['number']}")).json()["status"] != "running":
            await post(client, f"/orders/{order['number']}/start")
        for _ in range(3):  # in, to the second step, off the last: completed
            await post(client, f"/units/{serials[0]}/move", {})
        first, second = assembly["workstations"]
        await set_state(server, first["id"], "down", "Tool broken")
        await set_state(server, second["id"], "running", None)
        days = [1, 2, 3, 4, 5, 6, 7]
        shift = {"name": "Round the clock", "start": "00:00", "end": "00:00", "days": days}
        await post(client, "/shifts", shift | {"line_id": line_id})
        await post(
            client,
            "/issue-types",
            {"code": "STOP", "name": "Stop", "blocking": True, "severity": "high"},
        )
        await post(
            client,
            "/issue-types",
            {"code": "INFO", "name": "Note", "blocking": False, "severity": "low"},
        )
        info = await post(
            client,
            "/issues",
            {"type": "INFO", "title": "Label printer low", "line_id": packing["line"]["id"]},
        )
    return {"assembly": assembly, "packing": packing, "order": order, "info": info}


async def units_of(client: httpx.AsyncClient, number: str, count: int) -> list[str]:
    r = await client.post(f"{API}/orders/{number}/units", json={"count": count})
    assert r.status_code == 201, r.text
    return [u["serial"] for u in r.json()["items"]]


async def read_wall(browser: Browser) -> dict[str, Any]:
    page: dict[str, Any] = await browser.evaluate(READ_WALL)
    return page


async def wall_until(
    browser: Browser, holds: Any, what: str, within: float = 15.0
) -> dict[str, Any]:
    deadline = time.monotonic() + within
    while True:
        page = await read_wall(browser)
        if page["status"] == "live" and holds(page):
            return page
        if time.monotonic() > deadline:
            raise AssertionError(f"after {within:g} s, not {what}: {page}\n{browser.errors}")
        await asyncio.sleep(0.05)


async def overview(client: httpx.AsyncClient, line_id: int | None = None) -> dict[str, Any] | None:
    """The KPIs the board should show: the overview's numbers, or None (404: dashes)."""
    params = {} if line_id is None else {"line_id": line_id}
    r = await client.get(f"{API}/reports/overview", params=params)
    if r.status_code == 404:
        return None
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


def kpis_shown(expected: dict[str, Any] | None) -> dict[str, str]:
    return {k: DASH if expected is None else str(expected[k]) for k in KPIS}


def near(colour: tuple[int, int, int], expected: tuple[int, int, int], slack: int = 4) -> bool:
    return all(abs(a - b) <= slack for a, b in zip(colour, expected, strict=True))


def rgb(css: str) -> tuple[int, int, int]:
    r, g, b = (int(x) for x in css[css.index("(") + 1 : css.index(")")].split(",")[:3])
    return r, g, b


async def test_the_wall_shows_the_plant(
    server: Server, browser: Browser, plant: dict[str, Any]
) -> None:
    assembly, order = plant["assembly"], plant["order"]
    first, second = (w["id"] for w in assembly["workstations"])
    (packer,) = (w["id"] for w in plant["packing"]["workstations"])
    async with api_client(server) as client:
        await sign_in(browser, server)
        page = await wall_until(browser, lambda p: bool(p["issues"]), "signed in, the issue shown")
        # The form left the screen: nothing of it is drawn, and the middle of the page is
        # the board.
        assert not page["login_shown"], "the sign-in form is still on screen after signing in"
        hit = await browser.evaluate(
            f"document.elementFromPoint({WIDTH // 2}, 300).closest('#login, #board')?.id"
        )
        assert hit == "board"
        assert [i["id"] for i in page["issues"]] == [plant["info"]["id"]]
        assert not near(rgb(page["issues"][0]["background"]), DOWN)

        # Each machine's state in colour with its reason; no machine data is said so.
        page = await wall_until(
            browser,
            lambda p: p["stations"][str(second)]["state"] == "running",
            "machine states",
        )
        assert page["stations"][str(first)]["state"] == "down · Tool broken"
        assert near(rgb(page["stations"][str(first)]["colour"]), DOWN)
        assert page["stations"][str(second)]["state"] == "running"
        assert near(rgb(page["stations"][str(second)]["colour"]), RUNNING)
        assert page["stations"][str(packer)]["state"] == "no machine data"

        # Order progress: 1 of 4 completed, as text and as a quarter of the bar.
        page = await wall_until(browser, lambda p: order["number"] in p["orders"], "the order")
        shown = page["orders"][order["number"]]
        assert shown["text"] == f"{order['number']} 1 / 4"
        assert shown["fill"] == pytest.approx(0.25, abs=0.01)
        # The plant board shows every-line shifts only: there is none.
        assert page["oee"] == {"shift": "No shift now", "value": DASH}

        # A blocking issue appears within seconds, on top, in red; the order shows blocked.
        opened = time.monotonic()
        blocker = await post(
            client,
            "/issues",
            {
                "type": "STOP",
                "title": "Press jammed",
                "workstation_id": first,
                "order": order["number"],
            },
        )
        page = await wall_until(
            browser, lambda p: len(p["issues"]) == 2, "the blocking issue", within=5.0
        )
        assert time.monotonic() - opened < 5.0
        top = page["issues"][0]
        assert top["id"] == blocker["id"]
        assert near(rgb(top["background"]), DOWN)
        code = assembly["workstations"][0]["code"]
        assert top["text"] == f"STOP Press jammed {code} · {order['number']} · blocking · open"
        page = await wall_until(
            browser,
            lambda p: "blocked" in p["orders"].get(order["number"], {}).get("text", ""),
            "the order blocked",
        )
        # The KPIs: the overview's numbers, or a dash while the server has no overview.
        expected = kpis_shown(await overview(client))
        page = await wall_until(browser, lambda p: p["kpis"] == expected, f"KPIs {expected}")

        await look_at_the_screen(browser, page, blocker["id"], first, second)
        assert browser.errors == []


async def look_at_the_screen(
    browser: Browser, page: dict[str, Any], blocker: int, down: int, running: int
) -> None:
    """The screenshot, region by region (see the module's docstring)."""
    # TAKT_TEST_SCREENSHOT=/tmp/wall.png keeps the PNG, to look at.
    shot: Screenshot = await browser.screenshot(os.environ.get("TAKT_TEST_SCREENSHOT"))
    assert (shot.width, shot.height) == (WIDTH, HEIGHT)
    r = page["regions"]
    header, kpis, floor, side, andon = r["header"], r["kpis"], r["floor"], r["side"], r["andon"]
    assert header["top"] == 0 and header["left"] == 0 and header["right"] == WIDTH
    assert header["bottom"] <= kpis["top"] and kpis["right"] - kpis["left"] > WIDTH * 0.9
    assert kpis["bottom"] <= floor["top"] and kpis["bottom"] <= side["top"]
    assert floor["right"] <= side["left"], "the side column is beside the floor, not under it"
    assert floor["right"] - floor["left"] > side["right"] - side["left"]
    assert andon["top"] == floor["top"], "the andon panel heads the floor column"
    assert r["oee"]["bottom"] <= r["orders"]["top"]
    assert andon["bottom"] < HEIGHT, "the andon panel is on screen without scrolling"

    assert near(shot.pixel(4, 4), INK), "the header bar"
    (issue,) = [i for i in page["issues"] if i["id"] == blocker]
    box = issue["box"]
    assert near(shot.pixel(box["left"] + 9, box["top"] + 3), DOWN), "the blocking issue, red"
    assert near(shot.pixel(box["right"] - 4, box["bottom"] - 3), DOWN)
    for station, colour in ((down, DOWN), (running, RUNNING)):
        tile = f'.station[data-workstation-id="{station}"] .state'
        chip = await browser.evaluate(
            f"(() => {{ const r = document.querySelector('{tile}').getBoundingClientRect();"
            " return [r.left, r.top, r.bottom]; })()"
        )
        assert near(shot.pixel(chip[0] + 3, (chip[1] + chip[2]) / 2), colour), station
    fill = await browser.evaluate(
        "(() => { const r = document.querySelector('#orders .fill').getBoundingClientRect();"
        " return [r.left, r.top, r.right, r.bottom]; })()"
    )
    assert near(shot.pixel(fill[0] + 3, (fill[1] + fill[3]) / 2), DOWN), "a blocked order's bar"


async def test_one_line(server: Server, browser: Browser, plant: dict[str, Any]) -> None:
    """`/board?line=CODE`: that line's workstations, issues, orders, shift; nothing else."""
    assembly, order = plant["assembly"], plant["order"]
    line = assembly["line"]
    await browser.navigate(f"{server.base_url}/board?line={line['code']}")  # still signed in
    page = await wall_until(
        browser, lambda p: bool(p["issues"]) and bool(p["stations"]), "the line's board"
    )
    assert page["title"] == f"{line['code']} · {line['name']}"
    assert sorted(map(int, page["stations"])) == sorted(w["id"] for w in assembly["workstations"])
    assert all(i["id"] != plant["info"]["id"] for i in page["issues"]), "another line's issue"
    page = await wall_until(
        browser, lambda p: p["oee"]["shift"] not in (None, DASH), "the line's shift"
    )
    assert page["oee"]["shift"].startswith("Round the clock · ")
    async with api_client(server) as client:
        oee = await client.get(f"{API}/analytics/oee", params={"line_id": line["id"]})
        if oee.status_code == 404:
            assert page["oee"]["value"] == DASH
        expected = kpis_shown(await overview(client, line["id"]))
    page = await wall_until(browser, lambda p: p["kpis"] == expected, f"the line's KPIs {expected}")
    assert list(page["orders"]) == [order["number"]]

    # Live, filtered: an issue and an alert on this line appear, an issue elsewhere does not.
    first, second = (w["id"] for w in assembly["workstations"])
    async with api_client(server) as client:
        elsewhere = await post(
            client,
            "/issues",
            {"type": "INFO", "title": "Elsewhere", "line_id": plant["packing"]["line"]["id"]},
        )
        here = await post(
            client, "/issues", {"type": "INFO", "title": "Here", "workstation_id": second}
        )
        burr = await create_defect_code(client)
        rule = {"name": "Burrs", "kind": "defect_repeat", "defect_code": burr["code"]}
        scope = {"workstation_id": first, "occurrences": 1, "window_minutes": 5}
        await post(client, "/alert-rules", rule | scope)
        event = {"notes": "burr", "defect_code": burr["code"], "workstation_id": first}
        await post(client, "/quality-events", event)
    page = await wall_until(
        browser,
        lambda p: here["id"] in [i["id"] for i in p["issues"]] and bool(p["alerts"]),
        "the line's new issue and alert",
        within=5.0,
    )
    assert elsewhere["id"] not in [i["id"] for i in page["issues"]]
    assert burr["code"] in page["alerts"][0]
    # Blocking first (the jammed press), then the rest.
    assert page["issues"][0]["text"].startswith("STOP Press jammed")

    await browser.navigate(f"{server.base_url}/board?line=NO-SUCH-LINE")
    said = await browser.until(
        f"({SHOWN})(document.getElementById('unknown-line'))"
        " && document.getElementById('unknown-line').innerText",
        "the unknown line said",
    )
    assert said == "No line with code NO-SUCH-LINE."
    assert browser.errors == []


async def test_kpis_and_oee_in_the_contracts_shape(
    server: Server, browser: Browser, plant: dict[str, Any]
) -> None:
    """The overview and OEE as API.md ("OEE and reports") gives them, whether or not this
    server has those endpoints yet: Chromium answers them with the contract's shape."""
    line = plant["assembly"]["line"]
    figures = dict(zip(KPIS, (7, 3, 2, 1, 12, 4, 1, 2), strict=True))
    row = {
        "key": "shift",
        "pbt_s": 28800.0,
        "apt_s": 25920.0,
        "down_s": 2880.0,
        "losses": [{"category": "availability", "reason": "TOOL", "seconds": 2880.0}],
        "pq": 100,
        "gq": 95,
        "availability": 0.9,
        "effectiveness": 0.75,
        "quality_ratio": 0.95,
        "oee": 0.64125,
    }
    replies = {f"{API}/reports/overview": figures, f"{API}/analytics/oee": {"rows": [row]}}
    async with browser.answering(replies) as answered:
        await browser.navigate(f"{server.base_url}/board?line={line['code']}")
        expected = {k: str(v) for k, v in figures.items()}
        page = await wall_until(
            browser, lambda p: p["kpis"] == expected and p["oee"]["value"] != DASH, "the figures"
        )
    assert any(f"line_id={line['id']}" in url for url in answered), answered
    assert page["oee"]["value"] == "64.1 %"
    ratios = await browser.evaluate(
        "['availability', 'effectiveness', 'quality'].map("
        "(k) => document.getElementById('oee-' + k).innerText)"
    )
    assert ratios == ["90.0 %", "75.0 %", "95.0 %"]
    # A blocking issue is open: the "Blocked" and "Blocking issues" figures turn red.
    colour = await browser.evaluate(
        "getComputedStyle(document.getElementById('kpi-blocking_issues').parentElement)"
        ".backgroundColor"
    )
    assert near(rgb(colour), DOWN)
    assert browser.errors == []
