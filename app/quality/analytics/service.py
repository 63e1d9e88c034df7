"""Quality analytics: first pass yield, rolled throughput yield, scrap and rework ratios,
defect Pareto and test statistics (formulas in the README, "Quality analytics")."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from app.models import QualityEventType
from app.quality.analytics import repository as repo
from app.quality.analytics.schemas import (
    FirstPassYieldReport,
    ParetoItem,
    ParetoReport,
    RouteRty,
    RouteYield,
    RtyFactor,
    RtyReport,
    ScrapReworkReport,
    StepYield,
    TestStatistics,
    TestStatisticsReport,
)
from app.quality.window import ClosedWindow


@dataclass(frozen=True)
class Scope:
    """Optional filters: a line, a workstation, a part."""

    line_id: int | None = None
    workstation_id: int | None = None
    part_id: int | None = None

    def covers(self, step: repo.StepInfo) -> bool:
        return (self.line_id is None or step.line_id == self.line_id) and (
            self.workstation_id is None or step.workstation_id == self.workstation_id
        )


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass
class _FirstPass:
    """Step yields, the route revisions' steps, and the units finished per revision."""

    steps: list[StepYield]
    by_revision: dict[int, list[repo.StepInfo]]
    finished: dict[int, tuple[int, int]]  # revision → (finished, first pass)


async def _first_pass(session: AsyncSession, window: ClosedWindow, scope: Scope) -> _FirstPass:
    rows = await repo.first_attempts(session, window.since, window.until, scope.part_id)
    steps = await repo.steps_of(session, [r.revision_id for r in rows])
    by_revision: dict[int, list[repo.StepInfo]] = defaultdict(list)
    for step in steps:
        by_revision[step.revision_id].append(step)
    attempted: dict[tuple[int, int], int] = defaultdict(int)
    passed: dict[tuple[int, int], int] = defaultdict(int)
    finished: dict[int, tuple[int, int]] = {}
    for row in rows:
        if row.kind == repo.FINISHED:
            through = any(scope.covers(s) for s in by_revision[row.revision_id])
            if (scope.line_id is None or row.line_id == scope.line_id) and (
                scope.workstation_id is None or through
            ):
                done, first = finished.get(row.revision_id, (0, 0))
                finished[row.revision_id] = (done + row.count, first + row.passed)
            continue
        assert row.step is not None
        if row.kind == repo.REACH:  # a first attempt at each step up to `step`
            for seq in range(1, row.step + 1):
                attempted[row.revision_id, seq] += row.count
                passed[row.revision_id, seq] += row.count
        elif row.kind == repo.FAILED:
            passed[row.revision_id, row.step] -= row.count
        else:
            attempted[row.revision_id, row.step] += row.count
            passed[row.revision_id, row.step] += row.passed
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
                fpy=_ratio(passed[key], attempted[key]),
            )
        )
    return _FirstPass(yields, by_revision, finished)


def _rty(steps: list[StepYield]) -> float | None:
    factors = [s.fpy for s in steps if s.fpy is not None]
    return math.prod(factors) if factors else None


async def first_pass_yield(
    session: AsyncSession, window: ClosedWindow, scope: Scope
) -> FirstPassYieldReport:
    """Per step: units that passed the step at their first attempt / units whose first attempt
    ended in the window. Per route: units finished in the window that completed without
    rework or a failed gate / units finished. RTY: product of the step FPYs."""
    await repo.prepare(session)
    found = await _first_pass(session, window, scope)
    steps_of_revision: dict[int, list[StepYield]] = defaultdict(list)
    revision_of = {
        (s.route_id, s.revision): s.revision_id
        for steps in found.by_revision.values()
        for s in steps
    }
    for s in found.steps:
        steps_of_revision[revision_of[s.route_id, s.revision]].append(s)
    routes = []
    for revision_id, (finished, first_pass) in found.finished.items():
        first = found.by_revision[revision_id][0]
        routes.append(
            RouteYield(
                route_id=first.route_id,
                route=first.route_code,
                revision=first.revision,
                finished=finished,
                first_pass=first_pass,
                fpy=_ratio(first_pass, finished),
                rty=_rty(steps_of_revision[revision_id]),
            )
        )
    routes.sort(key=lambda r: (r.route, r.revision))
    return FirstPassYieldReport(
        from_=window.since, to=window.until, steps=found.steps, routes=routes
    )


