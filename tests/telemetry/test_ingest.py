"""Machine messages end to end: published to the real Mosquitto, consumed by the app's
consumer, applied on SQLite and PostgreSQL. Built-in kinds, dead letters and replay,
duplicates, machine states and counts."""

from __future__ import annotations

import itertools
from datetime import timedelta
from typing import Any

from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import select

from app.kit.time import utcnow
from app.models import OutboxEvent
from app.telemetry.consumer import MqttConsumer
from tests.support import assert_problem, create_defect_code, create_workstation
from tests.telemetry.support import (
    API,
    add_test,
    factory,
    get_json,
    publish,
    topic,
    units,
    wait_handled,
)


def _iso(minutes_ago: float) -> str:
    return (utcnow() - timedelta(minutes=minutes_ago)).isoformat()


async def _history(admin: AsyncClient, serial: str) -> list[dict[str, Any]]:
    return (await get_json(admin, f"/units/{serial}/history", limit=500))["items"]  # type: ignore[no-any-return]


async def _dead_letters(admin: AsyncClient, **params: Any) -> list[dict[str, Any]]:
    return (await get_json(admin, "/telemetry/dead-letters", limit=500, **params))["items"]  # type: ignore[no-any-return]


async def test_measurements(app: FastAPI, admin: AsyncClient, topic_root: str) -> None:
    floor = await factory(admin)
    await add_test(admin, floor, name="Torque")
    await add_test(admin, floor, name="Profile", kind="vector", lower_limit=0, upper_limit=10)
    serial, other = await units(admin, floor, 2)
    where = topic(topic_root, floor, "measurement")
    await publish(
        [
            (where, {"serial": serial, "test": "Torque", "value": 50.0}),
            (where, {"serial": other, "test": "Torque", "value": 60}),
            (where, {"serial": serial, "test": "Profile", "values": [1, 2.5, 9]}),
        ]
    )
    await wait_handled(app, 3)
    measured = [e for e in await _history(admin, serial) if e["type"] == "measured"]
    assert [(e["result"], e["actor"]) for e in measured] == [
        ("pass", f"mqtt:{where}"),
        ("pass", f"mqtt:{where}"),
    ]
    assert [e["result"] for e in await _history(admin, other) if e["type"] == "measured"] == [
        "fail"
    ]
    ledger = (await get_json(admin, "/telemetry/messages"))["items"]
    assert {m["outcome"] for m in ledger} == {"applied"}
    assert sorted(m["result"]["result"] for m in ledger) == ["fail", "pass", "pass"]
    assert {m["kind"] for m in ledger} == {"measurement"}
    assert await _dead_letters(admin) == []


async def test_unit_events(app: FastAPI, admin: AsyncClient, topic_root: str) -> None:
    floor = await factory(admin, steps=2, gates=(2,))
    scratch = await create_defect_code(admin, code="SCRATCH")
    a, b = await units(admin, floor, 2)
    first, second = topic(topic_root, floor, "event", 0), topic(topic_root, floor, "event", 1)
    # Identical messages without `msg_id` or `ts` would be duplicates: machines number them.
    events = [
        (first, {"serial": a, "action": "move"}),
        (first, {"serial": a, "action": "move"}),
        (second, {"serial": a, "action": "gate_pass"}),
        (first, {"serial": b, "action": "move"}),
        (first, {"serial": b, "action": "move"}),
        (second, {"serial": b, "action": "gate_fail", "defect_code": scratch["code"]}),
        (second, {"serial": b, "action": "scrap", "reason": "cracked"}),
    ]
    await publish([(t, p | {"msg_id": i}) for i, (t, p) in enumerate(events)])
    await wait_handled(app, 7)
    assert await _dead_letters(admin) == []
    unit_a = await get_json(admin, f"/units/{a}")
    assert unit_a["status"] == "completed"
    unit_b = await get_json(admin, f"/units/{b}")
    assert unit_b["status"] == "scrapped"
    history = await _history(admin, b)
    assert [(e["type"], e["actor"]) for e in history[1:]] == [
        ("moved", f"mqtt:{first}"),
        ("moved", f"mqtt:{first}"),
        ("gate_failed", f"mqtt:{second}"),
        ("scrapped", f"mqtt:{second}"),
    ]
    assert history[3]["defect_code"] == "SCRATCH"
    assert history[4]["notes"] == "cracked"
    audit = await get_json(admin, "/audit-log", entity_type="unit", entity_id=b)
    assert {e["actor"] for e in audit["items"]} == {f"mqtt:{first}", f"mqtt:{second}"}


