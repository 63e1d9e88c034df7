"""Batch step events on WS /api/v1/wip/ws, against a real server (SQLite and PostgreSQL):
their fields and sequence, counters that agree with GET /wip, `since` resume, line filters."""

from __future__ import annotations

import re
from typing import Any

import httpx

from tests.realtime.conftest import Server
from tests.realtime.support import API, EVENT_KEYS, WipWatcher, api_client, token_for, view, wip
from tests.support import create_line, create_order, create_part, create_route, create_workstation

ISO_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")
BATCH_EVENT_KEYS = {
    "type",
    "seq",
    "event",
    "batch",
    "order",
    "step",
    "workstation_id",
    "quantity",
    "good",
    "scrap",
    "status",
    "line_id",
    "at",
}


async def _post(
    client: httpx.AsyncClient, path: str, status: int = 200, **body: Any
) -> dict[str, Any]:
    r = await client.post(f"{API}{path}", json=body or None)
    assert r.status_code == status, r.text
    return r.json()  # type: ignore[no-any-return]


async def _floor(client: httpx.AsyncClient, stations: int) -> dict[str, Any]:
    line = await create_line(client)
    workstations = [await create_workstation(client, line["id"]) for _ in range(stations)]
    part = await create_part(client)
    await create_route(client, part["id"], [w["id"] for w in workstations])
    return {"line": line, "ws": [w["id"] for w in workstations], "part": part}


async def _batch_order(client: httpx.AsyncClient, part_id: int, quantity: int) -> str:
    order = await create_order(client, part_id, quantity=quantity, tracking="batch")
    return str(order["number"])


async def _batch(client: httpx.AsyncClient, number: str, quantity: int) -> int:
    return int((await _post(client, f"/orders/{number}/batches", 201, quantity=quantity))["id"])


async def _start(client: httpx.AsyncClient, batch: int, seq: int) -> None:
    await _post(client, f"/batches/{batch}/steps/{seq}/start")


async def _complete(
    client: httpx.AsyncClient, batch: int, seq: int, good: int, scrap: int = 0
) -> None:
    await _post(client, f"/batches/{batch}/steps/{seq}/complete", good=good, scrap=scrap)


def _fields(event: dict[str, Any]) -> tuple[Any, ...]:
    return (
        event["event"],
        event["batch"],
        event["step"],
        event["workstation_id"],
        event["quantity"],
        event["good"],
        event["scrap"],
        event["status"],
    )


async def test_batch_events_in_sequence_with_their_fields(server: Server) -> None:
    token = await token_for(server)
    async with api_client(server, token) as client:
        floor = await _floor(client, 2)
        ws1, ws2 = floor["ws"]
        number = await _batch_order(client, floor["part"]["id"], 100)
        units = await create_order(client, floor["part"]["id"], quantity=1)
        async with WipWatcher.connect(server, token) as watcher:
            await watcher.until(lambda w: bool(w.snapshots), "the snapshot")
            start = watcher.snapshots[0]["seq"]
            batch = await _batch(client, number, 60)  # creating a batch is no WIP event
            await _start(client, batch, 1)
            r = await client.post(f"{API}/orders/{units['number']}/units", json={"count": 1})
            serial = r.json()["items"][0]["serial"]
            await _post(client, f"/units/{serial}/move")
            await _complete(client, batch, 1, 55, 5)
            await _start(client, batch, 2)
            mid = await wip(client)
            await watcher.reach(mid["seq"])
            # Counters kept from events alone agree with a fresh snapshot, batches included.
            assert watcher.view() == view(mid)
            assert view(mid)["workstations"][ws2] == 55  # the batch's 55
            await _complete(client, batch, 2, 50, 5)
            final = await wip(client)
            await watcher.reach(final["seq"])
            assert watcher.view() == view(final)

    events = watcher.events
    # Six WIP events and the unit order's start (new → running), each once, in order.
    assert watcher.seqs == list(range(start + 1, start + 8))
    assert len(events) == 6
    batch_events = [e for e in events if e["event"].startswith("batch_")]
    for e in batch_events:
        assert set(e) == BATCH_EVENT_KEYS, e
        assert (e["order"], e["line_id"]) == (number, floor["line"]["id"])
        assert ISO_UTC.match(e["at"]), e
    for e in events:
        if not e["event"].startswith("batch_"):
            assert set(e) == EVENT_KEYS, e  # unit events keep their shape
    ip = "in_progress"
    assert [_fields(e) for e in batch_events] == [
        ("batch_step_started", batch, 1, ws1, 60, None, None, ip),
        ("batch_step_completed", batch, 1, ws1, 60, 55, 5, ip),
        ("batch_step_started", batch, 2, ws2, 55, None, None, ip),
        ("batch_step_completed", batch, 2, ws2, 55, 50, 5, "completed"),
    ]
    # One stream with the unit's events, in the order the commands committed.
    assert [e["event"] for e in events] == [
        "batch_step_started",
        "created",
        "moved",
        "batch_step_completed",
        "batch_step_started",
        "batch_step_completed",
    ]
    counts = view(final)["workstations"]
    assert (counts[ws1], counts[ws2]) == (1, 0)


