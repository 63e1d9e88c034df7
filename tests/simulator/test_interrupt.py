"""Ctrl-C in the middle of a back-fill (`takt simulate` in a process of its own): the process
stops between two commands and exits 0, and the database is consistent (each command was
one transaction) — SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from app.config import Settings
from app.db.session import Database
from tests.realtime.conftest import ROOT, Databases

CHECKS = {
    "every unit has its `created` row": "SELECT count(*) FROM units u WHERE NOT EXISTS"
    " (SELECT 1 FROM unit_events e WHERE e.unit_id = u.id AND e.type = 'created')",
    "a completed unit has its `completed` row": "SELECT count(*) FROM units u"
    " WHERE u.status = 'completed' AND NOT EXISTS (SELECT 1 FROM unit_events e"
    " WHERE e.unit_id = u.id AND e.type = 'completed')",
    "orders count their units": "SELECT count(*) FROM orders o WHERE o.tracking = 'serial'"
    " AND o.started <> (SELECT count(*) FROM units u WHERE u.order_id = o.id)",
    "orders count their completed units": "SELECT count(*) FROM orders o"
    " WHERE o.tracking = 'serial' AND o.completed <> (SELECT count(*) FROM units u"
    " WHERE u.order_id = o.id AND u.status = 'completed')",
    "lots give what was consumed": "SELECT count(*) FROM lots l WHERE abs(l.quantity"
    " - l.remaining - (SELECT coalesce(sum(c.quantity), 0) FROM consumptions c"
    " WHERE c.lot_id = l.id)) > 0.0001",
    "each unit event is in the stream": "SELECT abs((SELECT count(*) FROM unit_events"
    " WHERE type = 'moved') - (SELECT count(*) FROM outbox_events WHERE type = 'moved'))",
}


@pytest.fixture
def databases(tmp_path: Path) -> Iterator[Databases]:
    found = Databases(tmp_path)
    try:
        yield found
    finally:
        found.drop_all()


def _interrupted(url: str, log_path: Path) -> str:
    """Run `takt simulate` for 30 days, Ctrl-C it once well under way; its output."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TAKT_")} | {
        "TAKT_DATABASE_URL": url,
        "TAKT_ARGON2_TIME_COST": "1",
        "TAKT_ARGON2_MEMORY_KIB": "8",
    }
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "app.cli", "simulate", "--days", "30", "--start", "2026-03-02"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 120
        while True:  # until the back-fill is well under way
            done = re.findall(r"commands=(\d+)", log_path.read_text(errors="replace"))
            if done and int(done[-1]) >= 1000:
                break
            assert process.poll() is None, log_path.read_text()
            assert time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.1)
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return log_path.read_text(errors="replace")


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
async def test_ctrl_c_mid_backfill(kind: str, databases: Databases, tmp_path: Path) -> None:
    url = databases.new(kind)
    said = await asyncio.to_thread(_interrupted, url, tmp_path / "simulate.log")
    assert "Traceback" not in said
    stopped = re.search(r"stopped after (\d+) commands", said)
    assert stopped is not None, said
    assert int(stopped.group(1)) < 100_000  # well short of 30 days

    db = Database(Settings(database_url=url))
    try:
        async with db.transaction(write=False) as session:
            assert (await session.execute(text("SELECT count(*) FROM units"))).scalar()
            for what, sql in CHECKS.items():
                assert (await session.execute(text(sql))).scalar() == 0, what
    finally:
        await db.dispose()
