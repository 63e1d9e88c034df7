"""Several server processes on one PostgreSQL database deliver one exact stream.

The heart of the realtime contract: under many concurrent commits, spread over two
processes, every subscriber (wherever it is connected, also one that leaves and resumes with
`since`) ends with exactly the counters of `GET /wip`, having seen every `seq` once.
"""

from __future__ import annotations

import asyncio
import random
from typing import Any

import asyncpg
import httpx
import pytest

from tests.realtime.conftest import Launch
from tests.realtime.support import (
    API,
    WipWatcher,
    api_client,
    eventually,
    token_for,
    view,
    wait_for,
    wip,
)
from tests.support import create_order, shop_floor

pytestmark = pytest.mark.slow

CLIENTS = 16


class Shopfloor:
    """`CLIENTS` operators working disjoint sets of units through any of the servers: moves,
    gate decisions, rework and scrap, each chosen from the unit's state."""

    def __init__(self, clients: list[httpx.AsyncClient], serials: list[str], seed: int) -> None:
        self.clients = clients
        self.serials = serials
        self.rng = random.Random(seed)
        self.done = 0
        self.counts: dict[str, int] = {}

    async def run(self, commands: int) -> None:
        slices = [self.serials[i::CLIENTS] for i in range(CLIENTS)]
        await asyncio.gather(*(self._operator(i, s, commands) for i, s in enumerate(slices)))

    async def _operator(self, index: int, serials: list[str], commands: int) -> None:
        states: dict[str, dict[str, Any]] = {s: {"awaiting": "move", "step": 0} for s in serials}
        while self.done < commands:
            open_units = [s for s, u in states.items() if u["awaiting"] is not None]
            if not open_units:
                return
            serial = self.rng.choice(open_units)
            command, body = self._choose(states[serial])
            client = self.clients[self.rng.randrange(len(self.clients))]
            r = await client.post(f"{API}/units/{serial}/{command}", json=body)
            assert r.status_code == 200, f"{command} {serial}: {r.status_code} {r.text}"
            states[serial] = r.json()
            self.done += 1
            self.counts[command] = self.counts.get(command, 0) + 1

    def _choose(self, unit: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        roll = self.rng.random()
        if unit["awaiting"] == "disposition":
            if roll < 0.5:
                return "scrap", {"reason": "failed inspection"}
            return "rework", {"to_step": max(1, unit["step"] - 1)}
        if roll < 0.03:
            return "scrap", {"reason": "dropped"}
        if unit["awaiting"] == "gate_decision":
            return "gate", {"result": "pass" if roll < 0.7 else "fail"}
        return "move", {}


async def _units(client: httpx.AsyncClient, part_id: int, count: int) -> list[str]:
    order = await create_order(client, part_id, quantity=count)
    r = await client.post(f"{API}/orders/{order['number']}/units", json={"count": count})
    assert r.status_code == 201, r.text
    return [u["serial"] for u in r.json()["items"]]


def _assert_exact(watchers: list[WipWatcher], start: int, final: dict[str, Any]) -> None:
    seqs = [s for w in watchers for s in w.seqs]
    assert len(seqs) == len(set(seqs)), "a seq was delivered twice"
    assert seqs == list(range(start + 1, final["seq"] + 1)), "a seq is missing"
    assert watchers[-1].view() == view(final)


async def test_two_processes_converge_under_concurrent_commands(launch: Launch) -> None:
    a, b = launch("postgresql", 2)
    token = await token_for(a)
    async with api_client(a, token) as ca, api_client(b, token) as cb:
        floor = await shop_floor(ca, steps=5, gates=(2, 4))
        serials = await _units(ca, floor["part"]["id"], 480)
        floor_work = Shopfloor([ca, cb], serials, seed=4)
        # Both ways of sending: without compression the server writes events pre-framed,
        # batch by batch (app.server); with permessage-deflate, one by one.
        async with (
            WipWatcher.connect(a, token, compression=None) as on_a,
            WipWatcher.connect(b, token) as on_b,
        ):
            leaver_parts: list[WipWatcher] = []
            resumed_at: list[int] = []

            async def leave_and_resume() -> None:
                async with WipWatcher.connect(b, token) as leaver:
                    leaver_parts.append(leaver)
                    await wait_for(lambda: floor_work.done >= 700, "700 commands")
                await wait_for(lambda: floor_work.done >= 1200, "1200 commands")
                assert leaver.seq is not None
                resumed_at.append(leaver.seq)
                async with WipWatcher.connect(
                    a, token, since=leaver.seq, carry=leaver, compression=None
                ) as back:
                    leaver_parts.append(back)
                    # Stay until the last command has answered: `done` reaches 2,000 while
                    # other operators' commands are still in flight.
                    await finished.wait()
                    final = await wip(ca)
                    await back.reach(final["seq"])

            async def work() -> None:
                await floor_work.run(2000)
                finished.set()

            finished = asyncio.Event()
            await asyncio.gather(work(), leave_and_resume())
            final = await wip(cb)
            await on_a.reach(final["seq"])
            await on_b.reach(final["seq"])

    assert floor_work.done >= 2000
    assert {"move", "gate", "rework", "scrap"} <= set(floor_work.counts), floor_work.counts
    leaver, back = leaver_parts
    assert leaver.seq == resumed_at[0] and not back.snapshots  # resumed by replay
    for watcher in (on_a, on_b, leaver):
        assert len(watcher.snapshots) == 1
    _assert_exact([on_a], on_a.snapshots[0]["seq"], final)
    _assert_exact([on_b], on_b.snapshots[0]["seq"], final)
    _assert_exact([leaver, back], leaver.snapshots[0]["seq"], final)
    # …and what GET /wip says is what the database says.
    assert final["not_started"] + final["in_progress"] + final["completed"] + final[
        "scrapped"
    ] == len(serials)


async def _listener_pids(database_url: str) -> set[int]:
    name = database_url.rsplit("/", 1)[1]
    conn = await asyncpg.connect(database_url.replace("+asyncpg", ""))
    try:
        rows = await conn.fetch(
            "SELECT pid FROM pg_stat_activity WHERE application_name = 'takt-wip-listener'"
            " AND datname = $1",
            name,
        )
        return {r["pid"] for r in rows}
    finally:
        await conn.close()


async def _kill(database_url: str, pids: set[int]) -> None:
    conn = await asyncpg.connect(database_url.replace("+asyncpg", ""))
    try:
        for pid in pids:
            await conn.execute("SELECT pg_terminate_backend($1)", pid)
    finally:
        await conn.close()


async def test_listener_reconnects_and_no_event_is_lost(launch: Launch) -> None:
    a, b = launch("postgresql", 2)
    token = await token_for(a)
    before = await _listener_pids(a.database_url)
    assert len(before) == 2  # one dedicated LISTEN connection per process
    async with api_client(a, token) as ca:
        floor = await shop_floor(ca, steps=4)
        serials = await _units(ca, floor["part"]["id"], 64)
        floor_work = Shopfloor([ca], serials, seed=9)  # commands on a; subscribers on b
        async with WipWatcher.connect(b, token) as watcher:

            async def cut_listeners() -> None:
                await wait_for(lambda: floor_work.done >= 60, "60 commands")
                await _kill(a.database_url, before)

            await asyncio.gather(floor_work.run(200), cut_listeners())
            final = await wip(ca)
            await watcher.reach(final["seq"])

            async def relistening() -> bool:  # both processes, on new connections
                return len(await _listener_pids(a.database_url) - before) == 2

            await eventually(relistening, "the listeners to reconnect")
            # Events after the reconnect arrive through the new connections as well.
            for serial in serials[:8]:
                await ca.post(f"{API}/units/{serial}/scrap", json={"reason": "end of test"})
            final = await wip(ca)
            await watcher.reach(final["seq"])
    _assert_exact([watcher], watcher.snapshots[0]["seq"], final)
    assert len(watcher.snapshots) == 1


async def test_serve_with_two_workers_delivers_every_event_everywhere(launch: Launch) -> None:
    (server,) = launch("postgresql", workers=2)
    token = await token_for(server)
    async with api_client(server, token) as client:
        floor = await shop_floor(client, steps=3, gates=(2,))
        serials = await _units(client, floor["part"]["id"], 48)
        watchers = [WipWatcher.connect(server, token) for _ in range(4)]
        entered = [await w.__aenter__() for w in watchers]
        try:
            await Shopfloor([client], serials, seed=2).run(300)
            final = await wip(client)
            for watcher in entered:
                await watcher.reach(final["seq"])
        finally:
            for w in watchers:
                await w.__aexit__(None, None, None)
    for watcher in entered:
        _assert_exact([watcher], watcher.snapshots[0]["seq"], final)
