"""First pass yield: its SQL and the fold of its rows into step yields.

First pass yield needs each unit's *first* attempt at each route step. Reading the unit
history of 100,000 units for that is too slow, so it is derived from the units table and
the few quality events that end an attempt unsuccessfully (failed gate, rework, scrap;
`ix_quality_events_failures`):

* A unit's attempts at steps 1 … R have ended, R being the furthest step it left or failed
  at: steps 1 … `step` when completed, 1 … `step` - 1 otherwise, or the highest step of a
  failure. Each of those steps had exactly one *first* attempt.
* A failure at step s ended the first attempt at s exactly when the unit had no earlier
  failure at a step >= s (coming back to s takes a rework from s or beyond).
* So for a unit whose whole life lies inside the window, attempts and first-attempt failures
  follow from the units row and its failures, without reading its history. Only units whose
  life straddles a window edge are resolved from their history (`ix_unit_events_unit_id_id`,
  one index lookup each): for a window ending now, the units in progress.

Two or three short statements: a grouped scan of the units table (units that never failed,
the units finished in the window for route FPY, and whether any unit straddles an edge), the
units that failed (from their failure events), and, only when the summary found any, the
straddling units (from their history).

Batch quantities are added to the folded figures: each batch step completed in the window is
the one attempt of the items that entered it (`app.analytics.quality.batches`).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Integer,
    and_,
    bindparam,
    case,
    exists,
    func,
    literal,
    or_,
    select,
    text,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession

from app.analytics.quality import batches
from app.analytics.quality.schemas import StepYield
from app.analytics.scope import Scope
from app.analytics.sql import SINCE as _since
from app.analytics.sql import UNTIL as _until
from app.analytics.sql import flag, is_postgres
from app.analytics.window import ClosedWindow
from app.models import (
    Awaiting,
    EventType,
    QualityEvent,
    Route,
    RouteRevision,
    RouteStep,
    Unit,
    UnitEvent,
    UnitStatus,
    Workstation,
)
from app.models.quality import ATTEMPT_FAILURE

_COMPLETED = UnitStatus.COMPLETED.value
_SCRAPPED = UnitStatus.SCRAPPED.value
# History events that end an attempt at their `from_step`; the first two pass it.
PASSES = (EventType.MOVED.value, EventType.COMPLETED.value)
ATTEMPT_ENDS = (
    *PASSES,
    EventType.GATE_FAILED.value,
    EventType.REWORKED.value,
    EventType.SCRAPPED.value,
)
REACH, FAILED, EXACT, FINISHED = 0, 1, 2, 3


def _greater(a: Any, b: Any) -> Any:
    return case((a > b, a), else_=b)


@dataclass(frozen=True, slots=True)
class Attempts:
    """A row of the first-pass queries (see the module docstring).

    REACH: `count` units of `revision_id` ended their first attempts at steps 1 … `step`.
    FAILED: `count` first attempts at `step` failed (of units counted in REACH).
    EXACT: at `step`, `count` first attempts (straddling units), `passed` of them passed.
    FINISHED: `count` units of the revision (on line `line_id`) finished in the window,
    `passed` of them completed without rework or a failed gate.
    """

    kind: int
    revision_id: int
    step: int | None
    line_id: int | None
    count: int
    passed: int


_special = or_(
    Unit.rework_count > 0,
    Unit.status == _SCRAPPED,
    func.coalesce(Unit.awaiting == Awaiting.DISPOSITION.value, False),
)
# Every command that ends an attempt updates the unit.
_last_active = func.coalesce(Unit.finished_at, Unit.updated_at)
_inside = and_(Unit.created_at >= _since, _last_active < _until)
_straddles = and_(
    Unit.created_at < _until,
    _last_active >= _since,
    or_(Unit.created_at < _since, _last_active >= _until),
)
_passed = case((Unit.status == _COMPLETED, Unit.step), else_=Unit.step - 1)
_by_part = Unit.part_id == bindparam("part_id", type_=Unit.part_id.type)


# `ATTEMPT_FAILURE` is an OR: parenthesised, so the window bounds apply to all of it (and
# are index conditions of `ix_quality_events_failures`).
_attempt_failure = text(f"({ATTEMPT_FAILURE})")


def _units_summary(by_part: bool) -> Any:
    """Every unit but those whose whole life ended before the window, counted by the plain
    columns the figures derive from (route revision, line, status, step, rework count,
    awaiting) and whether its life lies inside the window (the others straddle an edge) and
    it finished in the window: one scan of the units table, grouped. Plain columns and two
    booleans keep the estimated number of groups small, so PostgreSQL can scan in parallel;
    the derived figures (step reached, failed somewhere, first pass) are computed from the
    few groups in Python."""
    units = (
        select(
            Unit.route_revision_id.label("revision_id"),
            Unit.line_id,
            Unit.status,
            Unit.step,
            Unit.rework_count,
            Unit.awaiting,
            _inside.label("inside"),
            and_(Unit.finished_at >= _since, Unit.finished_at < _until).label("finished"),
        )
        .where(Unit.created_at < _until, or_(Unit.created_at >= _since, _last_active >= _since))
        .where(_by_part if by_part else literal(True))
        .subquery("u")
    )
    keys = list(units.c)
    return select(*keys, func.count()).group_by(*keys)


def _special_units(by_part: bool) -> Any:
    """Units inside the window that failed somewhere: how far each got (REACH) and which
    failures ended a first attempt (FAILED), from their failure events alone (index-only
    scans of `ix_quality_events_failures`; subqueries rather than a CTE, so the planner sees
    their sizes). Both kinds of row are joined to the units table once, together."""

    def failures(name: str) -> Any:
        return (
            select(QualityEvent.id, QualityEvent.unit_id, QualityEvent.step)
            .where(_attempt_failure, QualityEvent.at >= _since, QualityEvent.at < _until)
            .subquery(name)
        )

    every, failure, earlier = failures("f"), failures("f"), failures("earlier")
    furthest = select(
        literal(REACH, Integer).label("kind"), every.c.unit_id, func.max(every.c.step).label("step")
    ).group_by(every.c.unit_id)
    first_failures = select(
        literal(FAILED, Integer).label("kind"), failure.c.unit_id, failure.c.step
    ).where(
        failure.c.step >= 1,
        ~exists().where(
            earlier.c.unit_id == failure.c.unit_id,
            earlier.c.id < failure.c.id,
            earlier.c.step >= failure.c.step,
        ),
    )
    ended = union_all(furthest, first_failures).subquery("ended")
    per_unit = (
        select(
            ended.c.kind,
            Unit.route_revision_id.label("revision_id"),
            case(
                (ended.c.kind == REACH, _greater(_passed, ended.c.step)), else_=ended.c.step
            ).label("step"),
        )
        .select_from(ended.join(Unit, Unit.id == ended.c.unit_id))
        .where(_special, _inside, _by_part if by_part else literal(True))
        .subquery("per_unit")
    )
    keys = list(per_unit.c)
    return select(*keys, func.count()).group_by(*keys)


def _straddling_units(postgres: bool, by_part: bool) -> Any:
    """Units active across a window edge: their first attempts from their history."""
    exact_units = (
        select(Unit.id, Unit.route_revision_id.label("revision_id"))
        .where(_straddles, _by_part if by_part else literal(True))
        .cte("x")
    )
    history = select(
        UnitEvent.id, UnitEvent.unit_id, UnitEvent.from_step, UnitEvent.type, UnitEvent.at
    ).where(UnitEvent.type.in_(ATTEMPT_ENDS), UnitEvent.from_step >= 1)
    if postgres:
        # One index lookup per unit; OFFSET 0 keeps the planner from flattening the lateral
        # subquery into a hash join over the whole history table.
        events: Any = history.where(UnitEvent.unit_id == exact_units.c.id).offset(0).lateral("e")
        joined = exact_units.join(events, literal(True))
    else:
        events = history.subquery("e")
        joined = exact_units.join(events, events.c.unit_id == exact_units.c.id)
    ranked = (
        select(
            exact_units.c.revision_id,
            events.c.from_step,
            events.c.type,
            events.c.at,
            func.row_number()
            .over(partition_by=(events.c.unit_id, events.c.from_step), order_by=events.c.id)
            .label("attempt"),
        )
        .select_from(joined)
        .subquery("ranked")
    )
    return (
        select(
            ranked.c.revision_id,
            ranked.c.from_step,
            func.count(),
            func.sum(flag(ranked.c.type.in_(PASSES))),
        )
        .where(ranked.c.attempt == 1, ranked.c.at >= _since, ranked.c.at < _until)
        .group_by(ranked.c.revision_id, ranked.c.from_step)
    )


_QUERIES = {
    (postgres, by_part): (
        _units_summary(by_part),
        _special_units(by_part),
        _straddling_units(postgres, by_part),
    )
    for postgres in (False, True)
    for by_part in (False, True)
}
_DISPOSITION = Awaiting.DISPOSITION.value


async def first_attempts(
    session: AsyncSession, since: datetime, until: datetime, part_id: int | None
) -> list[Attempts]:
    """Two short statements, the units summary and the failed units, and a third for the
    straddlers when the summary found any."""
    summary, failing, straddling = _QUERIES[(is_postgres(session), part_id is not None)]
    params: dict[str, Any] = {"since": since, "until": until}
    if part_id is not None:
        params["part_id"] = part_id
    found: list[Attempts] = []
    reached: dict[tuple[int, int], int] = {}
    finished: dict[tuple[int, int | None], list[int]] = {}
    straddlers = False
    for revision, line, status, step, rework_count, awaiting, inside, done, count in (
        await session.execute(summary, params)
    ).all():
        n = int(count)
        completed = status == _COMPLETED
        passed = int(step) if completed else int(step) - 1
        # `_special`: failed somewhere (reworked, scrapped, or waiting for a disposition).
        failed = rework_count > 0 or status == _SCRAPPED or awaiting == _DISPOSITION
        if not inside:
            straddlers = True
        elif not failed and passed >= 1:  # a plain unit inside the window
            key = (int(revision), passed)
            reached[key] = reached.get(key, 0) + n
        if done:
            sums = finished.setdefault((int(revision), line), [0, 0])
            sums[0] += n
            sums[1] += n if completed and rework_count == 0 else 0
    found += [Attempts(REACH, r, s, None, n, n) for (r, s), n in reached.items()]
    found += [Attempts(FINISHED, r, None, line, n, p) for (r, line), (n, p) in finished.items()]
    for kind, revision, step, count in (await session.execute(failing, params)).all():
        if step is not None and step >= 1:
            found.append(Attempts(int(kind), int(revision), int(step), None, int(count), 0))
    if straddlers:
        for revision, step, count, passed in (await session.execute(straddling, params)).all():
            found.append(
                Attempts(EXACT, int(revision), int(step), None, int(count), int(passed or 0))
            )
    return found


@dataclass(frozen=True, slots=True)
class StepInfo:
    revision_id: int
    route_id: int
    route_code: str
    revision: int
    seq: int
    name: str
    workstation_id: int
    line_id: int
    is_gate: bool


async def steps_of(session: AsyncSession, revision_ids: Sequence[int]) -> list[StepInfo]:
    """The steps of these route revisions with their route and workstation line."""
    if not revision_ids:
        return []
    stmt = (
        select(
            RouteStep.revision_id,
            Route.id,
            Route.code,
            RouteRevision.revision,
            RouteStep.seq,
            RouteStep.name,
            RouteStep.workstation_id,
            Workstation.line_id,
            RouteStep.is_gate,
        )
        .join(RouteRevision, RouteRevision.id == RouteStep.revision_id)
        .join(Route, Route.id == RouteRevision.route_id)
        .join(Workstation, Workstation.id == RouteStep.workstation_id)
        .where(RouteStep.revision_id.in_(sorted(set(revision_ids))))
        .order_by(Route.code, RouteRevision.revision, RouteStep.seq)
    )
    return [StepInfo(*row) for row in (await session.execute(stmt)).all()]


# -- the fold ---------------------------------------------------------------------------------


def ratio(part: int, whole: int) -> float | None:
    """`part / whole`, or None without a whole."""
    return part / whole if whole else None


@dataclass
class FirstPass:
    """Step yields, the route revisions' steps, and the units finished per revision."""

    steps: list[StepYield]
    by_revision: dict[int, list[StepInfo]]
    finished: dict[int, tuple[int, int]]  # revision → (finished, first pass), units and items


