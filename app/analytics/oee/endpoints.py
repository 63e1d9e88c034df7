"""`GET /analytics/oee`: overall equipment effectiveness (ISO 22400-2)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from app.analytics.oee import service
from app.analytics.oee.plan import OeeGroupBy
from app.analytics.oee.schemas import OeeReport
from app.analytics.window import AnalyticsWindow
from app.auth.principal import Reader
from app.db.session import DbSession
from app.kit.problems import problem_responses
from app.kit.routing import CommandRoute
from app.kit.schemas import MAX_ID

router = APIRouter(
    prefix="/analytics",
    tags=["analytics"],
    responses=problem_responses(401, 403, 404, 422),
    route_class=CommandRoute,
)


@router.get("/oee", response_model=OeeReport)
async def overall_equipment_effectiveness(
    request: Request,
    session: DbSession,
    _: Reader,
    window: AnalyticsWindow,
    line_id: Annotated[int | None, Query(ge=1, le=MAX_ID, description="only this line")] = None,
    workstation_id: Annotated[
        int | None, Query(ge=1, le=MAX_ID, description="only this workstation")
    ] = None,
    group_by: Annotated[OeeGroupBy, Query(description="row key")] = OeeGroupBy.WORKSTATION,
) -> OeeReport:
    """**OEE** = availability * effectiveness * quality ratio, per workstation, line, shift
    instance or plant-local day, over planned busy time within the window (at most 366 days;
    time after now is not planned busy yet).

    * PBT = shift time minus breaks (a workstation works its line's shifts and every-line
      shifts); APT = time `running` within PBT (machine states), or, for a workstation
      without machine states, PBT minus time under a blocking issue at it or its line.
    * `availability = APT / PBT`; `effectiveness = Σ(ideal cycle * PQ) / APT`;
      `quality_ratio = GQ / PQ`. No PBT: ratios are null.
    * PQ/GQ: machine counts where the workstation has them, else units finishing a step at
      it (moved on or completed = good, scrapped = produced, not good) and batch steps done
      there (`quantity_in` produced, `good` good).

    Every formula and edge: docs/oee.md.
    """
    settings = request.app.state.settings
    return await service.oee(session, window, settings.zone, group_by, line_id, workstation_id)
