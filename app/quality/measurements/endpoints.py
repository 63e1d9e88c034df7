"""HTTP routes for measurements: record one, a unit's measurements, the SPC series."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status

from app.auth.principal import QualityRecorder, Reader
from app.db.session import DbCommand, DbSession
from app.kit.pagination import Page, Paging
from app.kit.problems import problem_responses
from app.kit.routing import CommandRoute
from app.kit.schemas import MAX_ID, Serial
from app.kit.window import TimeWindow
from app.models import MeasurementSource
from app.quality.measurements import queries, service
from app.quality.measurements.schemas import MeasurementIn, MeasurementOut, SpcPoint

# Commands commit before the response (`CommandRoute`).
router = APIRouter(
    tags=["quality"], responses=problem_responses(401, 403), route_class=CommandRoute
)


@router.post(
    "/units/{serial}/measurements",
    status_code=status.HTTP_201_CREATED,
    response_model=MeasurementOut,
    responses=problem_responses(404, 409, 422),
)
async def record_measurement(
    serial: Serial, body: MeasurementIn, cmd: DbCommand, principal: QualityRecorder
) -> MeasurementOut:
    """Record a measurement of the unit for a test on its route (by id or name). It is judged
    against the test's limits (inclusive; a vector passes when every value is within them),
    stored with those limits, and logged as an inspection quality event. A failing result
    for the gate the unit is waiting at fails that gate (`awaiting: "disposition"`,
    `failed_gate: true`). 422 `test_not_on_route`, `wrong_value_kind` (scalar test given
    `values` or the reverse), `validation_error` (NaN, infinity, not a number); 409
    `unit_finished`, `order_not_runnable`."""
    default = MeasurementSource.OPERATOR if principal.kind == "user" else MeasurementSource.MACHINE
    return await service.record_measurement(
        cmd,
        actor=principal.actor,
        serial=serial,
        test=body.test,
        value=body.value,
        values=body.values,
        source=(body.source or default).value,
        at=body.at,
        principal=principal,
    )


@router.get(
    "/units/{serial}/measurements",
    response_model=Page[MeasurementOut],
    responses=problem_responses(400, 404, 422),
)
async def unit_measurements(
    serial: Serial,
    session: DbSession,
    _: Reader,
    paging: Paging,
    test_id: Annotated[int | None, Query(ge=1, le=MAX_ID, description="only this test")] = None,
) -> Page[MeasurementOut]:
    """The unit's measurements, oldest first."""
    items, cursor = await queries.unit_measurements(session, serial, paging, test_id=test_id)
    return Page(items=items, next_cursor=cursor)


@router.get("/measurements", response_model=Page[SpcPoint], responses=problem_responses(400, 422))
async def measurement_series(
    session: DbSession,
    _: Reader,
    paging: Paging,
    window: TimeWindow,
    test: Annotated[int | None, Query(ge=1, le=MAX_ID, description="test definition id")] = None,
    workstation_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> Page[SpcPoint]:
    """Measurements in time order with the limits each was judged against (SPC charts):
    units' measurements and batches' sample measurements (`serial` null, `batch_id` set)."""
    items, cursor = await queries.measurement_series(
        session,
        paging,
        test_id=test,
        workstation_id=workstation_id,
        since=window.since,
        until=window.until,
    )
    return Page(items=items, next_cursor=cursor)
