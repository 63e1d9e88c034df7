"""HTTP routes for test definitions (configuration)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status

from app.auth.principal import ConfigAdmin, Reader
from app.db.session import DbSession
from app.kit.pagination import Page, Paging
from app.kit.problems import problem_responses
from app.kit.routing import CommandRoute
from app.kit.schemas import MAX_ID
from app.quality.definitions import service
from app.quality.definitions.schemas import (
    TestDefinitionCreate,
    TestDefinitionOut,
    TestDefinitionUpdate,
)

TestId = Annotated[int, Path(ge=1, le=MAX_ID, description="test definition id")]
_NO_CONTENT = status.HTTP_204_NO_CONTENT

router = APIRouter(
    prefix="/test-definitions",
    tags=["test-definitions"],
    responses=problem_responses(401, 403),
    route_class=CommandRoute,
)


@router.post(
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
    return TestDefinitionOut.model_validate(await service.create(session, principal, body))


@router.get("", response_model=Page[TestDefinitionOut], responses=problem_responses(400, 422))
async def list_test_definitions(
    session: DbSession,
    _: Reader,
    paging: Paging,
    route_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    step: Annotated[int | None, Query(ge=1, le=10_000)] = None,
    name: Annotated[str | None, Query(max_length=100, pattern=r"^[^\x00-\x1f\x7f]*$")] = None,
) -> Page[TestDefinitionOut]:
    """List test definitions, oldest first."""
    items, cursor = await service.list_page(
        session, paging, route_id=route_id, step=step, name=name
    )
    return Page(items=[TestDefinitionOut.model_validate(x) for x in items], next_cursor=cursor)


@router.get("/{test_id}", response_model=TestDefinitionOut, responses=problem_responses(404))
async def get_test_definition(test_id: TestId, session: DbSession, _: Reader) -> TestDefinitionOut:
    """One test definition."""
    return TestDefinitionOut.model_validate(await service.get(session, test_id))


@router.patch(
    "/{test_id}", response_model=TestDefinitionOut, responses=problem_responses(404, 409, 422)
)
async def update_test_definition(
    test_id: TestId, body: TestDefinitionUpdate, session: DbSession, principal: ConfigAdmin
) -> TestDefinitionOut:
    """Change a test's name, unit, limits or `required`. New limits apply to measurements
    recorded from now on; earlier ones keep the limits they were judged against."""
    definition = await service.update(session, principal, test_id, body)
    return TestDefinitionOut.model_validate(definition)


@router.delete("/{test_id}", status_code=_NO_CONTENT, responses=problem_responses(404, 409))
async def delete_test_definition(
    test_id: TestId, session: DbSession, principal: ConfigAdmin
) -> Response:
    """Delete a test definition; 409 `in_use` once it has measurements."""
    await service.delete(session, principal, test_id)
    return Response(status_code=_NO_CONTENT)
