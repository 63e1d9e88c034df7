"""HTTP routes for test definitions, measurements and the quality log."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status

from app.auth.principal import ConfigAdmin, QualityRecorder, Reader
from app.db.session import DbCommand, DbSession
from app.kit.pagination import Page, Paging
from app.kit.problems import problem_responses
from app.kit.routing import CommandRoute
from app.kit.schemas import MAX_ID, Serial
from app.kit.window import TimeWindow
from app.models import MeasurementSource, QualityEventType
from app.quality import definitions, queries, service
from app.quality.schemas import (
    MeasurementIn,
    MeasurementOut,
    ObservationIn,
    QualityEventOut,
    SpcPoint,
    TestDefinitionCreate,
    TestDefinitionOut,
    TestDefinitionUpdate,
)

TestId = Annotated[int, Path(ge=1, le=MAX_ID, description="test definition id")]
_NO_CONTENT = status.HTTP_204_NO_CONTENT

# -- measurements and quality events (commands commit before the response) --------------------

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
    """Measurements in time order with the limits each was judged against (SPC charts)."""
    items, cursor = await queries.measurement_series(
        session,
        paging,
        test_id=test,
        workstation_id=workstation_id,
        since=window.since,
        until=window.until,
    )
    return Page(items=items, next_cursor=cursor)


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
) -> Page[QualityEventOut]:
    """The quality log, newest first: inspections (measurements and gate decisions), rework,
    scrap and manual observations."""
    items, cursor = await queries.quality_events(
        session,
        paging,
        type_=type_,
        workstation_id=workstation_id,
        defect_code=defect_code,
        serial=serial,
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


# -- test definitions (configuration) -------------------------------------------------------

test_definitions = APIRouter(
    prefix="/test-definitions",
    tags=["test-definitions"],
    responses=problem_responses(401, 403),
    route_class=CommandRoute,
)


@test_definitions.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=TestDefinitionOut,
    responses=problem_responses(409, 422),
)
async def create_test_definition(
    body: TestDefinitionCreate, session: DbSession, principal: ConfigAdmin
) -> TestDefinitionOut:
    """Define a test at a step of a route (the step must exist in the route's current
    revision: 422 `unknown_step`). Names are unique per route (409 `duplicate`)."""
    return TestDefinitionOut.model_validate(await definitions.create(session, principal, body))


@test_definitions.get(
    "", response_model=Page[TestDefinitionOut], responses=problem_responses(400, 422)
)
async def list_test_definitions(
    session: DbSession,
    _: Reader,
    paging: Paging,
    route_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    step: Annotated[int | None, Query(ge=1, le=10_000)] = None,
    name: Annotated[str | None, Query(max_length=100, pattern=r"^[^\x00-\x1f\x7f]*$")] = None,
) -> Page[TestDefinitionOut]:
    """List test definitions, oldest first."""
    items, cursor = await definitions.list_page(
        session, paging, route_id=route_id, step=step, name=name
    )
    return Page(items=[TestDefinitionOut.model_validate(x) for x in items], next_cursor=cursor)


@test_definitions.get(
    "/{test_id}", response_model=TestDefinitionOut, responses=problem_responses(404)
)
async def get_test_definition(test_id: TestId, session: DbSession, _: Reader) -> TestDefinitionOut:
    """One test definition."""
    return TestDefinitionOut.model_validate(await definitions.get(session, test_id))


@test_definitions.patch(
    "/{test_id}", response_model=TestDefinitionOut, responses=problem_responses(404, 409, 422)
)
async def update_test_definition(
    test_id: TestId, body: TestDefinitionUpdate, session: DbSession, principal: ConfigAdmin
) -> TestDefinitionOut:
    """Change a test's name, unit, limits or `required`. New limits apply to measurements
    recorded from now on; earlier ones keep the limits they were judged against."""
    definition = await definitions.update(session, principal, test_id, body)
    return TestDefinitionOut.model_validate(definition)


@test_definitions.delete(
    "/{test_id}", status_code=_NO_CONTENT, responses=problem_responses(404, 409)
)
async def delete_test_definition(
    test_id: TestId, session: DbSession, principal: ConfigAdmin
) -> Response:
    """Delete a test definition; 409 `in_use` once it has measurements."""
    await definitions.delete(session, principal, test_id)
    return Response(status_code=_NO_CONTENT)
