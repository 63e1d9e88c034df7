"""HTTP routes: production report and plant overview (supervisors and admins; API keys with
`read`), and the schedule (everyone who reads). Definitions: docs/reports.md."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request, Response

from app.analytics.window import AnalyticsWindow
from app.auth.principal import Allow, Principal, Reader
from app.db.session import DbSession
from app.kit.problems import problem_responses
from app.kit.routing import CommandRoute
from app.kit.schemas import MAX_ID
from app.kit.time import utcnow
from app.models import Role
from app.reports import service
from app.reports.buckets import GroupBy
from app.reports.schemas import Overview, ProductionReport, Schedule

# Reports are the supervisors' (API.md: supervisors have "reports"); operators see the board.
ReportReader = Annotated[
    Principal, Depends(Allow(frozenset({Role.ADMIN, Role.SUPERVISOR}), "read"))
]
LineId = Annotated[int | None, Query(ge=1, le=MAX_ID, description="only this line")]

router = APIRouter(
    tags=["reports"],
    responses=problem_responses(401, 403, 404, 422),
    route_class=CommandRoute,
)


@router.get(
    "/reports/production",
    response_model=ProductionReport,
    responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}}},
)
async def production_report(
    request: Request,
    session: DbSession,
    _: ReportReader,
    window: AnalyticsWindow,
    line_id: LineId = None,
    part_id: Annotated[int | None, Query(ge=1, le=MAX_ID, description="only this part")] = None,
    group_by: Annotated[GroupBy, Query(description="how rows are grouped")] = GroupBy.DAY,
    format: Annotated[
        Literal["json", "csv"], Query(description="`csv`: the rows as text/csv")
    ] = "json",
) -> ProductionReport | Response:
    """**Production** per plant-local day, ISO week, month or shift instance, or per line or
    part, over `from` (default 7 days before `to`) … `to` (default now), at most 400 days.

    `started` = units generated + batch quantities created; `completed` = units completed +
    batch items good at their batch's last step; `scrapped` = units and batch items scrapped;
    `orders_completed` = orders complete or closed whose completion falls in the period;
    `first_pass_yield` = (units completed never reworked + batch items completed) /
    (completed + scrapped); `throughput_per_hour` = completed / hours of the period within
    the window (shifts: planned busy hours). Periods without anything are listed with zeros;
    lines and parts only with something. `format=csv`: the same rows as `text/csv`.
    Details and worked examples: docs/reports.md."""
    settings = request.app.state.settings
    report = await service.production(
        session, settings.zone, settings.timezone, window, group_by, line_id, part_id
    )
    if format == "csv":
        return Response(service.as_csv(report), media_type="text/csv; charset=utf-8")
    return report


@router.get("/reports/overview", response_model=Overview)
async def overview(
    request: Request, session: DbSession, _: ReportReader, line_id: LineId = None
) -> Overview:
    """**The plant now**: orders by status group, units and batch items completed today (the
    plant-local day), open and blocking issues, active lines; `line_id` narrows every figure
    to one line. Definitions: docs/reports.md."""
    return await service.overview(session, request.app.state.settings.zone, utcnow(), line_id)


@router.get("/schedule", response_model=Schedule)
async def schedule(
    request: Request, session: DbSession, _: Reader, window: AnalyticsWindow, line_id: LineId = None
) -> Schedule:
    """**Orders on the schedule**: orders (not cancelled or rejected) whose span —
    `planned_start` to the end of the plant-local `due_date` — overlaps `from` … `to` (default
    the 7 days before `to`, now; at most 400 days), per line by code, with progress
    (`completed / quantity`); orders without a line in `unassigned`. An order with only a
    planned start is the instant; with only a due date, that day."""
    settings = request.app.state.settings
    return await service.schedule(session, settings.zone, settings.timezone, window, line_id)