async def test_machine_states(app: FastAPI, admin: AsyncClient, topic_root: str) -> None:
    floor = await factory(admin, steps=1)
    station = floor["workstations"][0]
    where = topic(topic_root, floor, "state")
    await publish(
        [
            (where, {"state": "running", "ts": _iso(60)}),
            (where, {"state": "running", "ts": _iso(50)}),  # no change
            (where, {"state": "down", "reason": "E-STOP", "ts": _iso(40)}),
            (where, {"state": "running", "ts": _iso(30)}),
            (where, {"state": "idle"}),  # now (received)
        ]
    )
    await wait_handled(app, 5)
    states = (await get_json(admin, f"/workstations/{station['id']}/states"))["items"]
    assert [(s["state"], s["reason"]) for s in states] == [
        ("running", None),
        ("down", "E-STOP"),
        ("running", None),
        ("idle", None),
    ]
    assert [s["ended_at"] is None for s in states] == [False, False, False, True]
    for earlier, later in itertools.pairwise(states):
        assert earlier["ended_at"] == later["started_at"]
    assert round(states[1]["seconds"]) == 600
    assert {s["actor"] for s in states} == {f"mqtt:{where}"}

    window = await get_json(
        admin,
        f"/workstations/{station['id']}/states",
        **{"from": _iso(45), "to": _iso(35)},
    )
    assert [s["state"] for s in window["items"]] == ["running", "down"]
    page = await get_json(admin, f"/workstations/{station['id']}/states", limit=3)
    rest = await get_json(
        admin, f"/workstations/{station['id']}/states", limit=3, cursor=page["next_cursor"]
    )
    assert [s["id"] for s in page["items"] + rest["items"]] == [s["id"] for s in states]
    assert rest["next_cursor"] is None

    # Every change of the current state went on the realtime bus (the outbox), numbered.
    await app.state.sequencer.catch_up()
    async with app.state.db.transaction(write=False) as session:
        rows = (
            await session.execute(
                select(OutboxEvent.seq, OutboxEvent.payload)
                .where(OutboxEvent.type == "machine_state")
                .order_by(OutboxEvent.seq)
            )
        ).all()
    assert all(seq is not None for seq, _ in rows)
    assert [(p["state"], p["previous_state"]) for _, p in rows] == [
        ("running", None),
        ("down", "running"),
        ("running", "down"),
        ("idle", "running"),
    ]
    assert {p["workstation_id"] for _, p in rows} == {station["id"]}
    audit = await get_json(admin, "/audit-log", entity_type="workstation", action="machine_state")
    assert len(audit["items"]) == 4

    assert_problem(await admin.get(f"{API}/workstations/999999/states"), 404, "not_found")
    r = await admin.get(
        f"{API}/workstations/{station['id']}/states", params={"from": _iso(1), "to": _iso(2)}
    )
    assert_problem(r, 422)
    r = await admin.get(
        f"{API}/workstations/{station['id']}/states", params={"from": "2026-01-01T00:00:00"}
    )
    assert_problem(r, 422)


async def test_late_states_are_inserted_where_they_belong(
    app: FastAPI, admin: AsyncClient, topic_root: str
) -> None:
    floor = await factory(admin, steps=1)
    station = floor["workstations"][0]
    where = topic(topic_root, floor, "state")
    twenty = _iso(20)
    await publish(
        [
            (where, {"state": "running", "ts": _iso(60)}),
            (where, {"state": "idle", "ts": twenty}),
            (where, {"state": "down", "reason": "JAM", "ts": _iso(40)}),  # late
            (where, {"state": "setup", "ts": _iso(90)}),  # before everything
            (where, {"state": "off", "ts": twenty}),  # same instant as "idle": replaces
        ]
    )
    await wait_handled(app, 5)
    states = (await get_json(admin, f"/workstations/{station['id']}/states"))["items"]
    assert [s["state"] for s in states] == ["setup", "running", "down", "off"]
    for earlier, later in itertools.pairwise(states):
        assert earlier["ended_at"] == later["started_at"]
    assert states[-1]["ended_at"] is None


