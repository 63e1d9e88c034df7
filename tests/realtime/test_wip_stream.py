"""WS /api/v1/wip/ws on a real server (SQLite and PostgreSQL): shapes, filter, auth, resume."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
import websockets

from tests.realtime.conftest import Server
from tests.realtime.support import (
    API,
    EVENT_KEYS,
    WipWatcher,
    api_client,
    token_for,
    view,
    wip,
)
from tests.support import (
    create_defect_code,
    create_line,
    create_order,
    create_part,
    create_route,
    create_user,
    create_workstation,
    shop_floor,
)

ISO_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")


async def _units(client: httpx.AsyncClient, part_id: int, count: int) -> list[str]:
    order = await create_order(client, part_id, quantity=count)
    r = await client.post(f"{API}/orders/{order['number']}/units", json={"count": count})
    assert r.status_code == 201, r.text
    return [u["serial"] for u in r.json()["items"]]


async def _do(client: httpx.AsyncClient, serial: str, command: str, **body: Any) -> dict[str, Any]:
    r = await client.post(f"{API}/units/{serial}/{command}", json=body)
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


async def test_snapshot_then_one_message_per_event_of_every_type(server: Server) -> None:
    token = await token_for(server)
    async with api_client(server, token) as client:
        floor = await shop_floor(client, steps=3, gates=(2,))
        ws = [w["id"] for w in floor["workstations"]]
        line_id = floor["line"]["id"]
        defect = await create_defect_code(client)
        before = await wip(client)
        async with WipWatcher.connect(server, token) as watcher:
            await watcher.until(lambda w: bool(w.snapshots), "the snapshot")
            first = watcher.messages[0]
            assert set(first) == {"type", "seq", "wip"}
            assert first["type"] == "snapshot" and first["seq"] == before["seq"]
            assert first["wip"] == before  # exactly the GET /wip body

            a, b = await _units(client, floor["part"]["id"], 2)
            await _do(client, a, "move")
            await _do(client, a, "move")
            await _do(client, a, "gate", result="pass")
            await _do(client, a, "move")
            await _do(client, b, "move")
            await _do(client, b, "move")
            await _do(client, b, "gate", result="fail", defect_code=defect["code"])
            await _do(client, b, "rework", to_step=1)
            await _do(client, b, "scrap", reason="cracked")
            after = await wip(client)
            await watcher.reach(after["seq"])
            assert watcher.view() == view(after)

        seq0 = before["seq"]
        events = watcher.events
        # Every numbered event once, in order: the 12 unit events and the order's start.
        assert watcher.seqs == list(range(seq0 + 1, seq0 + 14))
        orders = [m["order"] for m in watcher.messages if m["type"] == "order"]
        assert [(o["from"], o["to"], o["action"]) for o in orders] == [("new", "running", "start")]
        assert len(events) == 12
        for e in events:
            assert set(e) == EVENT_KEYS, e
            assert e["line_id"] == line_id and ISO_UTC.match(e["at"]), e
            assert e["order"].startswith("PO-")
        got = [
            (
                e["serial"],
                e["event"],
                e["from_step"],
                e["to_step"],
                e["from_workstation_id"],
                e["to_workstation_id"],
                e["status"],
            )
            for e in events
        ]
        ip = "in_progress"
        assert got == [
            (a, "created", None, 0, None, None, ip),
            (b, "created", None, 0, None, None, ip),
            (a, "moved", 0, 1, None, ws[0], ip),
            (a, "moved", 1, 2, ws[0], ws[1], ip),
            (a, "gate_passed", 2, 2, ws[1], ws[1], ip),
            (a, "moved", 2, 3, ws[1], ws[2], ip),
            (a, "completed", 3, 3, ws[2], None, "completed"),
            (b, "moved", 0, 1, None, ws[0], ip),
            (b, "moved", 1, 2, ws[0], ws[1], ip),
            (b, "gate_failed", 2, 2, ws[1], ws[1], ip),
            (b, "reworked", 2, 1, ws[1], ws[0], ip),
            (b, "scrapped", 1, 1, ws[0], None, "scrapped"),
        ]


async def test_line_filter_sends_what_touches_the_line(server: Server) -> None:
    token = await token_for(server)
    async with api_client(server, token) as client:
        line_a, line_b = await create_line(client), await create_line(client)
        a1 = await create_workstation(client, line_a["id"])
        a2 = await create_workstation(client, line_a["id"])
        b1 = await create_workstation(client, line_b["id"])
        b2 = await create_workstation(client, line_b["id"])
        part_a, part_b, part_x = [await create_part(client) for _ in range(3)]
        await create_route(client, part_a["id"], [a1["id"], a2["id"]])
        await create_route(client, part_b["id"], [b1["id"], b2["id"]])
        # Made on line B (its first step is there) but passing through A's workstation a2.
        await create_route(client, part_x["id"], [b1["id"], a2["id"], b2["id"]])
        async with (
            WipWatcher.connect(server, token, line_id=line_a["id"], compression=None) as only_a,
            WipWatcher.connect(server, token) as everything,
        ):
            await only_a.until(lambda w: bool(w.snapshots), "the snapshot")
            stations = only_a.snapshots[0]["wip"]["workstations"]
            assert {w["workstation_id"] for w in stations} == {a1["id"], a2["id"]}

            (ua,) = await _units(client, part_a["id"], 1)
            (ub,) = await _units(client, part_b["id"], 1)
            (ux,) = await _units(client, part_x["id"], 1)
            for serial in (ua, ub, ux):
                await _do(client, serial, "move")
            await _do(client, ux, "move")  # b1 -> a2: now on line A's workstation
            await _do(client, ub, "move")
            await _do(client, ux, "move")  # a2 -> b2: leaves it
            await _do(client, ux, "move")  # completes on line B
            await _do(client, ua, "move")  # last: a line-A event to wait for

            expected_a = await wip(client, line_a["id"])
            everything_now = await wip(client)
            await only_a.reach(expected_a["seq"])
            await everything.reach(everything_now["seq"])

    assert only_a.view() == view(expected_a)
    assert everything.view() == view(everything_now)
    got = [(e["serial"], e["event"], e["from_step"]) for e in only_a.events]
    assert got == [
        (ua, "created", None),
        (ua, "moved", 0),
        (ux, "moved", 1),  # into a2
        (ux, "moved", 2),  # out of a2
        (ua, "moved", 1),
    ]
    assert len(everything.events) == 11


async def test_refused_without_a_valid_token_or_read_access(server: Server) -> None:
    async def refused(url: str, status: int, code: str, **options: Any) -> None:
        with pytest.raises(websockets.InvalidStatus) as caught:
            async with websockets.connect(url, **options):
                pass
        response = caught.value.response
        assert response.status_code == status
        assert response.headers["content-type"].startswith("application/problem+json")
        assert f'"code":"{code}"' in response.body.decode()

    await refused(server.ws_url, 401, "not_authenticated")
    await refused(f"{server.ws_url}?token=not-a-token", 401, "invalid_credentials")
    bearer = {"additional_headers": {"Authorization": "Bearer nope"}}
    await refused(server.ws_url, 401, "invalid_credentials", **bearer)

    token = await token_for(server)
    async with api_client(server, token) as client:
        r = await client.post(
            f"{API}/api-keys", json={"name": "mover", "scopes": ["units:execute"]}
        )
        assert r.status_code == 201, r.text
        no_read = r.json()["key"]
        r = await client.post(f"{API}/api-keys", json={"name": "dashboard", "scopes": ["read"]})
        reader = r.json()["key"]
        operator = await create_user(client, role="operator", password="operator-password")
    await refused(server.ws_url, 403, "forbidden", additional_headers={"X-API-Key": no_read})

    # Accepted: the token as a header, an API key with `read`, any role.
    operator_token = await token_for(server, operator["username"], "operator-password")
    for headers, url in (
        ({"Authorization": f"Bearer {token}"}, server.ws_url),
        ({"X-API-Key": reader}, server.ws_url),
        ({}, f"{server.ws_url}?token={operator_token}"),
    ):
        async with websockets.connect(url, additional_headers=headers) as socket:
            assert '"type":"snapshot"' in str(await socket.recv())


@pytest.mark.parametrize(
    ("query", "status", "code"),
    [
        ("since=-1", 422, "validation_error"),
        ("since=abc", 422, "validation_error"),
        (f"since={2**70}", 422, "validation_error"),
        ("since=NaN", 422, "validation_error"),
        ("line_id=0", 422, "validation_error"),
        ("line_id=1.5", 422, "validation_error"),
        ("line_id=999999", 404, "not_found"),
    ],
)
async def test_bad_query_parameters_are_refused(
    server: Server, query: str, status: int, code: str
) -> None:
    token = await token_for(server)
    async with api_client(server, token) as client:
        before = await wip(client)
    with pytest.raises(websockets.InvalidStatus) as caught:
        async with websockets.connect(f"{server.ws_url}?token={token}&{query}"):
            pass
    response = caught.value.response
    assert response.status_code == status
    assert f'"code":"{code}"' in response.body.decode()
    if status == 422:
        assert '"loc":["query",' in response.body.decode()
    async with api_client(server, token) as client:
        assert await wip(client) == before


async def test_resume_with_since_replays_exactly_the_missed_events(server: Server) -> None:
    token = await token_for(server)
    async with api_client(server, token) as client:
        floor = await shop_floor(client, steps=4)
        serials = await _units(client, floor["part"]["id"], 3)
        async with WipWatcher.connect(server, token) as first:
            await _do(client, serials[0], "move")
            seen = (await wip(client))["seq"]
            await first.reach(seen)
        for serial in serials:  # while nobody listens
            await _do(client, serial, "move")
        missed = (await wip(client))["seq"]
        async with WipWatcher.connect(server, token, since=seen, carry=first) as resumed:
            await resumed.reach(missed)
            await _do(client, serials[1], "move")  # then live events
            final = await wip(client)
            await resumed.reach(final["seq"])
    assert not resumed.snapshots
    assert resumed.seqs == list(range(seen + 1, final["seq"] + 1))
    assert resumed.view() == view(final)


async def test_since_that_cannot_be_replayed_gives_a_snapshot(server: Server) -> None:
    token = await token_for(server)
    async with api_client(server, token) as client:
        now = await wip(client)
        async with WipWatcher.connect(server, token, since=now["seq"] + 1000) as future:
            await future.until(lambda w: bool(w.snapshots), "a snapshot")
        assert future.snapshots[0]["wip"] == now
        async with WipWatcher.connect(server, token, since=now["seq"]) as current:
            floor = await shop_floor(client, steps=1)
            await _units(client, floor["part"]["id"], 1)
            await current.reach(now["seq"] + 1)
        assert not current.snapshots  # `since` = the newest seq is a valid (empty) replay


async def test_resync_and_bad_client_messages(server: Server) -> None:
    token = await token_for(server)
    async with api_client(server, token) as client, WipWatcher.connect(server, token) as watcher:
        floor = await shop_floor(client, steps=2)
        await watcher.until(lambda w: bool(w.snapshots), "the snapshot")
        await watcher.socket.send("not json")
        await watcher.send({"type": "hello"})
        await watcher.until(lambda w: sum(m["type"] == "error" for m in w.messages) == 2, "errors")
        errors = [m for m in watcher.messages if m["type"] == "error"]
        assert [e["code"] for e in errors] == ["malformed_message", "unknown_message"]

        await _units(client, floor["part"]["id"], 2)
        now = await wip(client)
        await watcher.send({"type": "resync"})
        await watcher.until(lambda w: len(w.snapshots) == 2, "a fresh snapshot")
        assert watcher.snapshots[1]["wip"] == now
        (serial,) = await _units(client, floor["part"]["id"], 1)
        await _do(client, serial, "move")
        final = await wip(client)
        await watcher.reach(final["seq"])
        assert watcher.view() == view(final)


async def test_heartbeat_pings(server: Server) -> None:
    token = await token_for(server)
    async with WipWatcher.connect(server, token) as watcher:
        await watcher.until(lambda w: any(m["type"] == "ping" for m in w.messages), "a ping")
    assert {"type": "ping"} in watcher.messages
    assert server.env["TAKT_WIP_WS_PING_SECONDS"] == "1"  # (the default is 20 s)


async def test_refused_commands_publish_nothing(server: Server) -> None:
    token = await token_for(server)
    async with api_client(server, token) as client, WipWatcher.connect(server, token) as watcher:
        floor = await shop_floor(client, steps=2, gates=(1,))
        (serial,) = await _units(client, floor["part"]["id"], 1)
        await _do(client, serial, "move")  # into the gate step
        start = (await wip(client))["seq"]
        await watcher.reach(start)

        r = await client.post(f"{API}/units/{serial}/move")
        assert r.status_code == 409, r.text  # gate decision required
        r = await client.post(
            f"{API}/units/{serial}/gate", json={"result": "pass", "defect_code": "NOPE"}
        )
        assert r.status_code == 422, r.text
        r = await client.post(f"{API}/units/{serial}/rework", json={"to_step": 2**70})
        assert r.status_code == 422, r.text
        await _do(client, serial, "gate", result="fail")
        final = await wip(client)
        await watcher.reach(final["seq"])
    assert final["seq"] == start + 1
    assert [(e["seq"], e["event"]) for e in watcher.events][-1] == (start + 1, "gate_failed")
    assert watcher.view() == view(final)


async def test_a_workstation_created_after_the_snapshot_comes_with_a_fresh_snapshot(
    server: Server,
) -> None:
    token = await token_for(server)
    async with api_client(server, token) as client, WipWatcher.connect(server, token) as watcher:
        await watcher.until(lambda w: bool(w.snapshots), "the snapshot")
        floor = await shop_floor(client, steps=2)  # new workstations, unknown to the client
        (serial,) = await _units(client, floor["part"]["id"], 1)
        await _do(client, serial, "move")
        final = await wip(client)
        await watcher.reach(final["seq"])
    kinds = [m["type"] for m in watcher.messages if m["type"] not in ("ping", "order")]
    assert kinds == ["snapshot", "event", "snapshot"]  # created, then the move as a snapshot
    assert watcher.snapshots[1]["seq"] == final["seq"]
    assert watcher.view() == view(final)
