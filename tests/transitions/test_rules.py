"""The transition rules, without a database: what a command may do and where it takes a unit."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from app.auth.errors import NotYourStation
from app.auth.principal import Principal
from app.models import EventType, Role
from app.transitions import rules
from app.transitions.errors import (
    DispositionRequired,
    GateDecisionRequired,
    NotAGate,
    NotStarted,
    OrderNotRunnable,
    ReworkForward,
    StepMismatch,
    UnitFinished,
)
from app.transitions.state import Action, StepInfo, UnitState

AT = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)
EARLIER = datetime(2026, 12, 2, 7, 0, tzinfo=UTC)
ADMIN = Principal(kind="user", id=1, name="admin", role=Role.ADMIN)


def unit(**changes: object) -> UnitState:
    """A unit at step 1 (workstation 10 on line 1) of a 3-step route, step 2 a gate."""
    state = UnitState(
        id=7,
        serial="SMX-00007",
        order_id=3,
        order_number="PO-0003",
        order_status="running",
        part_number="SMX",
        route_revision_id=5,
        line_id=1,
        status="in_progress",
        step=1,
        awaiting="move",
        workstation_id=10,
        workstation_code="ASM",
        workstation_line_id=1,
        is_gate=False,
        rework_count=0,
        created_at=EARLIER,
        updated_at=EARLIER,
        step_entered_at=EARLIER,
        next_step=2,
        next_workstation_id=20,
        next_workstation_code="QC",
        next_workstation_line_id=1,
        next_is_gate=True,
    )
    return replace(state, **changes)  # type: ignore[arg-type]


def operator(*lines: int, workstation_id: int | None = None) -> Principal:
    return Principal(
        kind="user",
        id=9,
        name="olga",
        role=Role.OPERATOR,
        line_ids=frozenset(lines),
        workstation_id=workstation_id,
    )


def test_a_move_enters_the_next_step_and_awaits_its_gate() -> None:
    change = rules.move(unit(), ADMIN, AT, notes="ok")
    assert change.action is Action.MOVE
    assert change.position.step == 2 and change.position.workstation_code == "QC"
    assert change.position.awaiting == "gate_decision"
    assert [h["type"] for h in change.history] == [EventType.MOVED.value]
    assert change.history[0]["notes"] == "ok" and change.history[0]["actor"] == "user:admin"
    assert change.outbox[0]["from_workstation_id"] == 10
    assert change.outbox[0]["to_workstation_id"] == 20
    values = change.unit_values()
    assert values["step_entered_at"] == AT and values["finished_at"] is None
    assert change.finish() is None


def test_a_move_from_the_last_step_completes_the_unit_and_counts_it() -> None:
    last = unit(step=3, workstation_id=30, next_step=None, next_workstation_id=None)
    change = rules.move(last, ADMIN, AT)
    assert change.position.status == "completed" and change.position.workstation_id is None
    assert change.history[0]["type"] == EventType.COMPLETED.value
    assert change.unit_values()["finished_at"] == AT
    finish = change.finish()
    assert finish is not None and not finish.scrapped and finish.order_id == 3


def test_a_move_is_refused_for_what_a_client_can_fix() -> None:
    with pytest.raises(StepMismatch):
        rules.move(unit(), ADMIN, AT, expected_step=2)
    with pytest.raises(GateDecisionRequired):
        rules.move(unit(step=2, is_gate=True, awaiting="gate_decision"), ADMIN, AT)
    with pytest.raises(DispositionRequired):
        rules.move(unit(step=2, is_gate=True, awaiting="disposition"), ADMIN, AT)
    with pytest.raises(UnitFinished):
        rules.move(unit(status="completed"), ADMIN, AT)
    with pytest.raises(OrderNotRunnable):
        rules.move(unit(order_status="paused"), ADMIN, AT)


def test_operators_act_on_their_lines_and_stations_at_theirs() -> None:
    rules.move(unit(), operator(1), AT)
    with pytest.raises(NotYourStation):
        rules.move(unit(), operator(2), AT)
    rules.move(unit(), operator(1, workstation_id=10), AT)
    with pytest.raises(NotYourStation):
        rules.move(unit(), operator(1, workstation_id=20), AT)
    # Before step 1 the first step's station acts.
    fresh = unit(step=0, workstation_id=None, workstation_line_id=None, next_step=1)
    fresh = replace(fresh, next_workstation_id=10, next_workstation_line_id=1)
    rules.move(fresh, operator(1, workstation_id=10), AT)
    with pytest.raises(NotYourStation):
        rules.move(fresh, operator(2), AT)


def test_gate_pass_records_the_inspection_then_moves_on() -> None:
    at_gate = unit(step=2, workstation_id=20, is_gate=True, awaiting="gate_decision")
    at_gate = replace(at_gate, next_step=3, next_workstation_id=30, next_is_gate=False)
    rules.check_gate_decision(at_gate, ADMIN)
    change = rules.gate_pass(at_gate, "user:admin", AT, defect_code_id=4, notes="fine")
    assert [h["type"] for h in change.history] == ["gate_passed", "moved"]
    assert change.history[0]["result"] == "pass" and change.history[0]["defect_code_id"] == 4
    assert change.history[0]["from_step"] == change.history[0]["to_step"] == 2
    assert change.position.step == 3 and change.position.awaiting == "move"


def test_gate_fail_waits_for_disposition_and_only_at_an_undecided_gate() -> None:
    at_gate = unit(step=2, workstation_id=20, is_gate=True, awaiting="gate_decision")
    change = rules.gate_fail(at_gate, "mqtt:t", AT, notes="Torque failed")
    assert change.position.awaiting == "disposition" and change.position.step == 2
    assert change.history[0]["result"] == "fail"
    assert rules.fails_gate_at(at_gate, 2)
    assert not rules.fails_gate_at(at_gate, 1)
    assert not rules.fails_gate_at(replace(at_gate, awaiting="disposition"), 2)
    assert not rules.fails_gate_at(replace(at_gate, order_status="paused"), 2)
    with pytest.raises(NotAGate):
        rules.check_gate_decision(unit(), ADMIN)
    with pytest.raises(DispositionRequired):
        rules.check_gate_decision(replace(at_gate, awaiting="disposition"), ADMIN)


def test_rework_goes_back_and_counts() -> None:
    at_three = unit(step=3, workstation_id=30)
    rules.check_rework(at_three, ADMIN)
    gate = StepInfo(seq=2, workstation_id=20, workstation_code="QC", line_id=1, is_gate=True)
    rules.check_rework_target(at_three, gate)
    change = rules.rework(at_three, ADMIN, AT, gate, defect_code_id=4)
    assert change.position.step == 2 and change.position.awaiting == "gate_decision"
    assert change.rework_count == 1 and change.unit_values()["rework_count"] == 1
    later = StepInfo(seq=3, workstation_id=30, workstation_code="PK", line_id=1, is_gate=False)
    with pytest.raises(ReworkForward):
        rules.check_rework_target(unit(), later)
    with pytest.raises(NotStarted):
        rules.check_rework(unit(step=0), ADMIN)


def test_scrap_is_a_disposition_allowed_while_the_order_is_held() -> None:
    held = unit(order_status="paused")
    rules.check_scrap(held, ADMIN)
    change = rules.scrap(held, "user:admin", AT, reason="cracked")
    assert change.position.status == "scrapped" and change.history[0]["notes"] == "cracked"
    finish = change.finish()
    assert finish is not None and finish.scrapped
    with pytest.raises(OrderNotRunnable):
        rules.check_scrap(unit(order_status="closed"), ADMIN)
    with pytest.raises(UnitFinished):
        rules.check_scrap(unit(status="scrapped"), ADMIN)


def test_the_audit_entry_says_before_and_after() -> None:
    before, after = rules.move(unit(), ADMIN, AT).audit_values()
    assert before == {"step": 1, "status": "in_progress", "awaiting": "move"}
    assert after == {"step": 2, "status": "in_progress", "awaiting": "gate_decision"}
