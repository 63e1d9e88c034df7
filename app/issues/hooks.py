"""What andon adds to unit and batch commands: a blocking issue on a workstation (or a line:
all its workstations) refuses the commands there with 409 `workstation_blocked` until it is
resolved.

`issues.workstation_block` reads, with the unit (the batch at its step), the first active
blocking issue at the workstation the command acts at — and, for a move or a gate pass, at
the one the unit enters; for a rework, at the step it goes back to — and refuses the change
when there is one. It keeps the lock-free path true to that read with a `guard`: the
compare-and-set writes only if no such issue is active as the write statement sees it. And
opening a blocking issue on a workstation or line takes PostgreSQL's EXCLUSIVE lock on the
units and batches tables for its (short) transaction (`app.issues.service`): a unit or batch
write in flight finishes first (the issue comes after it), and one that has not started waits
and then sees the issue in its statement's snapshot (its guard, or its locked read, refuses
it). Never half: the move is before the issue, or refused.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Table, and_, bindparam, literal_column, not_, or_, select

from app.issues.errors import WorkstationBlocked
from app.models import BatchStep, Issue, RouteStep, Workstation
from app.transitions.hooks import ReadScope, TransitionHook, TransitionHooks
from app.transitions.state import BATCH_ACTIONS, Action, AnyChange

issues = cast(Table, Issue.__table__)
route_steps = cast(Table, RouteStep.__table__)
batch_steps = cast(Table, BatchStep.__table__)
_station = cast(Table, Workstation.__table__).alias("block_station")
# As the partial index ix_issues_blocking_place says it (literals, so the planner uses it).
_ACTIVE: Any = literal_column("issues.blocking AND issues.status IN ('open', 'acknowledged')")

UNIT_ACTIONS = frozenset(
    {Action.MOVE, Action.GATE_PASS, Action.GATE_FAIL, Action.REWORK, Action.SCRAP}
)
# The unit commands that take it into the next step's workstation.
_ENTERING = frozenset({Action.MOVE, Action.GATE_PASS})


def _blocking_at(workstation_id: Any) -> Any:
    """The id of an active blocking issue at the workstation (on it, or on its line)."""
    # Every subquery here correlates to the row it is about (the unit's or batch's, two
    # levels up in an UPDATE's WHERE): only its own table is its FROM.
    line = (
        select(_station.c.line_id)
        .where(_station.c.id == workstation_id)
        .correlate_except(_station)
        .scalar_subquery()
    )
    return (
        select(issues.c.id)
        .where(
            _ACTIVE,
            or_(
                issues.c.workstation_id == workstation_id,
                and_(issues.c.workstation_id.is_(None), issues.c.line_id == line),
            ),
        )
        .limit(1)
        .correlate_except(issues)
        .scalar_subquery()
    )


def _step_station(revision_id: Any, seq: Any) -> Any:
    return (
        select(route_steps.c.workstation_id)
        .where(route_steps.c.revision_id == revision_id, route_steps.c.seq == seq)
        .correlate_except(route_steps)
        .scalar_subquery()
    )


def _places(action: Action, row: Any) -> list[Any]:
    """The workstations a command acts at, as SQL on the unit's (batch's) row."""
    if action in BATCH_ACTIONS:
        step = (
            select(batch_steps.c.workstation_id)
            .where(batch_steps.c.batch_id == row.c.id, batch_steps.c.seq == row.c.step)
            .correlate_except(batch_steps)
            .scalar_subquery()
        )
        return [step]
    places = [row.c.workstation_id]
    if action in _ENTERING:
        places.append(_step_station(row.c.route_revision_id, row.c.step + 1))
    return places


def read_blocking(scope: ReadScope) -> list[Any]:
    """One column per workstation the command acts at: an active blocking issue there."""
    if scope.batch is not None:
        return [_blocking_at(scope.batch.c.workstation_id)]
    places = _places(scope.action, scope.unit)
    if scope.action is Action.REWORK:
        to_step = bindparam("to_step", type_=route_steps.c.seq.type)
        places.append(_step_station(scope.unit.c.route_revision_id, to_step))
    return [_blocking_at(place) for place in places]


def refuse_if_blocked(change: AnyChange, seen: tuple[Any, ...]) -> None:
    issue_id = next((found for found in seen if found is not None), None)
    if issue_id is not None:
        raise WorkstationBlocked(
            f"a blocking issue (#{issue_id}) is open at this workstation: resolve it first",
            issue_id=issue_id,
        )


def no_blocking_issue(action: Action, table: Table) -> Any:
    """The compare-and-set's condition: still no active blocking issue where it acts."""
    return and_(*(not_(_blocking_at(place).is_not(None)) for place in _places(action, table)))


WORKSTATION_BLOCK = TransitionHook(
    "issues.workstation_block",
    UNIT_ACTIONS | BATCH_ACTIONS,
    read=read_blocking,
    verify=refuse_if_blocked,
    guard=no_blocking_issue,
)


def register(registry: TransitionHooks) -> None:
    """Register andon's transition hook (idempotent)."""
    registry.register(WORKSTATION_BLOCK)