async def test_counts(app: FastAPI, admin: AsyncClient, topic_root: str) -> None:
    floor = await factory(admin, steps=1)
    station = floor["workstations"][0]
    where = topic(topic_root, floor, "count")
    await publish(
        [
            (where, {"good": 1000, "reject": 10, "ts": _iso(50)}),  # baseline
            (where, {"good": 1040, "reject": 12, "ts": _iso(40)}),  # +40 / +2
            (where, {"good": 1030, "ts": _iso(45)}),  # older than the baseline: ignored
            (where, {"good": 1100, "ts": _iso(30)}),  # +60, reject unchanged
            (where, {"good": 5, "reject": 0, "ts": _iso(20)}),  # reset: +5 / +0
            (where, {"good": 25, "reject": 1, "ts": _iso(10)}),  # +20 / +1
        ]
    )
    await wait_handled(app, 6)
    totals = await get_json(admin, f"/workstations/{station['id']}/counts")
    assert (totals["good"], totals["reject"], totals["readings"], totals["resets"]) == (
        125,
        3,
        4,
        1,
    )
    recent = await get_json(admin, f"/workstations/{station['id']}/counts", **{"from": _iso(25)})
    assert (recent["good"], recent["reject"]) == (25, 1)
    ledger = (await get_json(admin, "/telemetry/messages", limit=10))["items"]
    results = sorted(str(m["result"]) for m in ledger)
    assert any("baseline" in r for r in results) and any("stale" in r for r in results)


async def test_bad_messages_become_dead_letters(
    app: FastAPI, admin: AsyncClient, topic_root: str
) -> None:
    floor = await factory(admin, steps=2, gates=(1,))
    await add_test(admin, floor, name="Torque")
    (serial,) = await units(admin, floor, 1)
    line = floor["line"]["code"]
    ws = floor["workstations"][0]["code"]
    m, s, c, e = (topic(topic_root, floor, k) for k in ("measurement", "state", "count", "event"))
    future = (utcnow() + timedelta(hours=2)).isoformat()
    bad = [
        (m, b"{not json", "malformed_payload"),
        (m, b"\xff\xfe\x00", "malformed_payload"),
        (m, b'{"serial": "x", "test": "Torque", "value": NaN}', "malformed_payload"),
        (s, b'["running"]', "invalid_payload"),
        (s, {"state": "exploded"}, "invalid_payload"),
        (c, {"good": 2**70}, "invalid_payload"),
        (c, {"good": 5, "ts": future}, "invalid_payload"),
        (c, {"good": 5, "ts": "2026-01-01T00:00:00"}, "invalid_payload"),
        (m, {"serial": "NO-SUCH-UNIT", "test": "Torque", "value": 50}, "not_found"),
        (m, {"serial": serial, "test": "Nope", "value": 50}, "test_not_on_route"),
        (e, {"serial": "NO-SUCH-UNIT", "action": "move"}, "not_found"),
        (e, {"serial": serial, "action": "teleport"}, "invalid_payload"),
        (e, {"serial": serial, "action": "scrap", "defect_code": "NOPE"}, "unknown_reference"),
        (f"{topic_root}/{line}/{ws}/temperature", {"v": 1}, "unknown_kind"),
        (f"{topic_root}/{line}/NOWS/state", {"state": "idle"}, "unknown_workstation"),
        (f"{topic_root}/NOLINE/{ws}/state", {"state": "idle"}, "unknown_workstation"),
    ]
    await publish([(t, p) for t, p, _ in bad])
    await wait_handled(app, len(bad))
    # A unit the command refuses (409): moved onto its gate, then moved again.
    await publish(
        [
            (e, {"serial": serial, "action": "move", "msg_id": "a"}),
            (e, {"serial": serial, "action": "move", "msg_id": "b"}),
        ]
    )
    await wait_handled(app, len(bad) + 2)
    # The consumer is still working.
    await publish([(s, {"state": "running"})])
    await wait_handled(app, len(bad) + 3)

    letters = await _dead_letters(admin)
    assert sorted(d["error_code"] for d in letters) == sorted(
        [code for _, _, code in bad] + ["gate_decision_required"]
    )
    expected = {(where, code) for where, _, code in bad} | {(e, "gate_decision_required")}
    assert {(d["topic"], d["error_code"]) for d in letters} == expected
    assert all(d["status"] == "open" and d["error"] and d["received_at"] for d in letters)
    by_payload = {d["payload"]: d for d in letters}
    assert by_payload["{not json"]["payload_encoding"] == "utf-8"
    assert [d["payload_encoding"] for d in letters].count("base64") == 1
    unit = await get_json(admin, f"/units/{serial}")
    assert (unit["step"], unit["awaiting"]) == (1, "gate_decision")
    states = await get_json(admin, f"/workstations/{floor['workstations'][0]['id']}/states")
    assert [x["state"] for x in states["items"]] == ["running"]
    ledger = await get_json(admin, "/telemetry/messages", outcome="dead_letter", limit=100)
    assert len(ledger["items"]) == len(bad) + 1
    only = await _dead_letters(admin, error_code="unknown_workstation")
    assert len(only) == 2
    one = await get_json(admin, f"/telemetry/dead-letters/{letters[0]['id']}")
    assert one == letters[0]
    assert_problem(await admin.get(f"{API}/telemetry/dead-letters/999999"), 404)


