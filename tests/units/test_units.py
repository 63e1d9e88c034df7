"""Unit execution: the Run Mode story, rules, bad input, access — on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import func, select

from app.models import AuditEntry, UnitEvent
from tests.conftest import login
from tests.support import (
    assert_problem,
    create_defect_code,
    create_order,
    create_user,
    order_audit_actions,
    shop_floor,
)

API = "/api/v1"


async def _order(
    admin: AsyncClient, steps: int = 3, gates: tuple[int, ...] = (), quantity: int = 10
) -> tuple[dict[str, Any], dict[str, Any]]:
    floor = await shop_floor(admin, steps=steps, gates=gates)
    order = await create_order(admin, floor["part"]["id"], quantity=quantity)
    return floor, order


async def _generate(admin: AsyncClient, number: str, count: int) -> list[dict[str, Any]]:
    r = await admin.post(f"{API}/orders/{number}/units", json={"count": count})
    assert r.status_code == 201, r.text
    return r.json()["items"]  # type: ignore[no-any-return]


async def _cmd(admin: AsyncClient, serial: str, command: str, **body: Any) -> dict[str, Any]:
    r = await admin.post(f"{API}/units/{serial}/{command}", json=body)
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


async def _history(admin: AsyncClient, serial: str) -> list[dict[str, Any]]:
    r = await admin.get(f"{API}/units/{serial}/history", params={"limit": 500})
    assert r.status_code == 200, r.text
    return r.json()["items"]  # type: ignore[no-any-return]


async def _order_state(admin: AsyncClient, number: str) -> dict[str, Any]:
    return (await admin.get(f"{API}/orders/{number}")).json()  # type: ignore[no-any-return]


async def test_run_mode_story(admin: AsyncClient) -> None:
    floor, order = await _order(admin, steps=3, gates=(3,), quantity=2)
    ws = floor["workstations"]
    defect = await create_defect_code(admin, code="SCRATCH", severity="major")
    assert order["number"] == "PO-0001"

    units = await _generate(admin, "PO-0001", 2)
    prefix = floor["part"]["serial_prefix"]
    assert [u["serial"] for u in units] == [f"{prefix}-00001", f"{prefix}-00002"]
    first = units[0]
    assert (first["status"], first["step"], first["awaiting"], first["workstation"]) == (
        "in_progress",
        0,
        "move",
        None,
    )
    assert first["order"] == "PO-0001" and first["part"] == floor["part"]["number"]
    assert (await _order_state(admin, "PO-0001"))["status"] == "running"

    serial = first["serial"]
    u = await _cmd(admin, serial, "move")
    assert (u["step"], u["workstation"], u["awaiting"]) == (1, ws[0]["code"], "move")
    await _cmd(admin, serial, "move")
    u = await _cmd(admin, serial, "move", expected_step=2)
    assert (u["step"], u["workstation_id"], u["awaiting"]) == (3, ws[2]["id"], "gate_decision")

    assert_problem(await admin.post(f"{API}/units/{serial}/move"), 409, "gate_decision_required")
    u = await _cmd(admin, serial, "gate", result="fail", defect_code="SCRATCH", notes="deep")
    assert (u["step"], u["awaiting"], u["status"]) == (3, "disposition", "in_progress")
    assert_problem(await admin.post(f"{API}/units/{serial}/move"), 409, "disposition_required")

    u = await _cmd(admin, serial, "rework", to_step=2, defect_code="SCRATCH")
    assert (u["step"], u["workstation"], u["awaiting"], u["rework_count"]) == (
        2,
        ws[1]["code"],
        "move",
        1,
    )
    await _cmd(admin, serial, "move")
    u = await _cmd(admin, serial, "gate", result="pass")
    assert (u["status"], u["step"], u["awaiting"], u["workstation"]) == (
        "completed",
        3,
        None,
        None,
    )

    history = await _history(admin, serial)
    assert [h["type"] for h in history] == [
        "created",
        "moved",
        "moved",
        "moved",
        "gate_failed",
        "reworked",
        "moved",
        "gate_passed",
        "completed",
    ]
    assert [h["step"] for h in history] == [0, 1, 2, 3, 3, 2, 3, 3, 3]
    failed = history[4]
    assert failed["result"] == "fail" and failed["defect_code"] == defect["code"]
    assert failed["notes"] == "deep" and failed["workstation"] == ws[2]["code"]
    assert history[8]["workstation"] == ws[2]["code"]
    assert all(h["actor"] == "user:admin" for h in history)
    assert [h["at"] for h in history] == sorted(h["at"] for h in history)

    visits = (await admin.get(f"{API}/units/{serial}/steps")).json()
    assert [(v["step"], v["outcome"]) for v in visits] == [
        (1, "moved"),
        (2, "moved"),
        (3, "reworked"),
        (2, "moved"),
        (3, "completed"),
    ]
    assert all(v["seconds"] >= 0 for v in visits)

    state = await _order_state(admin, "PO-0001")
    assert (state["started"], state["completed"], state["scrapped"], state["status"]) == (
        2,
        1,
        0,
        "running",
    )
    other = units[1]["serial"]
    await _cmd(admin, other, "scrap", reason="dropped", defect_code="SCRATCH")
    assert_problem(await admin.post(f"{API}/units/{other}/move"), 409, "unit_finished")
    state = await _order_state(admin, "PO-0001")
    # Short of its quantity: scrap does not complete the order, more units continue the serials.
    assert (state["completed"], state["scrapped"], state["status"]) == (1, 1, "running")
    (extra,) = await _generate(admin, "PO-0001", 1)
    assert extra["serial"] == f"{prefix}-00003"
    for _ in range(3):
        await _cmd(admin, extra["serial"], "move")
    await _cmd(admin, extra["serial"], "gate", result="pass")
    state = await _order_state(admin, "PO-0001")
    assert (state["started"], state["completed"], state["scrapped"], state["status"]) == (
        3,
        2,
        1,
        "complete",
    )
    assert_problem(
        await admin.post(f"{API}/orders/PO-0001/units", json={"count": 1}),
        409,
        "order_not_runnable",
    )


async def test_auto_complete_waits_for_units_in_progress(admin: AsyncClient) -> None:
    _, order = await _order(admin, steps=1, quantity=2)
    number = order["number"]
    a, b = await _generate(admin, number, 2)
    # Generation never over-produces: two units, then the quantity lowered to one.
    r = await admin.patch(f"{API}/orders/{number}", json={"quantity": 1})
    assert r.status_code == 200 and r.json()["status"] == "running", r.text
    await _cmd(admin, a["serial"], "move")
    await _cmd(admin, a["serial"], "move")
    assert (await _order_state(admin, number))["status"] == "running"  # b still in progress
    await _cmd(admin, b["serial"], "scrap", reason="extra")
    assert (await _order_state(admin, number))["status"] == "complete"


async def test_paused_and_closed_orders_refuse_work(admin: AsyncClient) -> None:
    _, order = await _order(admin, steps=1, quantity=5)
    number = order["number"]
    (unit,) = await _generate(admin, number, 1)
    serial = unit["serial"]
    await admin.post(f"{API}/orders/{number}/pause")
    r = await admin.post(f"{API}/units/{serial}/move")
    assert_problem(r, 409, "order_not_runnable")
    assert_problem(
        await admin.post(f"{API}/orders/{number}/units", json={"count": 1}),
        409,
        "order_not_runnable",
    )
    assert (await admin.get(f"{API}/units/{serial}")).json()["step"] == 0
    await admin.post(f"{API}/orders/{number}/resume")
    assert (await _cmd(admin, serial, "move"))["step"] == 1
    # Completing by override with a unit in progress needs word on it: it is scrapped, so a
    # closed order has no unit left to work on (issue 11, item 11).
    assert_problem(await admin.post(f"{API}/orders/{number}/complete"), 409, "units_in_progress")
    r = await admin.post(f"{API}/orders/{number}/complete", json={"open_units": "scrap"})
    assert r.status_code == 200, r.text
    assert (await admin.post(f"{API}/orders/{number}/close")).status_code == 200
    assert_problem(await admin.post(f"{API}/units/{serial}/move"), 409, "unit_finished")
    r = await admin.post(f"{API}/units/{serial}/scrap", json={"reason": "x"})
    assert_problem(r, 409, "unit_finished")
    assert_problem(
        await admin.post(f"{API}/orders/{number}/units", json={"count": 1}),
        409,
        "order_not_runnable",
    )


async def test_generating_starts_scheduled_order_and_audits(
    admin: AsyncClient, app: FastAPI
) -> None:
    _, order = await _order(admin)
    number = order["number"]
    await admin.post(f"{API}/orders/{number}/schedule")
    await _generate(admin, number, 3)
    state = await _order_state(admin, number)
    assert (state["status"], state["started"]) == ("running", 3)
    actions = await order_audit_actions(app, number)
    assert actions == ["create", "schedule", "start", "generate_units"]


async def test_unit_commands_are_audited(admin: AsyncClient, app: FastAPI) -> None:
    _, order = await _order(admin, steps=2, gates=(2,))
    (unit,) = await _generate(admin, order["number"], 1)
    serial = unit["serial"]
    await _cmd(admin, serial, "move")
    await _cmd(admin, serial, "move")
    await _cmd(admin, serial, "gate", result="fail")
    await _cmd(admin, serial, "scrap", reason="bad")
    async with app.state.db.transaction(write=False) as session:
        rows = (
            await session.scalars(
                select(AuditEntry)
                .where(AuditEntry.entity_type == "unit", AuditEntry.entity_id == serial)
                .order_by(AuditEntry.id)
            )
        ).all()
    assert [r.action for r in rows] == ["move", "move", "gate_fail", "scrap"]
    assert rows[1].before == {"step": 1, "status": "in_progress", "awaiting": "move"}
    assert rows[1].after == {"step": 2, "status": "in_progress", "awaiting": "gate_decision"}
    assert rows[3].after == {"step": 2, "status": "scrapped", "awaiting": None}


async def test_step_mismatch_and_not_a_gate(admin: AsyncClient) -> None:
    _, order = await _order(admin, steps=2)
    (unit,) = await _generate(admin, order["number"], 1)
    serial = unit["serial"]
    r = await admin.post(f"{API}/units/{serial}/move", json={"expected_step": 1})
    body = assert_problem(r, 409, "step_mismatch")
    assert body["step"] == 0
    await _cmd(admin, serial, "move", expected_step=0)
    assert_problem(
        await admin.post(f"{API}/units/{serial}/gate", json={"result": "pass"}), 409, "not_a_gate"
    )
    assert len(await _history(admin, serial)) == 2


async def _unchanged(admin: AsyncClient, serial: str) -> tuple[dict[str, Any], int]:
    unit = (await admin.get(f"{API}/units/{serial}")).json()
    return unit, len(await _history(admin, serial))


async def test_bad_input_changes_nothing(admin: AsyncClient) -> None:
    _, order = await _order(admin, steps=3, gates=(2,))
    number = order["number"]
    (unit,) = await _generate(admin, number, 1)
    serial = unit["serial"]
    await _cmd(admin, serial, "move")
    await _cmd(admin, serial, "move")
    before = await _unchanged(admin, serial)

    for command, body in [
        ("move", {}),
        ("gate", {"result": "pass"}),
        ("rework", {"to_step": 1}),
        ("scrap", {"reason": "x"}),
    ]:
        assert_problem(
            await admin.post(f"{API}/units/NOPE-1/{command}", json=body), 404, "not_found"
        )
    assert_problem(await admin.get(f"{API}/units/NOPE-1"), 404, "not_found")
    assert_problem(await admin.get(f"{API}/units/NOPE-1/history"), 404, "not_found")

    cases: list[tuple[str, Any, int, str]] = [
        ("rework", {"to_step": 3}, 409, "rework_forward"),
        ("rework", {"to_step": 99}, 422, "unknown_step"),
        ("rework", {"to_step": 0}, 422, "validation_error"),
        ("rework", {}, 422, "validation_error"),
        ("rework", {"to_step": "one"}, 422, "validation_error"),
        ("rework", {"to_step": 1, "defect_code": "NOPE"}, 422, "unknown_reference"),
        ("gate", {"result": "maybe"}, 422, "validation_error"),
        ("gate", {"result": "fail", "defect_code": "NOPE"}, 422, "unknown_reference"),
        ("gate", {}, 422, "validation_error"),
        ("scrap", {}, 422, "validation_error"),
        ("scrap", {"reason": ""}, 422, "validation_error"),
        ("scrap", {"reason": "x", "defect_code": "NOPE"}, 422, "unknown_reference"),
        ("move", {"expected_step": -1}, 422, "validation_error"),
        ("move", {"expected_step": 2**70}, 422, "validation_error"),
        ("move", {"sideways": True}, 422, "validation_error"),
        ("move", [], 422, "validation_error"),
    ]
    for command, body, status, code in cases:
        r = await admin.post(f"{API}/units/{serial}/{command}", json=body)
        assert_problem(r, status, code)
        assert await _unchanged(admin, serial) == before, (command, body)

    for count in (0, -1, 10_001, "ten", None):
        r = await admin.post(f"{API}/orders/{number}/units", json={"count": count})
        assert_problem(r, 422, "validation_error")
    assert_problem(await admin.post(f"{API}/orders/{number}/units", json={}), 422)
    assert_problem(
        await admin.post(f"{API}/orders/PO-4242/units", json={"count": 1}), 404, "not_found"
    )
    assert (await _order_state(admin, number))["started"] == 1
    listed = (await admin.get(f"{API}/units", params={"order": number})).json()["items"]
    assert [u["serial"] for u in listed] == [serial]


async def test_generate_ten_thousand(admin: AsyncClient) -> None:
    floor, order = await _order(admin, steps=2, quantity=10_000)
    units = await _generate(admin, order["number"], 10_000)
    prefix = floor["part"]["serial_prefix"]
    assert len(units) == 10_000
    assert units[0]["serial"] == f"{prefix}-00001" and units[-1]["serial"] == f"{prefix}-10000"
    wip = (await admin.get(f"{API}/wip")).json()
    assert wip["not_started"] == 10_000


async def test_serials_widen_past_their_digits(admin: AsyncClient) -> None:
    floor = await shop_floor(admin, steps=1)
    r = await admin.patch(f"{API}/parts/{floor['part']['id']}", json={"serial_digits": 1})
    assert r.status_code == 200, r.text
    order = await create_order(admin, floor["part"]["id"], quantity=11)
    serials = [u["serial"] for u in await _generate(admin, order["number"], 11)]
    prefix = floor["part"]["serial_prefix"]
    assert serials[0] == f"{prefix}-1" and serials[-1] == f"{prefix}-11"
    assert len(set(serials)) == 11


async def test_list_filters(admin: AsyncClient) -> None:
    floor, order = await _order(admin, steps=2)
    number = order["number"]
    a, b, c = await _generate(admin, number, 3)
    await _cmd(admin, a["serial"], "move")
    await _cmd(admin, c["serial"], "scrap", reason="x")

    async def serials(**params: Any) -> list[str]:
        r = await admin.get(f"{API}/units", params=params)
        assert r.status_code == 200, r.text
        return [u["serial"] for u in r.json()["items"]]

    assert await serials(order=number) == [a["serial"], b["serial"], c["serial"]]
    assert await serials(status="scrapped") == [c["serial"]]
    assert await serials(workstation_id=floor["workstations"][0]["id"]) == [a["serial"]]
    assert await serials(step=0, status="in_progress") == [b["serial"]]
    assert await serials(order=number, limit=2) == [a["serial"], b["serial"]]
    assert await serials(order="PO-9999") == []
    assert_problem(await admin.get(f"{API}/units", params={"status": "lost"}), 422)


async def test_operator_acts_only_on_own_lines(admin: AsyncClient, app: FastAPI) -> None:
    mine, theirs = await shop_floor(admin, steps=2), await shop_floor(admin, steps=2)
    own_order = await create_order(admin, mine["part"]["id"])
    other_order = await create_order(admin, theirs["part"]["id"])
    (own,) = await _generate(admin, own_order["number"], 1)
    (other,) = await _generate(admin, other_order["number"], 1)
    await create_user(
        admin,
        username="op-line",
        password="operator-pw-long",
        role="operator",
        line_ids=[mine["line"]["id"]],
    )
    operator = await login(app, "op-line", "operator-pw-long")
    try:
        assert (await operator.post(f"{API}/units/{own['serial']}/move")).status_code == 200
        r = await operator.post(f"{API}/units/{other['serial']}/move")
        assert_problem(r, 403, "not_your_station")
        r = await operator.post(f"{API}/orders/{other_order['number']}/units", json={"count": 1})
        assert_problem(r, 403, "not_your_station")
        assert (await admin.get(f"{API}/units/{other['serial']}")).json()["step"] == 0
    finally:
        await operator.aclose()


async def test_workstation_account_acts_only_at_its_station(
    admin: AsyncClient, app: FastAPI
) -> None:
    floor = await shop_floor(admin, steps=2)
    order = await create_order(admin, floor["part"]["id"])
    (unit,) = await _generate(admin, order["number"], 1)
    first, second = floor["workstations"]
    await create_user(
        admin,
        username="station1",
        password="station-pw-1",
        role="operator",
        kind="workstation",
        workstation_id=first["id"],
        line_ids=[floor["line"]["id"]],
    )
    station = await login(app, "station1", "station-pw-1")
    try:
        serial = unit["serial"]
        assert (await station.post(f"{API}/units/{serial}/move")).json()["step"] == 1
        assert (await station.post(f"{API}/units/{serial}/move")).json()["step"] == 2
        r = await station.post(f"{API}/units/{serial}/move")  # now at the second station
        assert_problem(r, 403, "not_your_station")
        assert second["id"] != first["id"]
    finally:
        await station.aclose()


async def test_history_event_count_in_database(admin: AsyncClient, app: FastAPI) -> None:
    _, order = await _order(admin, steps=2)
    (unit,) = await _generate(admin, order["number"], 1)
    for _ in range(3):
        await _cmd(admin, unit["serial"], "move")
    async with app.state.db.transaction(write=False) as session:
        count = await session.scalar(select(func.count()).select_from(UnitEvent))
    assert count == 4
