"""SQL for quality analytics: one set-based statement per figure, over a time window.

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
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Float,
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

from app.db.base import UTCDateTime
from app.models import (
    Awaiting,
    DefectCode,
    EventType,
    Measurement,
    QualityEvent,
    QualityEventType,
    Route,
    RouteRevision,
    RouteStep,
    TestDefinition,
    Unit,
    UnitEvent,
    UnitStatus,
    Workstation,
)
from app.models.quality import ATTEMPT_FAILURE

_since = bindparam("since", type_=UTCDateTime())
_until = bindparam("until", type_=UTCDateTime())
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


def _is(condition: Any) -> Any:
    """A condition as 1/0, NULL counting as 0 (sums the same on both databases)."""
    return case((condition, 1), else_=0)


def _greater(a: Any, b: Any) -> Any:
    return case((a > b, a), else_=b)


# Per-transaction settings for analytics on PostgreSQL (one round trip): JIT compilation
# costs more than these short aggregates take; sorts and hashes should stay in memory; and
# every statement is planned for its window (a generic plan, chosen after five executions of
# a prepared statement, cannot tell one day from a year of history).
_SETTINGS = text(
    "SELECT set_config('jit', 'off', true), set_config('work_mem', '64MB', true), "
    "set_config('plan_cache_mode', 'force_custom_plan', true)"
)


async def prepare(session: AsyncSession) -> None:
    """Per-transaction settings for analytics on PostgreSQL (`_SETTINGS`)."""
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(_SETTINGS)


# -- first pass yield -------------------------------------------------------------------------


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
            func.sum(_is(ranked.c.type.in_(PASSES))),
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


def _postgres(session: AsyncSession) -> bool:
    return session.get_bind().dialect.name == "postgresql"


async def first_attempts(
    session: AsyncSession, since: datetime, until: datetime, part_id: int | None
) -> list[Attempts]:
    """Two short statements, the units summary and the failed units, and a third for the
    straddlers when the summary found any."""
    summary, failing, straddling = _QUERIES[(_postgres(session), part_id is not None)]
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


# -- units finished in the window: route FPY, scrap and rework ratios -------------------------


@dataclass(frozen=True, slots=True)
class Finished:
    """Units of one route revision finished (completed or scrapped) in the window."""

    revision_id: int
    finished: int
    completed: int
    first_pass: int  # completed, never reworked
    scrapped: int
    reworked: int  # reworked at least once


def _through(workstation: Any) -> Any:
    """The unit's route revision has a step at the workstation."""
    return exists().where(
        RouteStep.revision_id == Unit.route_revision_id, RouteStep.workstation_id == workstation
    )


def _finished(by_part: bool, by_line: bool, by_workstation: bool) -> Any:
    ws = bindparam("workstation_id", type_=Workstation.id.type)
    scrapped: Any = Unit.status == _SCRAPPED
    reworked: Any = Unit.rework_count > 0
    if by_workstation:
        # Scrapped at a step of this workstation; sent back (reworked) from it.
        scrapped = and_(
            scrapped,
            exists().where(
                RouteStep.revision_id == Unit.route_revision_id,
                RouteStep.seq == Unit.step,
                RouteStep.workstation_id == ws,
            ),
        )
        reworked = and_(
            reworked,
            exists().where(
                QualityEvent.unit_id == Unit.id,
                QualityEvent.type == QualityEventType.REWORK.value,
                QualityEvent.workstation_id == ws,
            ),
        )
    stmt = (
        select(
            Unit.route_revision_id,
            func.count(),
            func.sum(_is(Unit.status == _COMPLETED)),
            func.sum(_is(and_(Unit.status == _COMPLETED, Unit.rework_count == 0))),
            func.sum(_is(scrapped)),
            func.sum(_is(reworked)),
        )
        .where(Unit.finished_at >= _since, Unit.finished_at < _until)
        .group_by(Unit.route_revision_id)
    )
    if by_part:
        stmt = stmt.where(Unit.part_id == bindparam("part_id", type_=Unit.part_id.type))
    if by_line:
        stmt = stmt.where(Unit.line_id == bindparam("line_id", type_=Unit.line_id.type))
    if by_workstation:
        stmt = stmt.where(_through(ws))
    return stmt


_FINISHED = {
    (p, line, w): _finished(p, line, w)
    for p in (False, True)
    for line in (False, True)
    for w in (False, True)
}


async def finished_units(
    session: AsyncSession,
    since: datetime,
    until: datetime,
    *,
    part_id: int | None = None,
    line_id: int | None = None,
    workstation_id: int | None = None,
) -> list[Finished]:
    filters = {"part_id": part_id, "line_id": line_id, "workstation_id": workstation_id}
    stmt = _FINISHED[(part_id is not None, line_id is not None, workstation_id is not None)]
    params: dict[str, Any] = {"since": since, "until": until}
    params.update({k: v for k, v in filters.items() if v is not None})
    rows = (await session.execute(stmt, params)).all()
    return [Finished(*(int(v or 0) for v in row)) for row in rows]


# -- defect Pareto ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DefectCount:
    code: str
    description: str
    severity: str
    count: int


