"""What quality adds to unit transitions (and batch step completions), registered with the
pipeline at start-up.

- `quality.gate_tests`: a gate pass is refused while a test of the step failed or a required
  test has no measurement (`app.quality.gates`). What blocks the gate is read with the unit,
  in the same statement, and judged in Python: the pass keeps the lock-free path.
- `quality.inspection_log`: gate decisions, rework and scrap are quality events too; their
  rows are written with the transition (in its statement on PostgreSQL), then the alert rules
  are evaluated on them — after the unit's own rows, so dashboards see the unit's change
  before any alert it fires. The unit's read says whether any enabled rule could fire on the
  event; only then does the command take the locked path to evaluate them. A move records no
  quality event and has no quality hook.

A batch step's completion goes through both: a gate step's required tests are judged on the
batch's sample measurements, and its scrap (and a gate step's pass) are quality events
counted by quantity (`app.quality.inspections.log.from_batch`).
"""

from __future__ import annotations

from typing import Any

from app.db.command import Command
from app.quality import gates
from app.quality.alerts import rules
from app.quality.inspections import log as quality_log
from app.quality.inspections.repository import EVENT_COLUMNS, quality_events
from app.transitions.hooks import ReadScope, Rows, TransitionHook, TransitionHooks
from app.transitions.state import Action, AnyChange, Change


def _events(change: AnyChange) -> list[dict[str, Any]]:
    if isinstance(change, Change):
        return quality_log.from_history(change.history)
    return quality_log.from_batch(change)


def _inspection_rows(change: AnyChange) -> Rows:
    return Rows(quality_events, EVENT_COLUMNS, _events(change))


def _rules_that_may_fire(scope: ReadScope) -> list[Any]:
    # The event is at the unit's (the batch step's) workstation, with the command's defect
    # code.
    subject = scope.unit if scope.batch is None else scope.batch
    return [
        rules.may_fire(
            subject.c.workstation_id,
            scope.defect_code_id,
            failed_inspection=scope.action is Action.GATE_FAIL,
        )
    ]


def _some_rule_may_fire(change: AnyChange, seen: tuple[Any, ...]) -> bool:
    return bool(seen[0])


async def _evaluate_alerts(cmd: Command, change: AnyChange) -> None:
    for event in _events(change):
        await rules.evaluate(cmd.ex, event)


GATE_TESTS = TransitionHook(
    "quality.gate_tests",
    frozenset({Action.GATE_PASS, Action.BATCH_COMPLETE}),
    read=gates.read_blockers,
    verify=gates.require_tests_passed,
)
INSPECTION_LOG = TransitionHook(
    "quality.inspection_log",
    frozenset(
        {Action.GATE_PASS, Action.GATE_FAIL, Action.REWORK, Action.SCRAP, Action.BATCH_COMPLETE}
    ),
    read=_rules_that_may_fire,
    rows=_inspection_rows,
    after=_evaluate_alerts,
    after_if=_some_rule_may_fire,
)


def register(registry: TransitionHooks) -> None:
    """Register quality's transition hooks (idempotent)."""
    registry.register(GATE_TESTS)
    registry.register(INSPECTION_LOG)
