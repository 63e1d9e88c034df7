"""Gates enforce their step's tests (called by the unit engine's gate decision)."""

from __future__ import annotations

from app.db.executor import Executor
from app.quality import repository as repo
from app.quality.errors import TestsFailed, TestsIncomplete
from app.units.repository import UnitState


async def require_tests_passed(ex: Executor, state: UnitState) -> None:
    """Refuse a gate pass while a test of the step failed (409 `tests_failed`) or a required
    test has no measurement (409 `tests_incomplete`), counting only each test's latest
    measurement since the unit's last rework."""
    blockers = await repo.gate_blockers(
        ex,
        unit_id=state.id,
        revision_id=state.route_revision_id,
        step=state.step,
        rework_count=state.rework_count,
    )
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
