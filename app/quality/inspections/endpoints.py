"""HTTP routes for the quality log: list it, log a manual observation."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status

from app.auth.principal import QualityRecorder, Reader
from app.db.session import DbCommand, DbSession
from app.kit.pagination import Page, Paging
from app.kit.problems import problem_responses
from app.kit.routing import CommandRoute
from app.kit.schemas import MAX_ID
from app.kit.window import TimeWindow
from app.models import QualityEventType
from app.quality.inspections import queries, service
from app.quality.inspections.schemas import ObservationIn, QualityEventOut

router = APIRouter(
    tags=["quality"], responses=problem_responses(401, 403), route_class=CommandRoute
)


@router.get(
    "/quality-events", response_model=Page[QualityEventOut], responses=problem_responses(400, 422)
)
async def quality_events(
    session: DbSession,
    _: Reader,
    paging: Paging,
    window: TimeWindow,
    type_: Annotated[QualityEventType | None, Query(alias="type")] = None,
    workstation_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    defect_code: Annotated[str | None, Query(max_length=32, pattern=r"^[^\x00-\x1f\x7f]*$")] = None,
    serial: Annotated[str | None, Query(max_length=64, pattern=r"^[^\x00-\x1f\x7f]*$")] = None,
    batch_id: Annotated[
        int | None, Query(ge=1, le=MAX_ID, description="only events about this batch")
    ] = None,
) -> Page[QualityEventOut]:
    """The quality log, newest first: inspections (measurements and gate decisions), rework,
    scrap and manual observations, of units and of batches (`batch_id`, and the `quantity`
    the event concerns: a batch's scrap is one event of the quantity scrapped)."""
    items, cursor = await queries.quality_events(
        session,
        paging,
        type_=type_,
        workstation_id=workstation_id,
        defect_code=defect_code,
        serial=serial,
        batch_id=batch_id,
        since=window.since,
        until=window.until,
    )
    return Page(items=items, next_cursor=cursor)


@router.post(
    "/quality-events",
    status_code=status.HTTP_201_CREATED,
    response_model=QualityEventOut,
    responses=problem_responses(409, 422),
)
async def record_observation(
    body: ObservationIn, cmd: DbCommand, principal: QualityRecorder
) -> QualityEventOut:
    """Log a manual quality observation (type `observation`); it changes no unit state but is
    evaluated by the alert rules. 422 `unknown_reference` for an unknown unit, workstation or
    defect code."""
    return await service.record_observation(cmd, principal, body)
