"""SQL for quality analytics (first pass yield has its own module): one set-based statement
per figure, over a time window."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Float, and_, bindparam, exists, func, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.analytics.sql import SINCE as _since
from app.analytics.sql import UNTIL as _until
from app.analytics.sql import flag
from app.models import (
    Batch,
    DefectCode,
    Measurement,
    QualityEvent,
    QualityEventType,
    Route,
    RouteStep,
    TestDefinition,
    Unit,
    UnitStatus,
    Workstation,
)

_COMPLETED = UnitStatus.COMPLETED.value
_SCRAPPED = UnitStatus.SCRAPPED.value


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
            func.sum(flag(Unit.status == _COMPLETED)),
            func.sum(flag(and_(Unit.status == _COMPLETED, Unit.rework_count == 0))),
            func.sum(flag(scrapped)),
            func.sum(flag(reworked)),
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
    count: int  # items: 1 per unit event, the quantity of a batch event


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
    """Quality events carrying a defect code, per code by quantity (a unit's event counts 1,
    a batch's its quantity: 12 scrapped items are 12), most frequent first."""
    count = func.sum(QualityEvent.quantity).label("n")
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
        # The part of the unit or of the batch the event is about.
        stmt = (
            stmt.outerjoin(Unit, Unit.id == QualityEvent.unit_id)
            .outerjoin(Batch, Batch.id == QualityEvent.batch_id)
            .where(func.coalesce(Unit.part_id, Batch.part_id) == part_id)
        )
    return [DefectCount(c, d, s, int(n)) for c, d, s, n in (await session.execute(stmt)).all()]


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