async def test_since_replays_batch_events(server: Server) -> None:
    token = await token_for(server)
    async with api_client(server, token) as client:
        floor = await _floor(client, 2)
        number = await _batch_order(client, floor["part"]["id"], 30)
        batch = await _batch(client, number, 30)
        async with WipWatcher.connect(server, token) as live:
            await _start(client, batch, 1)
            seen = await wip(client)
            await live.reach(seen["seq"])
        # While nobody listens: the step completes, the next starts, a second batch starts.
        await _complete(client, batch, 1, 28, 2)
        await _start(client, batch, 2)
        other = await _batch(client, number, 2)
        await _start(client, other, 1)
        missed = await wip(client)
        async with WipWatcher.connect(server, token, since=seen["seq"], carry=live) as resumed:
            await resumed.reach(missed["seq"])
            await _complete(client, batch, 2, 28)  # then live again
            final = await wip(client)
            await resumed.reach(final["seq"])
    assert not resumed.snapshots  # a replay, not a snapshot
    assert resumed.seqs == list(range(seen["seq"] + 1, final["seq"] + 1))
    assert [(e["event"], e["batch"], e["step"]) for e in resumed.events] == [
        ("batch_step_completed", batch, 1),
        ("batch_step_started", batch, 2),
        ("batch_step_started", other, 1),
        ("batch_step_completed", batch, 2),
    ]
    # The counters carried over from before the gap, with the replay applied, are the truth.
    assert resumed.view() == view(final)
    counts = view(final)["workstations"]
    assert [counts[w] for w in floor["ws"]] == [2, 0]


async def test_line_filter_sends_batch_events_of_the_line_or_its_workstations(
    server: Server,
) -> None:
    token = await token_for(server)
    async with api_client(server, token) as client:
        line_a, line_b = await create_line(client), await create_line(client)
        a1 = await create_workstation(client, line_a["id"])
        b1 = await create_workstation(client, line_b["id"])
        b2 = await create_workstation(client, line_b["id"])
        on_b = await create_part(client)
        await create_route(client, on_b["id"], [b1["id"], b2["id"]])
        across = await create_part(client)  # made on line A, its second step on line B
        await create_route(client, across["id"], [a1["id"], b2["id"]])
        async with (
            WipWatcher.connect(server, token, line_id=line_a["id"]) as only_a,
            WipWatcher.connect(server, token, line_id=line_b["id"]) as only_b,
        ):
            await only_a.until(lambda w: bool(w.snapshots), "A's snapshot")
            await only_b.until(lambda w: bool(w.snapshots), "B's snapshot")
            b_batch = await _batch(client, await _batch_order(client, on_b["id"], 5), 5)
            x_batch = await _batch(client, await _batch_order(client, across["id"], 7), 7)
            await _start(client, b_batch, 1)
            await _start(client, x_batch, 1)
            await _complete(client, x_batch, 1, 7)
            await _start(client, x_batch, 2)  # at b2: line B's workstation, line A's batch
            await _complete(client, b_batch, 1, 5)
            mid_b = await wip(client, line_b["id"])
            await _complete(client, x_batch, 2, 6, 1)  # last: an event for both lines
            expected_a = await wip(client, line_a["id"])
            expected_b = await wip(client, line_b["id"])
            await only_a.reach(expected_a["seq"])
            await only_b.reach(expected_b["seq"])
    got_a = [(e["batch"], e["event"], e["step"]) for e in only_a.events]
    got_b = [(e["batch"], e["event"], e["step"]) for e in only_b.events]
    # A: its batch, wherever it goes. B: its own batch, and A's batch at B's workstation.
    assert got_a == [
        (x_batch, "batch_step_started", 1),
        (x_batch, "batch_step_completed", 1),
        (x_batch, "batch_step_started", 2),
        (x_batch, "batch_step_completed", 2),
    ]
    assert got_b == [
        (b_batch, "batch_step_started", 1),
        (x_batch, "batch_step_started", 2),
        (b_batch, "batch_step_completed", 1),
        (x_batch, "batch_step_completed", 2),
    ]
    assert only_a.view() == view(expected_a)
    assert only_b.view() == view(expected_b)
    assert view(mid_b)["workstations"] == {b1["id"]: 0, b2["id"]: 7}
    assert view(expected_b)["workstations"] == {b1["id"]: 0, b2["id"]: 0}