async def test_replay_after_the_cause_is_fixed(
    app: FastAPI, admin: AsyncClient, topic_root: str
) -> None:
    floor = await factory(admin, steps=1)
    (serial,) = await units(admin, floor, 1)
    line = floor["line"]["code"]
    await publish(
        [
            (f"{topic_root}/{line}/NEW1/state", {"state": "down", "reason": "E1"}),
            (
                topic(topic_root, floor, "measurement"),
                {"serial": serial, "test": "Gap", "value": 3},
            ),
            (topic(topic_root, floor, "state"), b"garbage"),
        ]
    )
    await wait_handled(app, 3)
    letters = {d["error_code"]: d for d in await _dead_letters(admin)}
    station_letter = letters["unknown_workstation"]
    test_letter = letters["test_not_on_route"]
    garbage = letters["malformed_payload"]

    # Still failing: 409, nothing changes.
    r = await admin.post(f"{API}/telemetry/dead-letters/{station_letter['id']}/replay")
    body = assert_problem(r, 409, "replay_failed")
    assert body["error_code"] == "unknown_workstation"
    assert (await get_json(admin, f"/telemetry/dead-letters/{station_letter['id']}"))[
        "status"
    ] == "open"

    # Fix the causes, replay.
    new = await create_workstation(admin, floor["line"]["id"], code="NEW1")
    await add_test(admin, floor, name="Gap", lower_limit=0, upper_limit=5)
    r = await admin.post(f"{API}/telemetry/dead-letters/{station_letter['id']}/replay")
    assert r.status_code == 200, r.text
    replayed = r.json()
    assert replayed["dead_letter"]["status"] == "replayed"
    assert replayed["dead_letter"]["resolved_by"] == "user:admin"
    assert replayed["result"]["state"] == "down"
    states = await get_json(admin, f"/workstations/{new['id']}/states")
    assert [(x["state"], x["reason"]) for x in states["items"]] == [("down", "E1")]

    r = await admin.post(f"{API}/telemetry/dead-letters/{test_letter['id']}/replay")
    assert r.status_code == 200, r.text
    assert r.json()["result"]["result"] == "pass"
    measured = [x for x in await _history(admin, serial) if x["type"] == "measured"]
    assert [x["actor"] for x in measured] == [f"mqtt:{topic(topic_root, floor, 'measurement')}"]

    # Once only; garbage can be discarded.
    again = await admin.post(f"{API}/telemetry/dead-letters/{test_letter['id']}/replay")
    assert_problem(again, 409, "dead_letter_resolved")
    r = await admin.post(f"{API}/telemetry/dead-letters/{garbage['id']}/discard")
    assert r.status_code == 200 and r.json()["status"] == "discarded"
    assert_problem(
        await admin.post(f"{API}/telemetry/dead-letters/{garbage['id']}/replay"),
        409,
        "dead_letter_resolved",
    )
    assert [d["id"] for d in await _dead_letters(admin, status="open")] == []
    ledger = await get_json(admin, "/telemetry/messages", outcome="applied")
    assert len(ledger["items"]) == 2
    audit = await get_json(admin, "/audit-log", entity_type="telemetry_dead_letter")
    assert sorted(x["action"] for x in audit["items"]) == ["discard", "replay", "replay"]
    # A redelivery of a replayed message is a duplicate.
    await publish(
        [(topic(topic_root, floor, "measurement"), {"serial": serial, "test": "Gap", "value": 3})]
    )
    await wait_handled(app, 4)
    assert len([x for x in await _history(admin, serial) if x["type"] == "measured"]) == 1


