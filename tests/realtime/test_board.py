"""The live WIP board (`/board`) in a real headless Chromium against a real server.

The page is signed in through its own form, then units move through the API while the page
stays open: its numbers (per workstation, the totals, the event `seq`) must become exactly
what `GET /wip` reports, without a reload. Chromium is driven over the DevTools Protocol
(tests/realtime/browser.py). Without Chromium the test is skipped, unless
TAKT_REQUIRE_POSTGRES=1 (CI, whose .ci/run installs the Debian package `chromium`).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from tests.conftest import ADMIN_PASSWORD, unavailable
from tests.realtime.browser import CHROMIUM, Browser, chromium_available
from tests.realtime.conftest import Server
from tests.realtime.support import API, api_client, token_for, view, wip
from tests.support import create_line, create_order, create_part, create_route, create_workstation

# (line id, heading, [(workstation id, code, name), ...]) per line section, top to bottom
Layout = list[tuple[int, str, list[tuple[int, str, str]]]]

# Each wait returns as soon as the page shows what is expected; this only bounds a failure.
PAGE_TIMEOUT = 15.0

# Everything the board shows, read from its DOM (ids and data- attributes of board.html/.js).
# What a person sees: an element is shown when it takes up room on the page and is not made
# invisible by style (the `hidden` attribute alone proves nothing: a stylesheet can beat it).
SHOWN = """(el) => {
  if (!el) return false;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return style.display !== "none" && style.visibility !== "hidden" && style.opacity !== "0"
    && box.width > 0 && box.height > 0;
}"""
READ_BOARD = f"""(() => {{
  const shown = {SHOWN};
  const text = (id) => document.getElementById(id).textContent;
  return {{
    status: document.getElementById("status").dataset.state,
    login: !document.getElementById("login").hidden,
    login_shown: shown(document.getElementById("login")),
    board_shown: shown(document.getElementById("board")),
    totals_shown: ["not_started", "in_progress", "completed", "scrapped"].every(
      (k) => shown(document.getElementById("total-" + k))),
    seq: text("seq"),
    totals: ["not_started", "in_progress", "completed", "scrapped"].map((k) => text("total-" + k)),
    lines: [...document.querySelectorAll("#lines > section.line")].map((section) => ({{
      id: section.dataset.lineId,
      title: section.querySelector("h2").textContent,
      stations: [...section.querySelectorAll(".station")].map((tile) => ({{
        id: tile.dataset.workstationId,
        code: tile.querySelector(".code").textContent,
        name: tile.querySelector(".name").textContent,
        count: tile.querySelector(".count").textContent,
        count_shown: shown(tile.querySelector(".count")),
      }})),
    }})),
  }};
}})()"""


@pytest.fixture(scope="module", autouse=True)
def chromium() -> str:
    """Checked before any server starts: no Chromium, no board test (a failure under CI)."""
    if not chromium_available():
        unavailable(
            f"no Chromium at {CHROMIUM!r} (Debian package `chromium`) for the board test",
            ".ci/run installs it",
        )
    return CHROMIUM


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    async with Browser() as started:
        yield started


def _number(text: str) -> int | str:
    return int(text) if text.isdigit() else text  # anything else fails the comparison, shown


def counts(page: dict[str, Any]) -> dict[str, Any]:
    """The page's numbers, comparable with `view(GET /wip)`."""
    return {
        "seq": _number(page["seq"]),
        "workstations": {
            int(tile["id"]): _number(tile["count"])
            for line in page["lines"]
            for tile in line["stations"]
        },
        "totals": tuple(_number(t) for t in page["totals"]),
    }


async def read_board(browser: Browser) -> dict[str, Any]:
    page: dict[str, Any] = await browser.evaluate(READ_BOARD)
    return page


async def board_shows(
    browser: Browser, client: httpx.AsyncClient, what: str, lines: Layout | None = None
) -> dict[str, Any]:
    """Wait until the live page shows exactly the numbers of `GET /wip` (read now, after the
    caller's commands), and these `lines` if given; return what it shows."""
    expected = view(await wip(client))
    deadline = time.monotonic() + PAGE_TIMEOUT
    while True:
        page = await read_board(browser)
        shown = page["status"] == "live" and counts(page) == expected
        if shown and (lines is None or layout(page) == lines):
            return page
        if time.monotonic() > deadline:
            raise AssertionError(
                f"{what}: after {PAGE_TIMEOUT:g} s the board shows\n"
                f"{json.dumps(page, indent=1, ensure_ascii=False)}\nbut GET /wip says {expected}"
                + (f"\nand the lines should be {lines}" if lines is not None else "")
                + f"\npage errors: {browser.errors}"
            )
        await asyncio.sleep(0.05)