async def rolled_throughput_yield(
    session: AsyncSession, window: ClosedWindow, scope: Scope
) -> RtyReport:
    """RTY per route revision: the product of its steps' first pass yields."""
    await repo.prepare(session)
    steps = (await _first_pass(session, window, scope)).steps
    grouped: dict[tuple[int, str, int], list[StepYield]] = defaultdict(list)
    for s in steps:
        grouped[s.route_id, s.route, s.revision].append(s)
    return RtyReport(
        from_=window.since,
        to=window.until,
        routes=[
            RouteRty(
                route_id=route_id,
                route=code,
                revision=revision,
                rty=_rty(route_steps),
                factors=[
                    RtyFactor(step=s.step, name=s.name, fpy=s.fpy)
                    for s in route_steps
                    if s.fpy is not None
                ],
            )
            for (route_id, code, revision), route_steps in sorted(
                grouped.items(), key=lambda item: (item[0][1], item[0][2])
            )
        ],
    )


async def scrap_and_rework(
    session: AsyncSession, window: ClosedWindow, scope: Scope
) -> ScrapReworkReport:
    """Over the units finished in the window (PQ): scrap ratio SQ/PQ, rework ratio RQ/PQ,
    quality ratio GQ/PQ. With a workstation: units whose route passes it, scrapped at it or
    sent back from it."""
    await repo.prepare(session)
    rows = await repo.finished_units(
        session,
        window.since,
        window.until,
        part_id=scope.part_id,
        line_id=scope.line_id,
        workstation_id=scope.workstation_id,
    )
    produced = sum(r.finished for r in rows)
    good = sum(r.completed for r in rows)
    scrapped = sum(r.scrapped for r in rows)
    reworked = sum(r.reworked for r in rows)
    return ScrapReworkReport(
        from_=window.since,
        to=window.until,
        produced=produced,
        good=good,
        scrapped=scrapped,
        reworked=reworked,
        scrap_ratio=_ratio(scrapped, produced),
        rework_ratio=_ratio(reworked, produced),
        quality_ratio=_ratio(good, produced),
    )


async def defect_pareto(
    session: AsyncSession,
    window: ClosedWindow,
    scope: Scope,
    type_: QualityEventType | None = None,
) -> ParetoReport:
    """Quality events with a defect code, per code, most frequent first, with each code's
    share and the cumulative share."""
    await repo.prepare(session)
    counts = await repo.defect_counts(
        session,
        window.since,
        window.until,
        type_=type_,
        part_id=scope.part_id,
        line_id=scope.line_id,
        workstation_id=scope.workstation_id,
    )
    total = sum(c.count for c in counts)
    items, running = [], 0
    for c in counts:
        running += c.count
        items.append(
            ParetoItem(
                defect_code=c.code,
                description=c.description,
                severity=c.severity,
                count=c.count,
                share=c.count / total,
                cumulative_share=running / total,
            )
        )
    return ParetoReport(from_=window.since, to=window.until, total=total, items=items)


def _statistics(s: repo.TestSums) -> TestStatistics:
    n = s.points
    mean_offset = s.shifted_sum / n
    m2 = max(s.shifted_squares - n * mean_offset * mean_offset, 0.0)
    mean = s.shift + mean_offset
    stdev = math.sqrt(m2 / (n - 1)) if n > 1 else None
    cpk = None
    if s.lower_limit is not None and s.upper_limit is not None and stdev:
        cpk = min(s.upper_limit - mean, mean - s.lower_limit) / (3 * stdev)
    return TestStatistics(
        test_id=s.test_id,
        test=s.name,
        route_id=s.route_id,
        step=s.step,
        unit=s.unit,
        kind=s.kind,
        count=s.count,
        passed=s.passed,
        pass_rate=s.passed / s.count,
        points=n,
        mean=mean,
        stdev=stdev,
        min=s.low,
        max=s.high,
        lower_limit=s.lower_limit,
        upper_limit=s.upper_limit,
        cpk=cpk,
    )


async def test_statistics(
    session: AsyncSession, window: ClosedWindow, scope: Scope, test_id: int | None = None
) -> TestStatisticsReport:
    """Per test definition: count, pass rate, mean, sample stdev, min, max over every value
    measured in the window, and Cpk against the current limits when both exist."""
    await repo.prepare(session)
    sums = await repo.test_sums(
        session,
        window.since,
        window.until,
        test_id=test_id,
        part_id=scope.part_id,
        line_id=scope.line_id,
        workstation_id=scope.workstation_id,
    )
    return TestStatisticsReport(
        from_=window.since, to=window.until, items=[_statistics(s) for s in sums]
    )
