"""Automatic andon issues: a machine reporting `down` over MQTT (the real Mosquitto) opens an
issue of its workstation's `auto_issue_type`, running again resolves it; on SQLite and
PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import select

from app.db.command import Command
from app.db.errors import IntegrityViolation
from app.db.executor import Executor
from app.equipment import hooks
from app.equipment.hooks import StateChange
from app.issues import automatic
from app.kit.time import utcnow
from app.models import Issue, OutboxEvent, UnitEvent
from app.telemetry.apply import classify
from tests.issues.support import create_issue_type, open_issue
from tests.support import assert_problem, create_workstation
from tests.telemetry.support import API, factory, get_json, publish, topic, units, wait_handled


def _iso(minutes_ago: float) -> str:
    return (utcnow() - timedelta(minutes=minutes_ago)).isoformat()


async def _issues(admin: AsyncClient, workstation_id: int) -> list[dict[str, Any]]:
    page = await get_json(admin, "/issues", workstation_id=workstation_id, limit=500)
    return list(reversed(page["items"]))  # oldest first


async def _set_auto(admin: AsyncClient, workstation_id: int, code: str | None) -> None:
    r = await admin.patch(f"{API}/workstations/{workstation_id}", json={"auto_issue_type": code})
    assert r.status_code == 200, r.text


async def test_down_opens_and_running_resolves(
    app: FastAPI, admin: AsyncClient, topic_root: str
) -> None:
    floor = await factory(admin, steps=2)
    kind = await create_issue_type(admin, code="MACHINE-DOWN", blocking=True)
    station, plain = floor["workstations"]
    await _set_auto(admin, station["id"], kind["code"])
    where, elsewhere = topic(topic_root, floor, "state"), topic(topic_root, floor, "state", 1)
    await publish(
        [
            (where, {"state": "running", "ts": _iso(60)}),
            (where, {"state": "down", "reason": "JAM", "ts": _iso(50)}),
            (where, {"state": "down", "reason": "E-STOP", "ts": _iso(45)}),  # still one issue
            (where, {"state": "idle", "ts": _iso(40)}),  # not running: stays open
            (where, {"state": "down", "ts": _iso(35)}),  # one is open: none more
            (where, {"state": "running", "ts": _iso(30)}),  # resolves it
            (where, {"state": "down", "ts": _iso(20)}),  # a new one
            (elsewhere, {"state": "down", "ts": _iso(20)}),  # no auto_issue_type: none
        ]
    )
    await wait_handled(app, 8)
    first, second = await _issues(admin, station["id"])
    actor = f"mqtt:{where}"
    assert first["title"] == f"{station['code']} down"
    assert first["description"] == f"reported by {actor}: JAM"
    assert (first["type"], first["blocking"], first["status"]) == ("MACHINE-DOWN", True, "resolved")
    assert (first["workstation_id"], first["line_id"], first["order"]) == (
        station["id"],
        floor["line"]["id"],
        None,
    )
    assert (first["opened_by"], first["resolved_by"]) == (actor, actor)
    assert first["resolution"] == "machine running again"
    assert (second["status"], second["resolved_at"]) == ("open", None)
    assert await _issues(admin, plain["id"]) == []

    # Audit and the `issue` events, as for a manual issue.
    audit = await get_json(admin, "/audit-log", entity_type="issue", entity_id=str(first["id"]))
    assert sorted(e["action"] for e in audit["items"]) == ["open", "resolve"]
    assert {e["actor"] for e in audit["items"]} == {actor}
    await app.state.sequencer.catch_up()
    async with app.state.db.transaction(write=False) as session:
        events = (
            await session.execute(
                select(OutboxEvent.line_id, OutboxEvent.payload)
                .where(OutboxEvent.type == "issue")
                .order_by(OutboxEvent.seq)
            )
        ).all()
    assert [(p["id"], p["status"]) for _, p in events] == [
        (first["id"], "open"),
        (first["id"], "resolved"),
        (second["id"], "open"),
    ]
    assert {line for line, _ in events} == {floor["line"]["id"]}
    assert events[1][1] == first

    # Acknowledged by hand, it is still the machine's: running resolves it.
    r = await admin.post(f"{API}/issues/{second['id']}/acknowledge")
    assert r.status_code == 200, r.text
    await publish([(where, {"state": "running", "ts": _iso(10)})])
    await wait_handled(app, 9)
    assert (await _issues(admin, station["id"]))[1]["status"] == "resolved"

    # Resolved by hand: the next `down` opens a new one; manual issues do not count.
    await open_issue(admin, type=kind["code"], workstation_id=station["id"])
    await publish([(where, {"state": "down", "ts": _iso(5)})])
    await wait_handled(app, 10)
    found = await _issues(admin, station["id"])
    assert [(i["opened_by"] == actor, i["status"]) for i in found] == [
        (True, "resolved"),
        (True, "resolved"),
        (False, "open"),
        (True, "open"),
    ]


async def test_replayed_down_opens_an_issue(
    app: FastAPI, admin: AsyncClient, topic_root: str
) -> None:
    """The REST way a state gets recorded: a dead letter's replay (an ORM-session command)."""
    floor = await factory(admin, steps=1)
    kind = await create_issue_type(admin, blocking=False)
    station = floor["workstations"][0]
    await _set_auto(admin, station["id"], kind["code"])
    where = topic(topic_root, floor, "state")
    await publish([(where, {"state": "down", "reason_code": "NOT-YET", "ts": _iso(5)})])
    await wait_handled(app, 1)
    letters = (await get_json(admin, "/telemetry/dead-letters"))["items"]
    assert [d["error_code"] for d in letters] == ["unknown_reference"]
    assert await _issues(admin, station["id"]) == []
    r = await admin.post(
        f"{API}/downtime-reasons",
        json={"code": "NOT-YET", "name": "Jam", "category": "equipment_failure"},
    )
    assert r.status_code == 201, r.text
    r = await admin.post(f"{API}/telemetry/dead-letters/{letters[0]['id']}/replay")
    assert r.status_code == 200, r.text
    [issue] = await _issues(admin, station["id"])
    assert (issue["status"], issue["blocking"], issue["type"]) == ("open", False, kind["code"])