async def sign_in(browser: Browser, server: Server) -> None:
    """Open the board and sign in through its form, as a person would."""
    await browser.navigate(server.base_url + "/board")
    await browser.until(
        f"({SHOWN})(document.getElementById('login'))", "the sign-in form on screen"
    )
    await browser.evaluate(
        f"""(() => {{
          const form = document.getElementById("login");
          form.elements.username.value = "admin";
          form.elements.password.value = {json.dumps(ADMIN_PASSWORD)};
          form.requestSubmit();
        }})()"""
    )


async def move(client: httpx.AsyncClient, serial: str, command: str = "move", **body: Any) -> None:
    r = await client.post(f"{API}/units/{serial}/{command}", json=body)
    assert r.status_code == 200, r.text


async def units(client: httpx.AsyncClient, part_id: int, count: int) -> list[str]:
    order = await create_order(client, part_id, quantity=count)
    r = await client.post(f"{API}/orders/{order['number']}/units", json={"count": count})
    assert r.status_code == 201, r.text
    return [u["serial"] for u in r.json()["items"]]


async def line_with(client: httpx.AsyncClient, name: str, stations: int) -> dict[str, Any]:
    """A line of `stations` workstations and a part routed through them in order."""
    line = await create_line(client, name=name)
    workstations = [
        await create_workstation(client, line["id"], name=f"{name} {i}")
        for i in range(1, stations + 1)
    ]
    part = await create_part(client)
    await create_route(client, part["id"], [w["id"] for w in workstations])
    return {"line": line, "workstations": workstations, "part": part}


def title(line: dict[str, Any]) -> str:
    return f"{line['code']} · {line['name']}"


def layout(page: dict[str, Any]) -> Layout:
    """Which workstation tiles the page groups under which line heading."""
    return [
        (
            int(line["id"]),
            line["title"],
            [(int(s["id"]), s["code"], s["name"]) for s in line["stations"]],
        )
        for line in page["lines"]
    ]


def expected_layout(*floors: dict[str, Any]) -> Layout:
    return [
        (
            f["line"]["id"],
            title(f["line"]),
            [(w["id"], w["code"], w["name"]) for w in f["workstations"]],
        )
        for f in floors
    ]


async def test_board_follows_units_moved_through_the_api(server: Server, browser: Browser) -> None:
    token = await token_for(server)
    async with api_client(server, token) as client:
        assembly = await line_with(client, "Assembly", 2)
        a, b = (w["id"] for w in assembly["workstations"])
        packing = await line_with(client, "Packing", 1)
        (c,) = (w["id"] for w in packing["workstations"])
        batch = await units(client, assembly["part"]["id"], 4)
        (boxed,) = await units(client, packing["part"]["id"], 1)

        await sign_in(browser, server)
        page = await board_shows(browser, client, "the initial snapshot")
        assert not page["login"]
        # What a person sees: the form is gone from the screen, the board and its numbers
        # are on it.
        assert not page["login_shown"], "the sign-in form is still on screen after signing in"
        assert page["board_shown"] and page["totals_shown"]
        assert all(s["count_shown"] for line in page["lines"] for s in line["stations"])
        assert counts(page)["workstations"] == {a: 0, b: 0, c: 0}
        assert counts(page)["totals"] == (5, 0, 0, 0)
        # Grouped by line, each under its "CODE · name" heading, in route order.
        assert layout(page) == expected_layout(assembly, packing)
        assert page["lines"][0]["title"] == title(assembly["line"])
        # A reload would lose this; the page must change without one.
        await browser.evaluate("window.boardUnderTest = true")

        for serial in batch[:3]:
            await move(client, serial)
        page = await board_shows(browser, client, "three units into the first workstation")
        assert counts(page)["workstations"] == {a: 3, b: 0, c: 0}

        await move(client, batch[0])
        await move(client, batch[1])
        await move(client, boxed)
        page = await board_shows(browser, client, "two units moved on, one on the other line")
        assert counts(page)["workstations"] == {a: 1, b: 2, c: 1}
        assert counts(page)["totals"] == (1, 4, 0, 0)

        await move(client, batch[0])  # off the last step: completed
        await move(client, batch[2], "scrap", reason="cracked")
        page = await board_shows(browser, client, "one unit completed, one scrapped")
        assert counts(page)["workstations"] == {a: 0, b: 1, c: 1}
        assert counts(page)["totals"] == (1, 2, 1, 1)

        # A line set up while the board is open: its first unit brings it onto the page.
        welding = await line_with(client, "Welding", 1)
        (d,) = (w["id"] for w in welding["workstations"])
        (welded,) = await units(client, welding["part"]["id"], 1)
        await move(client, welded)
        lines = expected_layout(assembly, packing, welding)
        page = await board_shows(browser, client, "a line created after page load", lines)
        assert counts(page)["workstations"] == {a: 0, b: 1, c: 1, d: 1}
        assert page["lines"][2]["title"] == title(welding["line"])  # not "Line <id>"

        assert await browser.evaluate("window.boardUnderTest === true"), "the page reloaded"
        assert browser.errors == []


