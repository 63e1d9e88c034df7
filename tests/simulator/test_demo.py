"""`takt demo` on an empty SQLite file, as a newcomer runs it: a real process configures the
demo plant, back-fills, serves, and runs the plant live; the board in a real browser
(headless Chromium) moves within seconds, as a person sees it. Ctrl-C stops it cleanly, and
a second `takt demo` on the same (now full) database refuses with a clear message."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.realtime.browser import Browser
from tests.realtime.conftest import ROOT, SECRET, free_port
from tests.realtime.test_board import READ_BOARD, SHOWN, chromium  # noqa: F401 (fixture)

SPEED = "60"  # a smart meter's step takes 3-4 s of wall time
MOVES_WITHIN = 20.0  # seconds in which the board must show the plant moving


@dataclass
class Demo:
    base_url: str
    process: subprocess.Popen[bytes]
    log_path: Path
    database: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


def _environment(database: Path) -> dict[str, str]:
    settings = {
        "TAKT_ENV": "test",
        "TAKT_DATABASE_URL": f"sqlite+aiosqlite:///{database}",
        "TAKT_SECRET_KEY": SECRET,
        "TAKT_ARGON2_TIME_COST": "1",
        "TAKT_ARGON2_MEMORY_KIB": "8",
        "TAKT_LOG_LEVEL": "WARNING",
    }
    return {k: v for k, v in os.environ.items() if not k.startswith("TAKT_")} | settings


def _start(database: Path, log_path: Path, *extra: str) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [
                *(sys.executable, "-m", "app.cli", "demo", "--port", str(port)),
                *("--speed", SPEED, *extra),
            ],
            cwd=ROOT,
            env=_environment(database),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    return process, port


def _stop(process: subprocess.Popen[bytes]) -> int:
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            return -9
    return process.returncode


@pytest.fixture
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    tmp = tmp_path_factory.mktemp("demo")
    database = tmp / "demo.sqlite"
    log_path = tmp / "demo.log"
    process, port = _start(database, log_path, "--days", "0.25")
    running = Demo(f"http://127.0.0.1:{port}", process, log_path, database)
    deadline = time.monotonic() + 120
    try:
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"takt demo exited ({process.returncode}):\n{running.log()}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(running.base_url + "/health", timeout=2).status_code == 200:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError(f"takt demo did not serve:\n{running.log()[-5000:]}")
            time.sleep(0.2)
        yield running
    finally:
        _stop(process)


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    async with Browser() as started:
        yield started


def _totals(page: dict[str, Any]) -> tuple[str, ...]:
    return tuple(page["totals"])


async def test_the_board_moves_then_ctrl_c_stops(demo: Demo, browser: Browser) -> None:
    banner = demo.log()
    assert f"{demo.base_url}/board" in banner
    for login in ("admin", "supervisor", "operator"):
        assert login in banner

    await browser.navigate(demo.base_url + "/board")
    await browser.until(f"({SHOWN})(document.getElementById('login'))", "the sign-in form")
    await browser.evaluate(
        """(() => {
          const form = document.getElementById("login");
          form.elements.username.value = "admin";
          form.elements.password.value = "demo-admin-2026";
          form.requestSubmit();
        })()"""
    )
    await browser.until(
        "document.getElementById('status').dataset.state === 'live'", "the board live"
    )
    first = await browser.evaluate(READ_BOARD)
    titles = " ".join(line["title"] for line in first["lines"])
    assert "Smart meter assembly" in titles and "Sensor cap moulding" in titles
    codes = {tile["code"] for line in first["lines"] for tile in line["stations"]}
    assert {"L1-KIT", "L1-ASM", "L1-CAL", "L1-EOL"} <= codes
    assert int(first["totals"][2]) > 0  # the back-fill completed units

    deadline = time.monotonic() + MOVES_WITHIN
    seen = [first]
    while True:
        page = await browser.evaluate(READ_BOARD)
        seen.append(page)
        if _totals(page) != _totals(first) and page["seq"] != first["seq"]:
            break
        if time.monotonic() > deadline:
            raise AssertionError(
                f"the board did not move in {MOVES_WITHIN:g} s: first "
                f"{json.dumps(first)}\nlast {json.dumps(page)}\n{demo.log()[-3000:]}"
            )
        await asyncio.sleep(0.25)
    assert int(page["totals"][2]) >= int(first["totals"][2])
    assert browser.errors == []

    # Ctrl-C stops it cleanly; the database, now full, is refused by a second demo.
    assert _stop(demo.process) == 0
    assert "Traceback" not in demo.log()
    again_log = demo.log_path.with_name("again.log")
    again, _ = _start(demo.database, again_log)
    assert again.wait(timeout=60) == 2
    said = again_log.read_text()
    assert "not empty" in said and "TAKT_DATABASE_URL" in said
