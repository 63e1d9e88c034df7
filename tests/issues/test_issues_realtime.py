"""Issue changes reach WIP dashboards over the WebSocket (real server, SQLite and
PostgreSQL), in sequence with unit events, filtered by the issue's line."""

from __future__ import annotations

from tests.realtime.conftest import Server, server  # noqa: F401 - the fixture
from tests.realtime.support import API, WipWatcher, api_client, token_for, wip
from tests.support import create_order, shop_floor, unique


async def test_issue_messages_in_sequence_and_by_line(server: Server) -> None:  # noqa: F811
    token = await token_for(server)
    async with api_client(server, token) as client:
        floor = await shop_floor(client, steps=2)
        other = await shop_floor(client, steps=1)
        line = floor["line"]["id"]
        r = await client.post(
            f"{API}/issue-types",
            json={"code": unique("RT"), "name": "Stop", "blocking": True, "severity": "high"},
        )
        stop = r.json()
        order = await create_order(client, floor["part"]["id"], quantity=2, line_id=line)
        r = await client.post(f"{API}/orders/{order['number']}/units", json={"count": 2})
        a, b = (u["serial"] for u in r.json()["items"])

        async with (
            WipWatcher.connect(server, token, line_id=line) as mine,
            WipWatcher.connect(server, token, line_id=other["line"]["id"]) as theirs,
        ):
            await mine.until(lambda w: bool(w.snapshots), "the snapshot")
            await theirs.until(lambda w: bool(w.snapshots), "the snapshot")
            assert (await client.post(f"{API}/units/{a}/move")).status_code == 200
            r = await client.post(
                f"{API}/issues",
                json={"type": stop["code"], "title": "Jam", "order": order["number"]},
            )
            assert r.status_code == 201, r.text
            issue_id = r.json()["id"]
            ack = await client.post(f"{API}/issues/{issue_id}/acknowledge")
            resolved = await client.post(
                f"{API}/issues/{issue_id}/resolve", json={"resolution": "cleared"}
            )
            assert resolved.status_code == 200, resolved.text
            assert (await client.post(f"{API}/units/{b}/move")).status_code == 200
            after = await wip(client, line)
            await mine.reach(after["seq"])
            # An issue on the other line: once it arrived there, so would have the first.
            r = await client.post(
                f"{API}/issues",
                json={"type": stop["code"], "title": "There", "line_id": other["line"]["id"]},
            )
            there = r.json()["id"]
            await theirs.until(
                lambda w: any(m["type"] == "issue" for m in w.messages), "the other line's issue"
            )

        issues = [m for m in mine.messages if m["type"] == "issue"]
        assert [m["issue"]["status"] for m in issues] == ["open", "acknowledged", "resolved"]
        assert all(set(m) == {"type", "seq", "issue"} for m in issues)
        assert issues[1]["issue"] == ack.json()
        assert issues[2]["issue"] == resolved.json()
        assert issues[0]["issue"]["order"] == order["number"]
        kinds = [(m["type"], m.get("serial")) for m in mine.messages if m["type"] != "snapshot"]
        # The order's status changes (blocked, then back) come in the issue commands' place.
        assert kinds[-7:] == [
            ("event", a),
            ("order", None),
            ("issue", None),
            ("issue", None),
            ("order", None),
            ("issue", None),
            ("event", b),
        ]
        orders = [m["order"] for m in mine.messages if m["type"] == "order"]
        assert [(o["from"], o["to"], o["action"]) for o in orders] == [
            ("running", "blocked", "block"),
            ("blocked", "running", "unblock"),
        ]
        assert mine.seqs == sorted(mine.seqs)
        assert [m["issue"]["id"] for m in theirs.messages if m["type"] == "issue"] == [there]
        assert there not in [m["issue"]["id"] for m in issues]