async def first_pass(session: AsyncSession, window: ClosedWindow, scope: Scope) -> FirstPass:
    """Step yields within the scope: the rows of `first_attempts` folded per step, and the
    batch steps completed in the window added to them (`app.analytics.quality.batches`)."""
    rows = await first_attempts(session, window.since, window.until, scope.part_id)
    batch_rows = await batches.steps_done(
        session, window.since, window.until, part_id=scope.part_id
    )
    steps = await steps_of(
        session, [r.revision_id for r in rows] + [b.revision_id for b in batch_rows]
    )
    by_revision: dict[int, list[StepInfo]] = defaultdict(list)
    for step in steps:
        by_revision[step.revision_id].append(step)
    attempted: dict[tuple[int, int], int] = defaultdict(int)
    passed: dict[tuple[int, int], int] = defaultdict(int)
    finished: dict[int, tuple[int, int]] = {}

    def count_finished(revision_id: int, line_id: int | None, done: int, first: int) -> None:
        through = any(scope.covers(s) for s in by_revision[revision_id])
        if (scope.line_id is None or line_id == scope.line_id) and (
            scope.workstation_id is None or through
        ):
            before = finished.get(revision_id, (0, 0))
            finished[revision_id] = (before[0] + done, before[1] + first)

    for row in rows:
        if row.kind == FINISHED:
            count_finished(row.revision_id, row.line_id, row.count, row.passed)
            continue
        assert row.step is not None
        if row.kind == REACH:  # a first attempt at each step up to `step`
            for seq in range(1, row.step + 1):
                attempted[row.revision_id, seq] += row.count
                passed[row.revision_id, seq] += row.count
        elif row.kind == FAILED:
            passed[row.revision_id, row.step] -= row.count
        else:
            attempted[row.revision_id, row.step] += row.count
            passed[row.revision_id, row.step] += row.passed
    # A completed batch step: the first (and only) attempt of its items, `good` passed. Its
    # scrap finished there; the good items of a batch's last step finished the route. Items
    # scrapped with their order finished too, without an attempt.
    for b in batch_rows:
        if b.attempt:
            attempted[b.revision_id, b.seq] += b.quantity_in
            passed[b.revision_id, b.seq] += b.good
        if b.scrap or b.completed:
            count_finished(b.revision_id, b.line_id, b.scrap + b.completed, b.completed)
    yields = []
    for step in steps:
        key = (step.revision_id, step.seq)
        if key not in attempted or not scope.covers(step):
            continue
        yields.append(
            StepYield(
                route_id=step.route_id,
                route=step.route_code,
                revision=step.revision,
                step=step.seq,
                name=step.name,
                workstation_id=step.workstation_id,
                is_gate=step.is_gate,
                attempted=attempted[key],
                first_pass=passed[key],
                fpy=ratio(passed[key], attempted[key]),
            )
        )
    return FirstPass(yields, by_revision, finished)


def rty(steps: list[StepYield]) -> float | None:
    """Rolled throughput yield: the product of the step yields."""
    factors = [s.fpy for s in steps if s.fpy is not None]
    return math.prod(factors) if factors else None