async def test_auto_issue_type_must_exist(app: FastAPI, admin: AsyncClient) -> None:
    floor = await factory(admin, steps=1)
    station = floor["workstations"][0]
    r = await admin.patch(f"{API}/workstations/{station['id']}", json={"auto_issue_type": "NOPE"})
    body = assert_problem(r, 422, "unknown_reference")
    assert "auto_issue_type" in str(body)
    r = await admin.post(
        f"{API}/workstations",
        json={"code": "WS-X", "name": "X", "line_id": floor["line"]["id"], "auto_issue_type": "NO"},
    )
    assert_problem(r, 422, "unknown_reference")
    kind = await create_issue_type(admin)
    made = await create_workstation(admin, floor["line"]["id"], auto_issue_type=kind["code"])
    assert made["auto_issue_type"] == kind["code"]
    await _set_auto(admin, made["id"], None)
    r = await admin.get(f"{API}/workstations/{made['id']}")
    assert r.json()["auto_issue_type"] is None
    # Other fields patch without touching it.
    r = await admin.patch(f"{API}/workstations/{station['id']}", json={"name": "Renamed"})
    assert r.status_code == 200, r.text


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_racing_downs_open_one_issue(app: FastAPI, admin: AsyncClient) -> None:
    """Two transactions (two consumers) seeing no active automatic issue both insert one: the
    partial unique index refuses the second (its batch is then retried and finds it)."""
    floor = await factory(admin, steps=1)
    kind = await create_issue_type(admin)
    station = floor["workstations"][0]
    await _set_auto(admin, station["id"], kind["code"])
    db = app.state.db
    change = StateChange(
        station["id"], floor["line"]["id"], "down", "running", None, None, utcnow(), "test"
    )
    first, second = Command(db), Command(db)
    await automatic.on_state_change(first.ex, change)
    racing = asyncio.create_task(automatic.on_state_change(second.ex, change))
    await asyncio.sleep(0.2)  # the second insert waits on the index entry of the first
    assert not racing.done()
    await first.finish(commit=True)
    with pytest.raises(IntegrityViolation) as refused:
        await racing
    await second.finish(commit=False)
    assert refused.value.rule == "unique"
    assert classify(refused.value)[0] == "race"
    assert len(await _issues(admin, station["id"])) == 1


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_a_machine_going_down_while_units_move_in_is_never_half(
    app: FastAPI, admin: AsyncClient, topic_root: str
) -> None:
    """A blocking automatic issue opened by `down` over MQTT while units move into its
    workstation: every move either went in before the issue or was refused after it. The
    moves start while the batch that opens the issue is still open (a listener lingers)."""
    floor = await factory(admin, steps=2)
    kind = await create_issue_type(admin, code="MACHINE-DOWN", blocking=True)
    station = floor["workstations"][0]
    await _set_auto(admin, station["id"], kind["code"])
    serials = await units(admin, floor, 40)
    where = topic(topic_root, floor, "state")
    opening = asyncio.Event()

    async def linger(ex: Executor, change: StateChange) -> None:
        """After the issue is written, before the batch commits: the moves' window."""
        if change.state == "down":
            opening.set()
            await asyncio.sleep(0.3)

    async def move(serial: str) -> int:
        await opening.wait()
        await asyncio.sleep(0.002 * (hash(serial) % 20))
        return (await admin.post(f"{API}/units/{serial}/move")).status_code

    async def down() -> None:
        await publish([(where, {"state": "down", "reason": "JAM"})])
        await wait_handled(app, 1)

    hooks.register("test.linger", linger)  # after the automatic issue's listener
    try:
        *codes, _ = await asyncio.gather(*(move(s) for s in serials), down())
    finally:
        hooks.unregister("test.linger")
    assert set(codes) <= {200, 409}, codes
    [issue] = await _issues(admin, station["id"])
    assert (issue["blocking"], issue["status"]) == (True, "open")
    # After the issue nothing moves at the workstation: in (out of it) or into it.
    for serial in serials:
        assert_problem(await admin.post(f"{API}/units/{serial}/move"), 409, "workstation_blocked")
    async with app.state.db.transaction(write=False) as session:
        opened_at = await session.scalar(select(Issue.opened_at).where(Issue.id == issue["id"]))
        moved_at = (
            await session.scalars(
                select(UnitEvent.at).where(
                    UnitEvent.type == "moved", UnitEvent.to_workstation_id == station["id"]
                )
            )
        ).all()
    assert len(moved_at) == codes.count(200)
    assert opened_at is not None and all(at < opened_at for at in moved_at)
