"""Quality analytics: first pass yield, rolled throughput yield, scrap and rework ratios,
defect Pareto and test statistics (formulas in the README, "Quality analytics")."""

from __future__ import annotations

import math
from collections import defaultdict

from sqlalchemy.ext.asyncio import AsyncSession

from app.analytics.quality import batches
from app.analytics.quality import repository as repo
from app.analytics.quality.first_pass_yield import first_pass, ratio, rty
from app.analytics.quality.schemas import (
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
from app.analytics.scope import Scope
from app.analytics.sql import prepare
from app.analytics.window import ClosedWindow
from app.models import QualityEventType


async def first_pass_yield(
    session: AsyncSession, window: ClosedWindow, scope: Scope
) -> FirstPassYieldReport:
    """Per step: units that passed the step at their first attempt / units whose first attempt
    ended in the window, batch items added (good / quantity in of the batch steps completed
    in the window). Per route: units and batch items finished in the window that completed
    without rework or a failed gate / those finished. RTY: product of the step FPYs."""
    await prepare(session)
    found = await first_pass(session, window, scope)
    steps_of_revision: dict[int, list[StepYield]] = defaultdict(list)
    revision_of = {
        (s.route_id, s.revision): s.revision_id
        for steps in found.by_revision.values()
        for s in steps
    }
    for s in found.steps:
        steps_of_revision[revision_of[s.route_id, s.revision]].append(s)
    routes = []
    for revision_id, (finished, passed) in found.finished.items():
        first = found.by_revision[revision_id][0]
        routes.append(
            RouteYield(
                route_id=first.route_id,
                route=first.route_code,
                revision=first.revision,
                finished=finished,
                first_pass=passed,
                fpy=ratio(passed, finished),
                rty=rty(steps_of_revision[revision_id]),
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
    await prepare(session)
    steps = (await first_pass(session, window, scope)).steps
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
                rty=rty(route_steps),
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
    """Over the units and batch items finished in the window (PQ): scrap ratio SQ/PQ, rework
    ratio RQ/PQ, quality ratio GQ/PQ. With a workstation: units and batches whose route
    passes it, scrapped at it or sent back from it."""
    await prepare(session)
    items = await batches.steps_done(
        session,
        window.since,
        window.until,
        part_id=scope.part_id,
        through_workstation=scope.workstation_id,
    )
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
    reworked = sum(r.reworked for r in rows)  # a batch step is never repeated: no rework
    for b in items:
        if scope.line_id is not None and b.line_id != scope.line_id:
            continue
        # Items finish scrapped at a step (or with their order), or good with their batch's
        # last step.
        produced += b.scrap + b.completed
        good += b.completed
        if scope.workstation_id is None or b.workstation_id == scope.workstation_id:
            scrapped += b.scrap
    return ScrapReworkReport(
        from_=window.since,
        to=window.until,
        produced=produced,
        good=good,
        scrapped=scrapped,
        reworked=reworked,
        scrap_ratio=ratio(scrapped, produced),
        rework_ratio=ratio(reworked, produced),
        quality_ratio=ratio(good, produced),
    )


async def defect_pareto(
    session: AsyncSession,
    window: ClosedWindow,
    scope: Scope,
    type_: QualityEventType | None = None,
) -> ParetoReport:
    """Quality events with a defect code, per code, most frequent first, each counted by its
    quantity (1 for a unit, the quantity for a batch), with each code's share and the
    cumulative share."""
    await prepare(session)
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
    await prepare(session)
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