async def test_duplicates_apply_once(app: FastAPI, admin: AsyncClient, topic_root: str) -> None:
    floor = await factory(admin)
    await add_test(admin, floor, name="Torque", lower_limit=0, upper_limit=1000)
    (serial,) = await units(admin, floor, 1)
    where = topic(topic_root, floor, "measurement")
    ts = _iso(1)
    first = [
        (where, {"serial": serial, "test": "Torque", "value": 1, "msg_id": "m-1"}),
        (where, {"serial": serial, "test": "Torque", "value": 1, "msg_id": "m-1"}),
        (where, {"serial": serial, "test": "Torque", "value": 2, "ts": ts}),
        (where, {"serial": serial, "test": "Torque", "value": 2, "ts": ts}),
        (where, {"serial": serial, "test": "Torque", "value": 2, "ts": _iso(2)}),
    ]
    await publish(first)
    await wait_handled(app, len(first))
    # Later redeliveries (other batches) are duplicates too.
    await publish(first[:1] + first[2:3])
    await wait_handled(app, len(first) + 2)
    values = [x["notes"] for x in await _history(admin, serial) if x["type"] == "measured"]
    assert len(values) == 3, values
    assert app.state.mqtt.ingestor.stats.duplicates == 4
    status = await get_json(admin, "/telemetry/status")
    assert status["duplicates"] == 4 and status["applied"] == 3
    assert status["mqtt"] == "connected"


async def test_mapping_rule_end_to_end(app: FastAPI, admin: AsyncClient, topic_root: str) -> None:
    floor = await factory(admin)
    await add_test(admin, floor, name="Torque")
    (serial,) = await units(admin, floor, 1)
    station = floor["workstations"][0]
    press = f"{topic_root}-plant/press4/result"
    measure = {
        "name": "Press 4 torque",
        "topic_filter": f"{topic_root}-plant/+/result",
        "action": "measurement",
        "workstation_id": station["id"],
        "fields": {
            "serial": {"path": "$.part.sn"},
            "test": {"const": "Torque"},
            "value": {"path": "$.data['torque cNm']", "scale": 0.01},
            "msg_id": {"path": "$.seq"},
        },
        "condition": '$.kind == "result" and $.valid != false',
    }
    status = {
        "name": "Press 4 status",
        "topic_filter": f"{topic_root}-plant/press4/status",
        "action": "state",
        "workstation_id": station["id"],
        "fields": {
            "state": {"path": "$.st", "map": {"1": "running", "2": "idle", "3": "down"}},
            "reason": {"path": "$.alarm"},
        },
    }
    rules = []
    for body in (measure, status):
        r = await admin.post(f"{API}/telemetry/mappings", json=body)
        assert r.status_code == 201, r.text
        rules.append(r.json())
    consumer: MqttConsumer = app.state.mqtt
    from tests.telemetry.support import until

    async def subscribed() -> bool:
        return {measure["topic_filter"], status["topic_filter"]} <= consumer.subscriptions

    await until(subscribed, "subscriptions to the rules' filters")
    await publish(
        [
            (
                press,
                {"kind": "result", "seq": 1, "part": {"sn": serial}, "data": {"torque cNm": 5012}},
            ),
            (
                press,
                {
                    "kind": "result",
                    "seq": 2,
                    "valid": False,
                    "part": {"sn": serial},
                    "data": {"torque cNm": 1},
                },
            ),
            (press, {"kind": "heartbeat"}),
            (press, {"kind": "result", "seq": 3, "part": {}, "data": {}}),
            (f"{topic_root}-plant/press4/status", {"st": 3, "alarm": "A17"}),
        ]
    )
    await wait_handled(app, 5)
    measured = [x for x in await _history(admin, serial) if x["type"] == "measured"]
    assert [(x["result"], x["actor"], x["notes"]) for x in measured] == [
        ("pass", f"mapping:{rules[0]['id']}", "Torque: 50.12 Nm")
    ]
    states = await get_json(admin, f"/workstations/{station['id']}/states")
    assert [(x["state"], x["reason"], x["actor"]) for x in states["items"]] == [
        ("down", "A17", f"mapping:{rules[1]['id']}")
    ]
    letters = await _dead_letters(admin)
    assert [(d["error_code"], d["rule_id"]) for d in letters] == [
        ("invalid_payload", rules[0]["id"])
    ]
    ledger = (await get_json(admin, "/telemetry/messages", topic=press))["items"]
    ignored = [m for m in ledger if m["result"] and "ignored" in m["result"]]
    assert len(ignored) == 2 and {m["outcome"] for m in ignored} == {"applied"}