# What the board shows about batches, as text on screen: a workstation's count, and the
# "Batches" feed (only when it is on screen).
READ_BATCHES = f"""((stationId) => {{
  const shown = {SHOWN};
  const tile = document.querySelector(`.station[data-workstation-id="${{stationId}}"]`);
  const count = tile && tile.querySelector(".count");
  const feed = document.getElementById("batches");
  return {{
    count: shown(count) ? count.innerText : null,
    feed: shown(feed) ? [...feed.querySelectorAll("li")].map((li) => li.innerText) : null,
  }};
}})"""


async def batch_command(client: httpx.AsyncClient, path: str, **body: Any) -> dict[str, Any]:
    r = await client.post(f"{API}{path}", json=body or None)
    assert r.status_code in (200, 201), r.text
    return r.json()  # type: ignore[no-any-return]


async def test_board_shows_a_batch_at_its_workstation(server: Server, browser: Browser) -> None:
    token = await token_for(server)
    async with api_client(server, token) as client:
        floor = await line_with(client, "Curing", 2)
        press, oven = floor["workstations"]
        order = await create_order(client, floor["part"]["id"], quantity=40, tracking="batch")
        batch = await batch_command(client, f"/orders/{order['number']}/batches", quantity=40)
        await sign_in(browser, server)
        await board_shows(browser, client, "the snapshot")
        read = f"{READ_BATCHES}({press['id']})"
        assert (await browser.evaluate(read))["feed"] is None  # no batch event yet: no feed

        await batch_command(client, f"/batches/{batch['id']}/steps/1/start")
        await board_shows(browser, client, "the batch started at the press")
        seen = await browser.until(
            f"(() => {{ const b = {read}; return b.count === '40' && b.feed && b; }})()",
            "the press showing the batch's 40, and the feed",
        )
        assert seen["feed"] == [
            f"Batch {batch['id']} · {order['number']} · step 1 at {press['code']}: started, 40 in"
        ]

        await batch_command(client, f"/batches/{batch['id']}/steps/1/complete", good=37, scrap=3)
        await batch_command(client, f"/batches/{batch['id']}/steps/2/start")
        page = await board_shows(browser, client, "the batch moved on to the oven")
        assert counts(page)["workstations"][press["id"]] == 0
        assert counts(page)["workstations"][oven["id"]] == 37
        seen = await browser.until(
            f"(() => {{ const b = {READ_BATCHES}({oven['id']}); "
            "return b.count === '37' && b.feed && b.feed.length === 3 && b; })()",
            "the oven showing 37, and three lines in the feed",
        )
        head = f"Batch {batch['id']} · {order['number']}"
        assert seen["feed"] == [
            f"{head} · step 2 at {oven['code']}: started, 37 in",
            f"{head} · step 1 at {press['code']}: done, 37 good, 3 scrap",
            f"{head} · step 1 at {press['code']}: started, 40 in",
        ]
        await batch_command(client, f"/batches/{batch['id']}/steps/2/complete", good=37)
        page = await board_shows(browser, client, "the batch completed")
        assert counts(page)["workstations"][oven["id"]] == 0
        first = await browser.until(
            f"(() => {{ const b = {READ_BATCHES}({oven['id']}); "
            "return b.feed && b.feed.length === 4 && b.feed[0]; })()",
            "the completion in the feed",
        )
        assert first == f"{head} · step 2 at {oven['code']}: done, 37 good · batch completed"
        assert browser.errors == []
