"""Gates enforce their step's tests: a verification of every gate pass, on what the unit's
read found (see `app.quality.hooks`)."""

from __future__ import annotations

from typing import Any

from app.quality.errors import TestsFailed, TestsIncomplete
from app.quality.gate_repository import GateBlockers, blockers_of
from app.transitions.hooks import ReadScope
from app.transitions.state import Change


def read_blockers(scope: ReadScope) -> list[Any]:
    """The column the unit's read adds: what keeps it from passing its gate."""
    return [blockers_of(scope.unit)]


def require_tests_passed(change: Change, seen: tuple[Any, ...]) -> None:
    """Refuse a gate pass while a test of the step failed (409 `tests_failed`) or a required
    test has no measurement (409 `tests_incomplete`), counting only each test's latest
    measurement since the unit's last rework."""
    state = change.state
    blockers = GateBlockers.of(seen[0])
    if blockers.failed:
        raise TestsFailed(
            f"unit {state.serial}: the latest measurement of {', '.join(blockers.failed)} "
            "failed; measure again, or fail the gate",
            tests=blockers.failed,
        )
    if blockers.missing:
        raise TestsIncomplete(
            f"unit {state.serial}: required tests without a passing measurement: "
            f"{', '.join(blockers.missing)}",
            tests=blockers.missing,
        )
