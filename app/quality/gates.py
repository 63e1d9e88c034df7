"""Gates enforce their step's tests: a verification of every gate pass, on what the unit's
read found (see `app.quality.hooks`)."""

from __future__ import annotations

from typing import Any

from app.quality.errors import TestsFailed, TestsIncomplete
from app.quality.gate_repository import GateBlockers, batch_blockers_of, blockers_of
from app.transitions.hooks import ReadScope
from app.transitions.state import AnyChange, BatchChange


def read_blockers(scope: ReadScope) -> list[Any]:
    """The column the unit's read adds: what keeps it from passing its gate."""
    if scope.batch is not None:
        return [batch_blockers_of(scope.batch)]
    return [blockers_of(scope.unit)]


def require_tests_passed(change: AnyChange, seen: tuple[Any, ...]) -> None:
    """Refuse a gate pass while a test of the step failed (409 `tests_failed`) or a required
    test has no measurement (409 `tests_incomplete`), counting only each test's latest
    measurement since the unit's last rework."""
    if isinstance(change, BatchChange):
        if not change.state.is_gate:
            return  # a batch's tests are enforced at gate steps, as a unit's
        subject = f"batch {change.state.id}"
    else:
        subject = f"unit {change.state.serial}"
    blockers = GateBlockers.of(seen[0])
    if blockers.failed:
        raise TestsFailed(
            f"{subject}: the latest measurement of {', '.join(blockers.failed)} "
            "failed; measure again, or fail the gate",
            tests=blockers.failed,
        )
    if blockers.missing:
        raise TestsIncomplete(
            f"{subject}: required tests without a passing measurement: "
            f"{', '.join(blockers.missing)}",
            tests=blockers.missing,
        )
