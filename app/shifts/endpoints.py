"""HTTP routes for shifts, the shift calendar and downtime reasons (admins write, everyone
reads)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response, status

from app.auth.principal import ConfigAdmin, Reader
from app.db.session import DbSession
from app.kit.pagination import Page, Paging
from app.kit.problems import problem_responses
from app.kit.routing import CommandRoute
from app.kit.schemas import MAX_ID
from app.kit.time import utcnow
from app.kit.window import TimeWindow
from app.models import DowntimeCategory
from app.shifts import service
from app.shifts.calendar import Instance
from app.shifts.schemas import (
    BreakWindow,
    DowntimeReasonCreate,
    DowntimeReasonOut,
    DowntimeReasonUpdate,
    ShiftCalendarOut,
    ShiftCreate,
    ShiftInstanceOut,
    ShiftOut,
    ShiftUpdate,
)

router = APIRouter(route_class=CommandRoute)

ShiftId = Annotated[int, Path(ge=1, le=MAX_ID, description="shift id")]
ReasonId = Annotated[int, Path(ge=1, le=MAX_ID, description="downtime reason id")]
LineFilter = Annotated[
    int | None, Query(ge=1, le=MAX_ID, description="the line (its shifts and every-line ones)")
]
_NO_CONTENT = status.HTTP_204_NO_CONTENT


def instance_out(instance: Instance) -> ShiftInstanceOut:
    return ShiftInstanceOut(
        shift_id=instance.shift_id,
        name=instance.name,
        line_id=instance.line_id,
        start=instance.start,
        end=instance.end,
        breaks=[BreakWindow(start=b0, end=b1) for b0, b1 in instance.breaks],
        planned_busy_seconds=instance.planned_busy_seconds,
    )


# -- shifts -----------------------------------------------------------------------------------

shifts = APIRouter(
    prefix="/shifts",
    tags=["shifts"],
    responses=problem_responses(401, 403),
    route_class=CommandRoute,
)


@shifts.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=ShiftOut,
    responses=problem_responses(409, 422),
)
async def create_shift(body: ShiftCreate, session: DbSession, principal: ConfigAdmin) -> ShiftOut:
    """Create a shift. Overlapping another shift for a common line (a line's shift and an
    every-line shift share every line) in the weekly local-time pattern is 409
    `shift_overlap`; breaks outside the shift or overlapping each other are 422."""
    return ShiftOut.model_validate(await service.create_shift(session, principal, body))


@shifts.get("", response_model=Page[ShiftOut], responses=problem_responses(400, 422))
async def list_shifts(
    session: DbSession,
    _: Reader,
    paging: Paging,
    line_id: Annotated[
        int | None, Query(ge=1, le=MAX_ID, description="only shifts of exactly this line")
    ] = None,
) -> Page[ShiftOut]:
    """List shifts, oldest first."""
    items, cursor = await service.list_shifts(session, paging, line_id=line_id)
    return Page(items=[ShiftOut.model_validate(x) for x in items], next_cursor=cursor)


@shifts.get(
    "/current", response_model=ShiftInstanceOut | None, responses=problem_responses(404, 422)
)
async def current_shift(
    request: Request, session: DbSession, _: Reader, line_id: LineFilter = None
) -> ShiftInstanceOut | None:
    """The shift occurrence running now on the line (its own shifts and every-line ones;
    without `line_id`, every-line shifts only), with its UTC window; null when none is."""
    zone = request.app.state.settings.zone
    found = await service.current_instance(session, zone, utcnow(), line_id)
    return None if found is None else instance_out(found)


@shifts.get("/calendar", response_model=ShiftCalendarOut, responses=problem_responses(404, 422))
async def shift_calendar(
    request: Request, session: DbSession, _: Reader, window: TimeWindow, line_id: LineFilter = None
) -> ShiftCalendarOut:
    """Every shift occurrence overlapping `from`..`to` (both required, at most 366 days),
    by start, in UTC, expanded in the plant's time zone (daylight saving included). Without
    `line_id`: every shift of every line."""
    settings = request.app.state.settings
    found = await service.shift_calendar(session, settings.zone, window, line_id)
    return ShiftCalendarOut(timezone=settings.timezone, items=[instance_out(i) for i in found])


@shifts.get("/{shift_id:int}", response_model=ShiftOut, responses=problem_responses(404))
async def get_shift(shift_id: ShiftId, session: DbSession, _: Reader) -> ShiftOut:
    """One shift by id."""
    return ShiftOut.model_validate(await service.get_shift(session, shift_id))


@shifts.patch(
    "/{shift_id:int}", response_model=ShiftOut, responses=problem_responses(404, 409, 422)
)
async def update_shift(
    shift_id: ShiftId, body: ShiftUpdate, session: DbSession, principal: ConfigAdmin
) -> ShiftOut:
    """Change a shift; checked like a new one (breaks, 409 `shift_overlap`)."""
    return ShiftOut.model_validate(await service.update_shift(session, principal, shift_id, body))


@shifts.delete("/{shift_id:int}", status_code=_NO_CONTENT, responses=problem_responses(404, 409))
async def delete_shift(shift_id: ShiftId, session: DbSession, principal: ConfigAdmin) -> Response:
    """Delete a shift."""
    await service.delete_shift(session, principal, shift_id)
    return Response(status_code=_NO_CONTENT)


# -- downtime reasons -------------------------------------------------------------------------

reasons = APIRouter(
    prefix="/downtime-reasons",
    tags=["downtime-reasons"],
    responses=problem_responses(401, 403),
    route_class=CommandRoute,
)


@reasons.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=DowntimeReasonOut,
    responses=problem_responses(409, 422),
)
async def create_downtime_reason(
    body: DowntimeReasonCreate, session: DbSession, principal: ConfigAdmin
) -> DowntimeReasonOut:
    """Create a downtime reason. Its `code` must be unique (409 `duplicate`)."""
    return DowntimeReasonOut.model_validate(await service.create_reason(session, principal, body))


@reasons.get("", response_model=Page[DowntimeReasonOut], responses=problem_responses(400, 422))
async def list_downtime_reasons(
    session: DbSession,
    _: Reader,
    paging: Paging,
    code: Annotated[str | None, Query(max_length=32, description="exact code")] = None,
    category: Annotated[DowntimeCategory | None, Query(description="only this category")] = None,
) -> Page[DowntimeReasonOut]:
    """List downtime reasons, oldest first."""
    items, cursor = await service.list_reasons(session, paging, code=code, category=category)
    return Page(items=[DowntimeReasonOut.model_validate(x) for x in items], next_cursor=cursor)


@reasons.get("/{reason_id}", response_model=DowntimeReasonOut, responses=problem_responses(404))
async def get_downtime_reason(
    reason_id: ReasonId, session: DbSession, _: Reader
) -> DowntimeReasonOut:
    """One downtime reason by id."""
    return DowntimeReasonOut.model_validate(await service.get_reason(session, reason_id))


@reasons.patch(
    "/{reason_id}", response_model=DowntimeReasonOut, responses=problem_responses(404, 409, 422)
)
async def update_downtime_reason(
    reason_id: ReasonId, body: DowntimeReasonUpdate, session: DbSession, principal: ConfigAdmin
) -> DowntimeReasonOut:
    """Change a downtime reason's code, name or category."""
    reason = await service.update_reason(session, principal, reason_id, body)
    return DowntimeReasonOut.model_validate(reason)


@reasons.delete("/{reason_id}", status_code=_NO_CONTENT, responses=problem_responses(404, 409))
async def delete_downtime_reason(
    reason_id: ReasonId, session: DbSession, principal: ConfigAdmin
) -> Response:
    """Delete a downtime reason; 409 `in_use` while machine states name it."""
    await service.delete_reason(session, principal, reason_id)
    return Response(status_code=_NO_CONTENT)


for _router in (shifts, reasons):
    router.include_router(_router)