async def defect_counts(
    session: AsyncSession,
    since: datetime,
    until: datetime,
    *,
    type_: QualityEventType | None = None,
    part_id: int | None = None,
    line_id: int | None = None,
    workstation_id: int | None = None,
) -> list[DefectCount]:
    """Quality events carrying a defect code, counted per code, most frequent first."""
    count = func.count().label("n")
    stmt: Any = (
        select(DefectCode.code, DefectCode.description, DefectCode.severity, count)
        .join(QualityEvent, QualityEvent.defect_code_id == DefectCode.id)
        .where(QualityEvent.at >= since, QualityEvent.at < until)
        .group_by(DefectCode.id, DefectCode.code, DefectCode.description, DefectCode.severity)
        .order_by(count.desc(), DefectCode.code)
    )
    if type_ is not None:
        stmt = stmt.where(QualityEvent.type == type_.value)
    if workstation_id is not None:
        stmt = stmt.where(QualityEvent.workstation_id == workstation_id)
    if line_id is not None:
        stmt = stmt.join(Workstation, Workstation.id == QualityEvent.workstation_id).where(
            Workstation.line_id == line_id
        )
    if part_id is not None:
        stmt = stmt.join(Unit, Unit.id == QualityEvent.unit_id).where(Unit.part_id == part_id)
    return [DefectCount(*row) for row in (await session.execute(stmt)).all()]


# -- test statistics --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TestSums:
    """Per test: sums over its measurements, from which mean and variance follow exactly.

    Values are shifted by `shift` (the middle of the limits) so the sums of squares stay
    small next to the variance: no catastrophic cancellation for values far from zero.
    """

    __test__ = False  # not a pytest test class

    test_id: int
    name: str
    route_id: int
    step: int
    unit: str
    kind: str
    lower_limit: float | None
    upper_limit: float | None
    count: int
    passed: int
    points: int
    shift: float
    shifted_sum: float  # Σ n_i (mean_i - shift)
    shifted_squares: float  # Σ [m2_i + n_i (mean_i - shift)²]
    low: float
    high: float


def _shift() -> Any:
    """The middle of a test's limits (or its one limit): the shift of its sums."""
    # Float literals: `/ 2` would be NUMERIC arithmetic, several times slower per row.
    return func.coalesce(
        (TestDefinition.lower_limit + TestDefinition.upper_limit) * literal(0.5, Float),
        TestDefinition.lower_limit,
        TestDefinition.upper_limit,
        literal(0.0, Float),
    )


def _test_sums(
    since: datetime,
    until: datetime,
    *,
    test_id: int | None,
    part_id: int | None,
    line_id: int | None,
    workstation_id: int | None,
) -> Any:
    """Each test definition's sums over its measurements in the window, as one grouped join.

    (A lateral scan per test definition is an index-only scan, and faster, only with the
    summary columns in the index, which costs machine ingest too much: see the README.)"""
    shift = _shift()
    offset = Measurement.mean - shift
    stmt: Any = (
        select(
            TestDefinition.id,
            TestDefinition.name,
            TestDefinition.route_id,
            TestDefinition.step,
            TestDefinition.unit,
            TestDefinition.kind,
            TestDefinition.lower_limit,
            TestDefinition.upper_limit,
            func.count(),
            func.count().filter(Measurement.result == "pass"),
            func.sum(Measurement.points),
            shift,  # per test definition (grouped by its key), not an aggregate over rows
            func.sum(Measurement.points * offset),
            func.sum(Measurement.m2 + Measurement.points * offset * offset),
            func.min(Measurement.min_value),
            func.max(Measurement.max_value),
        )
        .join(TestDefinition, TestDefinition.id == Measurement.test_definition_id)
        .where(Measurement.at >= since, Measurement.at < until)
        .group_by(TestDefinition.id)
        .order_by(TestDefinition.route_id, TestDefinition.step, TestDefinition.id)
    )
    if test_id is not None:
        stmt = stmt.where(Measurement.test_definition_id == test_id)
    if workstation_id is not None:
        stmt = stmt.where(Measurement.workstation_id == workstation_id)
    if line_id is not None:
        stmt = stmt.join(Workstation, Workstation.id == Measurement.workstation_id).where(
            Workstation.line_id == line_id
        )
    if part_id is not None:
        stmt = stmt.join(Route, Route.id == TestDefinition.route_id).where(Route.part_id == part_id)
    return stmt


async def test_sums(
    session: AsyncSession,
    since: datetime,
    until: datetime,
    *,
    test_id: int | None = None,
    part_id: int | None = None,
    line_id: int | None = None,
    workstation_id: int | None = None,
) -> list[TestSums]:
    stmt = _test_sums(
        since,
        until,
        test_id=test_id,
        part_id=part_id,
        line_id=line_id,
        workstation_id=workstation_id,
    )
    found = []
    for row in (await session.execute(stmt)).all():
        head: list[Any] = list(row[:9])
        counts = [int(row[9] or 0), int(row[10] or 0)]
        sums = [float(v) for v in row[11:]]
        found.append(TestSums(*head, *counts, *sums))
    return found
