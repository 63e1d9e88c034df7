"""HTTP routes for quality analytics (`/analytics/...`). Every figure covers a time window:
`from` (inclusive, default 7 days before `to`) to `to` (exclusive, default now)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from app.analytics.quality import service
from app.analytics.quality.schemas import (
    FirstPassYieldReport,
    ParetoReport,
    RtyReport,
    ScrapReworkReport,
    TestStatisticsReport,
)
from app.analytics.scope import Filters
from app.analytics.window import AnalyticsWindow
from app.auth.principal import Reader
from app.db.session import DbSession
from app.kit.problems import problem_responses
from app.kit.routing import CommandRoute
from app.kit.schemas import MAX_ID
from app.models import QualityEventType

router = APIRouter(
    prefix="/analytics",
    tags=["analytics"],
    responses=problem_responses(401, 403, 422),
    route_class=CommandRoute,
)


@router.get("/first-pass-yield", response_model=FirstPassYieldReport)
async def first_pass_yield(
    session: DbSession, _: Reader, window: AnalyticsWindow, filters: Filters
) -> FirstPassYieldReport:
    """**First pass yield (FPY)** per route step and per route revision.

    * Step: `FPY = first_pass / attempted`. `attempted` = units whose *first* attempt at the
      step ended in the window (moved on, completed, failed the gate, reworked from it or
      scrapped at it); `first_pass` = those whose first attempt moved them on or completed
      them. A unit that fails and passes after rework counts as attempted, not first-pass.
      Batch steps completed in the window add their `quantity_in` to `attempted` and their
      `good` to `first_pass` (a batch step is its items' one attempt).
    * Route: `FPY = first_pass / finished` over units and batch items finished in the window
      (completed or scrapped); `first_pass` = completed without rework or a failed gate
      (batch items: their batch's last step passed them).
    * `rty` = rolled throughput yield, `RTY = Π FPY(step)` over the steps with attempts.

    `line_id`/`workstation_id` select the steps at those workstations (and, for routes, the
    units and batches of that line / routes through that workstation); `part_id` the units
    and batches of that part. How batches count: docs/analytics-batches.md.
    """
    return await service.first_pass_yield(session, window, filters)


@router.get("/rolled-throughput-yield", response_model=RtyReport)
async def rolled_throughput_yield(
    session: DbSession, _: Reader, window: AnalyticsWindow, filters: Filters
) -> RtyReport:
    """**Rolled throughput yield (RTY)** per route revision: `RTY = Π FPY(step)`, the
    probability that a unit passes every step at the first attempt, from the step FPYs of
    `/analytics/first-pass-yield`, batch quantities included (steps without attempts in the
    window are left out; with a line or workstation filter, only those steps)."""
    return await service.rolled_throughput_yield(session, window, filters)


@router.get("/scrap-rework", response_model=ScrapReworkReport)
async def scrap_and_rework(
    session: DbSession, _: Reader, window: AnalyticsWindow, filters: Filters
) -> ScrapReworkReport:
    """**Scrap ratio** and **rework ratio** (ISO 22400-2) over the units and batch items
    finished in the window: `PQ` produced quantity = units and items completed or scrapped,
    `GQ` good = completed, `SQ` scrap = scrapped, `RQ` rework = units reworked at least once.
    A batch item finishes scrapped when the step that scrapped it completes, good when its
    batch's last step completes. `scrap_ratio = SQ / PQ`, `rework_ratio = RQ / PQ`,
    `quality_ratio = GQ / PQ`. With `workstation_id`: PQ counts units and batches whose
    route passes the workstation, SQ those scrapped at it, RQ those sent back (reworked)
    from it."""
    return await service.scrap_and_rework(session, window, filters)


@router.get("/defect-pareto", response_model=ParetoReport)
async def defect_pareto(
    session: DbSession,
    _: Reader,
    window: AnalyticsWindow,
    filters: Filters,
    type_: Annotated[
        QualityEventType | None,
        Query(alias="type", description="only quality events of this type"),
    ] = None,
) -> ParetoReport:
    """**Defect Pareto**: quality events in the window that carry a defect code (failed
    inspections, rework, scrap, observations), counted per code by quantity — an event about
    a unit counts 1, one about a batch its `quantity` (the items scrapped) — most frequent
    first.
    `share = count / total`; `cumulative_share` = the share of this code and every more
    frequent one (the "vital few" are those up to about 0.8)."""
    return await service.defect_pareto(session, window, filters, type_)


@router.get("/test-statistics", response_model=TestStatisticsReport)
async def test_statistics(
    session: DbSession,
    _: Reader,
    window: AnalyticsWindow,
    filters: Filters,
    test_id: Annotated[int | None, Query(ge=1, le=MAX_ID, description="only this test")] = None,
) -> TestStatisticsReport:
    """**Test statistics** per test definition over the measurements in the window: `count`,
    `pass_rate = passed / count`, and over every measured value (each point of a vector):
    `mean`, sample standard deviation `stdev = √(Σ(x - mean)² / (n - 1))`, `min`, `max`,
    and the process capability index `Cpk = min(USL - mean, mean - LSL) / (3 · stdev)`
    against the test's current limits, when both exist."""
    return await service.test_statistics(session, window, filters, test_id)
