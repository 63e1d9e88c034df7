"""What quality adds to unit transitions, registered with the pipeline at start-up.

- `quality.gate_tests`: a gate pass is refused while a test of the step failed or a required
  test has no measurement (`app.quality.gates`).
- `quality.inspection_log`: gate decisions, rework and scrap are quality events too; their
  rows are written with the transition (in its statement on PostgreSQL), then the alert rules
  are evaluated on them — after the unit's own rows, so dashboards see the unit's change
  before any alert it fires. A move records no quality event and has no quality hook, so it
  keeps its lock-free path.
"""

from __future__ import annotations

from app.db.command import Command
from app.quality import gates
from app.quality.alerts import rules
from app.quality.inspections import log as quality_log
from app.quality.inspections.repository import EVENT_COLUMNS, quality_events
from app.transitions.hooks import Rows, TransitionHook, TransitionHooks
from app.transitions.state import Action, Change


def _inspection_rows(change: Change) -> Rows:
    return Rows(quality_events, EVENT_COLUMNS, quality_log.from_history(change.history))


async def _evaluate_alerts(cmd: Command, change: Change) -> None:
    for event in quality_log.from_history(change.history):
        await rules.evaluate(cmd.ex, event)


GATE_TESTS = TransitionHook(
    "quality.gate_tests", frozenset({Action.GATE_PASS}), check=gates.require_tests_passed
)
INSPECTION_LOG = TransitionHook(
    "quality.inspection_log",
    frozenset({Action.GATE_PASS, Action.GATE_FAIL, Action.REWORK, Action.SCRAP}),
    rows=_inspection_rows,
    after=_evaluate_alerts,
)


def register(registry: TransitionHooks) -> None:
    """Register quality's transition hooks (idempotent)."""
    registry.register(GATE_TESTS)
    registry.register(INSPECTION_LOG)
