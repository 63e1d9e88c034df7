"""The plant overview (today = the plant's local day) and the schedule with orders'
planned starts, on SQLite and PostgreSQL. Definitions: docs/reports.md."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import update

from app.config import Settings
from app.kit.time import utcnow
from app.models import Unit
from app.reports.service import local_day
from tests.conftest import make_settings
from tests.issues.support import create_issue_type, open_issue
from tests.support import assert_problem, create_order, order_audit_actions, shop_floor

API = "/api/v1"
ZONE = "Asia/Kolkata"  # UTC+05:30: the plant's day starts at 18:30Z


@pytest.fixture
def settings(database_url: str) -> Settings:
    return make_settings(database_url, timezone=ZONE)


async def _post(admin: AsyncClient, path: str, status: int = 200, **body: Any) -> Any:
    r = await admin.post(f"{API}{path}", json=body or None)
    assert r.status_code == status, r.text
    return r.json()


async def test_overview(admin: AsyncClient, app: FastAPI, settings: Settings) -> None:
    """Line A: a serial order (running: 3 units, U1 completed today, U2 completed yesterday
    in the plant, U3 in progress), a batch order (running; one batch of 40, 38 good at its
    last step today), a new order, a scheduled one, one blocked by a blocking issue, a
    cancelled one. Line B: a paused order, an open non-blocking issue, a resolved one."""
    a = await shop_floor(admin, steps=2)
    b = await shop_floor(admin, steps=1)
    la, lb = a["line"]["id"], b["line"]["id"]
    serial = await create_order(admin, a["part"]["id"], quantity=3, line_id=la)
    made = await _post(admin, f"/orders/{serial['number']}/units", 201, count=3)
    u1, u2, _ = [u["serial"] for u in made["items"]]
    for s in (u1, u2):
        for _ in range(3):
            await _post(admin, f"/units/{s}/move")
    since, _until = local_day(utcnow(), settings.zone)
    async with app.state.db.transaction() as session:
        await session.execute(
            update(Unit).where(Unit.serial == u2).values(finished_at=since - timedelta(seconds=1))
        )
    batched = await create_order(admin, a["part"]["id"], quantity=50, line_id=la, tracking="batch")
    batch = (await _post(admin, f"/orders/{batched['number']}/batches", 201, quantity=40))["id"]
    for seq, good, scrap in ((1, 39, 1), (2, 38, 1)):
        await _post(admin, f"/batches/{batch}/steps/{seq}/start")
        await _post(admin, f"/batches/{batch}/steps/{seq}/complete", good=good, scrap=scrap)
    await create_order(admin, a["part"]["id"], line_id=la)  # new
    scheduled = await create_order(admin, a["part"]["id"], line_id=la)
    await _post(admin, f"/orders/{scheduled['number']}/schedule")
    blocked = await create_order(admin, a["part"]["id"], line_id=la)
    await _post(admin, f"/orders/{blocked['number']}/start")
    stop = await create_issue_type(admin, blocking=True)
    await open_issue(admin, type=stop["code"], order=blocked["number"])
    cancelled = await create_order(admin, a["part"]["id"], line_id=la)
    await _post(admin, f"/orders/{cancelled['number']}/cancel")
    paused = await create_order(admin, b["part"]["id"], line_id=lb)
    await _post(admin, f"/orders/{paused['number']}/start")
    await _post(admin, f"/orders/{paused['number']}/pause")
    note = await create_issue_type(admin, blocking=False, severity="low")
    await open_issue(admin, type=note["code"], line_id=lb)
    done = await open_issue(admin, type=note["code"], line_id=lb)
    await _post(admin, f"/issues/{done['id']}/resolve", resolution="fixed")

    r = await admin.get(f"{API}/reports/overview")
    assert r.status_code == 200, r.text
    assert r.json() == {
        "orders_total": 7,
        "orders_in_progress": 3,  # serial, batch (running), paused
        "orders_pending": 2,  # new, scheduled
        "orders_blocked": 1,
        "done_today": 1 + 38,
        "open_issues": 2,
        "blocking_issues": 1,
        "active_lines": 1,  # line A: WIP and running orders; line B only paused
    }
    r = await admin.get(f"{API}/reports/overview", params={"line_id": lb})
    assert r.json() == {
        "orders_total": 1,
        "orders_in_progress": 1,
        "orders_pending": 0,
        "orders_blocked": 0,
        "done_today": 0,
        "open_issues": 1,
        "blocking_issues": 0,
        "active_lines": 0,
    }
    r = await admin.get(f"{API}/reports/overview", params={"line_id": la})
    assert r.json()["open_issues"] == 1 and r.json()["blocking_issues"] == 1  # by its order
    assert_problem(await admin.get(f"{API}/reports/overview", params={"line_id": 0}), 422)
    assert_problem(await admin.get(f"{API}/reports/overview", params={"line_id": 99999}), 404)


async def test_planned_start_on_orders(admin: AsyncClient) -> None:
    floor = await shop_floor(admin, steps=1)
    part = floor["part"]["id"]
    # 2026-03-10T20:00:00Z is already 11 March 01:30 in the plant: after a due date of the 10th.
    r = await admin.post(
        f"{API}/orders",
        json={
            "part_id": part,
            "quantity": 5,
            "due_date": "2026-03-10",
            "planned_start": "2026-03-10T20:00:00Z",
        },
    )
    body = assert_problem(r, 422)
    assert body["errors"][0]["loc"] == ["body", "planned_start"]
    order = await create_order(
        admin, part, due_date="2026-03-10", planned_start="2026-03-10T08:00:00+05:30"
    )
    assert order["planned_start"].startswith("2026-03-10T02:30:00")
    number = order["number"]
    for bad in (
        {"due_date": "2026-03-09"},
        {"planned_start": "2026-03-11T00:00:00+05:30"},
        {"planned_start": "2026-03-11"},
        {"planned_start": "2026-03-10T08:00:00"},
        {"planned_start": 5},
        {"planned_start": "0001-01-01T00:00:00+05:00"},
        {"planned_start": "9999-12-31T23:00:00-05:00"},
    ):
        assert_problem(await admin.patch(f"{API}/orders/{number}", json=bad), 422)
    r = await admin.patch(f"{API}/orders/{number}", json={"planned_start": "2026-03-09T06:00:00Z"})
    assert r.status_code == 200 and r.json()["planned_start"].startswith("2026-03-09T06:00:00")
    # The same instant in another offset changes nothing (no audit entry).
    r = await admin.patch(
        f"{API}/orders/{number}", json={"planned_start": "2026-03-09T11:30:00+05:30"}
    )
    assert r.status_code == 200
    assert await order_audit_actions(admin._transport.app, number) == ["create", "update"]  # type: ignore[attr-defined]
    r = await admin.patch(f"{API}/orders/{number}", json={"planned_start": None})
    assert r.json()["planned_start"] is None


async def test_schedule(admin: AsyncClient) -> None:
    a = await shop_floor(admin, steps=1)
    b = await shop_floor(admin, steps=1)
    part_a, part_b = a["part"]["id"], b["part"]["id"]
    la, lb = a["line"]["id"], b["line"]["id"]
    # Window: 1 March 00:00 to 8 March 00:00 local (UTC+05:30).
    window = {"from": "2026-02-28T18:30:00Z", "to": "2026-03-07T18:30:00Z"}
    spans = await create_order(
        admin,
        part_a,
        line_id=la,
        quantity=4,
        planned_start="2026-02-20T06:00:00Z",
        due_date="2026-03-01",
    )  # ends on the window's first day: in
    before = await create_order(
        admin, part_a, line_id=la, planned_start="2026-02-20T06:00:00Z", due_date="2026-02-28"
    )  # ends the day before: out
    late = await create_order(admin, part_a, line_id=la, planned_start="2026-03-07T18:00:00Z")
    # only a start, 23:30 local on the 7th: in
    after = await create_order(admin, part_a, line_id=la, planned_start="2026-03-07T18:30:00Z")
    due_only = await create_order(admin, part_b, line_id=lb, due_date="2026-03-07")  # in
    loose = await create_order(admin, part_b, due_date="2026-03-02")  # no line: unassigned
    await create_order(admin, part_b, line_id=lb)  # nothing planned: out
    gone = await create_order(admin, part_b, line_id=lb, due_date="2026-03-03")
    await _post(admin, f"/orders/{gone['number']}/cancel")
    # Progress: two units of `spans` completed.
    made = await _post(admin, f"/orders/{spans['number']}/units", 201, count=2)
    for unit in made["items"]:
        for _ in range(2):
            await _post(admin, f"/units/{unit['serial']}/move")
    r = await admin.get(f"{API}/schedule", params=window)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["timezone"] == ZONE
    lines = [(x["code"], [o["number"] for o in x["orders"]]) for x in body["lines"]]
    expected = sorted(
        [
            (a["line"]["code"], [spans["number"], late["number"]]),
            (b["line"]["code"], [due_only["number"]]),
        ]
    )
    assert lines == expected
    assert [o["number"] for o in body["unassigned"]] == [loose["number"]]
    first = next(x for x in body["lines"] if x["line_id"] == la)["orders"][0]
    assert first["progress"] == 0.5 and first["completed"] == 2 and first["quantity"] == 4
    assert before["number"] not in str(body) and after["number"] not in str(body)
    r = await admin.get(f"{API}/schedule", params=window | {"line_id": lb})
    assert [x["code"] for x in r.json()["lines"]] == [b["line"]["code"]]
    assert r.json()["unassigned"] == []
    for bad in (
        {"line_id": "x"},
        {"from": "2020-01-01T00:00:00Z", "to": "2026-01-01T00:00:00Z"},
        {"from": "2026-03-02T00:00:00Z", "to": "2026-03-01T00:00:00Z"},
        {"from": "9999-12-31T00:00:00Z", "to": "9999-12-31T23:59:59Z"},
        {"to": "0001-01-01T00:00:00Z"},
    ):
        assert_problem(await admin.get(f"{API}/schedule", params=bad), 422)
