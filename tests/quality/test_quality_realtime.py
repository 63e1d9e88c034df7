"""A firing alert rule reaches WIP dashboards over the WebSocket (real server, SQLite and
PostgreSQL), in sequence with the unit events, and leaves their counters right."""

from __future__ import annotations

from tests.realtime.conftest import Server, server  # noqa: F401 - the fixture
from tests.realtime.support import API, WipWatcher, api_client, token_for, view, wip
from tests.support import create_defect_code, create_order, gated_floor


async def test_alert_is_pushed_between_unit_events(server: Server) -> None:  # noqa: F811
    token = await token_for(server)
    async with api_client(server, token) as client:
        floor = await gated_floor(client)
        gate = floor["workstations"][1]
        r = await client.post(
            f"{API}/alert-rules",
            json={
                "name": "Gate yield",
                "kind": "yield_below",
                "workstation_id": gate["id"],
                "threshold_pct": 60,
                "window_units": 2,
            },
        )
        assert r.status_code == 201, r.text
        defect = await create_defect_code(client)
        order = await create_order(client, floor["part"]["id"], quantity=3)
        r = await client.post(f"{API}/orders/{order['number']}/units", json={"count": 2})
        a, b = (u["serial"] for u in r.json()["items"])

        async with WipWatcher.connect(server, token, line_id=floor["line"]["id"]) as watcher:
            await watcher.until(lambda w: bool(w.snapshots), "the snapshot")
            for serial in (a, b):
                for _ in range(2):
                    assert (await client.post(f"{API}/units/{serial}/move")).status_code == 200
            for serial, value in ((a, 56), (b, 57)):  # both fail: yield 0 % of 2 units
                r = await client.post(
                    f"{API}/units/{serial}/measurements", json={"test": "Torque", "value": value}
                )
                assert r.status_code == 201 and r.json()["failed_gate"], r.text
            r = await client.post(
                f"{API}/units/{a}/scrap", json={"reason": "torque", "defect_code": defect["code"]}
            )
            assert r.status_code == 200
            after = await wip(client, floor["line"]["id"])
            await watcher.reach(after["seq"])
            assert watcher.view() == view(after)

        alerts = [m for m in watcher.messages if m["type"] == "alert"]
        assert len(alerts) == 1
        (message,) = alerts
        assert set(message) == {"type", "seq", "alert"}
        alert = message["alert"]
        assert (alert["kind"], alert["rule"], alert["workstation_id"], alert["value"]) == (
            "yield_below",
            "Gate yield",
            gate["id"],
            0.0,
        )
        listed = (await client.get(f"{API}/alerts")).json()["items"]
        assert [x["id"] for x in listed] == [alert["id"]]
        # Delivered in commit order: after b's gate failure, before a's scrap.
        kinds = [
            (m["type"], m.get("event"), m.get("serial"))
            for m in watcher.messages
            if m["type"] in ("event", "alert")
        ]
        assert kinds[-3:] == [
            ("event", "gate_failed", b),
            ("alert", None, None),
            ("event", "scrapped", a),
        ]
        assert watcher.seqs == sorted(watcher.seqs)
