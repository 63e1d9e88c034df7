"""Gates enforce their step's tests: a check on every gate pass (see `app.quality.hooks`)."""

from __future__ import annotations

from app.db.command import Command
from app.quality import gate_repository as repo
from app.quality.errors import TestsFailed, TestsIncomplete
from app.transitions.state import Change


async def require_tests_passed(cmd: Command, change: Change) -> None:
    """Refuse a gate pass while a test of the step failed (409 `tests_failed`) or a required
    test has no measurement (409 `tests_incomplete`), counting only each test's latest
    measurement since the unit's last rework."""
    state = change.state
    blockers = await repo.gate_blockers(
        cmd.ex,
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
