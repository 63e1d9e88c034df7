"""HTTP routes for routes and their revisions (admins write, everyone reads)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status

from app.auth.principal import ConfigAdmin, Reader
from app.db.session import DbSession
from app.kit.pagination import Page, Paging
from app.kit.problems import problem_responses
from app.kit.routing import CommandRoute
from app.kit.schemas import MAX_ID
from app.routes import service
from app.routes.schemas import (
    MAX_REVISION,
    RevisionCreate,
    RouteCreate,
    RouteOut,
    RouteRevisionOut,
    RouteUpdate,
    StepOut,
)
from app.routes.service import RevisionView, RouteView

router = APIRouter(
    prefix="/routes",
    tags=["routes"],
    responses=problem_responses(401, 403),
    route_class=CommandRoute,
)

RouteId = Annotated[int, Path(ge=1, le=MAX_ID, description="route id")]
RevisionNumber = Annotated[int, Path(ge=1, le=MAX_REVISION, description="revision number")]


def _steps(view: RevisionView) -> list[StepOut]:
    return [StepOut.model_validate(step) for step in view.steps]


def _route_out(view: RouteView) -> RouteOut:
    route = view.route
    return RouteOut(
        id=route.id,
        code=route.code,
        name=route.name,
        part_id=route.part_id,
        revision=view.current.revision.revision,
        steps=_steps(view.current),
        created_at=route.created_at,
        updated_at=route.updated_at,
    )


def _revision_out(view: RevisionView) -> RouteRevisionOut:
    revision = view.revision
    return RouteRevisionOut(
        route_id=revision.route_id,
        revision=revision.revision,
        steps=_steps(view),
        created_at=revision.created_at,
        created_by=revision.created_by,
    )


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=RouteOut,
    responses=problem_responses(409, 422),
)
async def create_route(body: RouteCreate, session: DbSession, principal: ConfigAdmin) -> RouteOut:
    """Create a route with its steps as revision 1. `code` is unique (409 `duplicate`); an
    unknown `part_id` or step `workstation_id` is 422 `unknown_reference`."""
    return _route_out(await service.create_route(session, principal, body))


@router.get("", response_model=Page[RouteOut], responses=problem_responses(400, 422))
async def list_routes(
    session: DbSession,
    _: Reader,
    paging: Paging,
    code: Annotated[str | None, Query(max_length=32, description="exact route code")] = None,
    part_id: Annotated[
        int | None, Query(ge=1, le=MAX_ID, description="only routes for this part")
    ] = None,
) -> Page[RouteOut]:
    """List routes at their current revisions, oldest first."""
    items, cursor = await service.list_routes(session, paging, code=code, part_id=part_id)
    return Page(items=[_route_out(x) for x in items], next_cursor=cursor)


@router.get("/{route_id}", response_model=RouteOut, responses=problem_responses(404))
async def get_route(route_id: RouteId, session: DbSession, _: Reader) -> RouteOut:
    """One route at its current revision."""
    return _route_out(await service.get_route(session, route_id))


@router.patch("/{route_id}", response_model=RouteOut, responses=problem_responses(404, 409, 422))
async def update_route(
    route_id: RouteId, body: RouteUpdate, session: DbSession, principal: ConfigAdmin
) -> RouteOut:
    """Change a route's code or name. Steps cannot be patched: post a new revision to
    `/routes/{route_id}/revisions`."""
    return _route_out(await service.update_route(session, principal, route_id, body))


@router.delete(
    "/{route_id}", status_code=status.HTTP_204_NO_CONTENT, responses=problem_responses(404, 409)
)
async def delete_route(route_id: RouteId, session: DbSession, principal: ConfigAdmin) -> Response:
    """Delete a route with all its revisions; 409 `in_use` once an order has pinned it."""
    await service.delete_route(session, principal, route_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/{route_id}/revisions",
    status_code=status.HTTP_201_CREATED,
    response_model=RouteOut,
    responses=problem_responses(404, 409, 422),
)
async def create_route_revision(
    route_id: RouteId, body: RevisionCreate, session: DbSession, principal: ConfigAdmin
) -> RouteOut:
    """Replace the route's steps by creating its next revision (2, 3, …) and return the route
    at that revision. Earlier revisions stay unchanged; orders keep the one they pinned."""
    return _route_out(await service.revise_route(session, principal, route_id, body))


@router.get(
    "/{route_id}/revisions",
    response_model=Page[RouteRevisionOut],
    responses=problem_responses(400, 404, 422),
)
async def list_route_revisions(
    route_id: RouteId, session: DbSession, _: Reader, paging: Paging
) -> Page[RouteRevisionOut]:
    """A route's revisions with their steps, oldest first."""
    items, cursor = await service.list_revisions(session, route_id, paging)
    return Page(items=[_revision_out(x) for x in items], next_cursor=cursor)


@router.get(
    "/{route_id}/revisions/{revision}",
    response_model=RouteRevisionOut,
    responses=problem_responses(404, 422),
)
async def get_route_revision(
    route_id: RouteId, revision: RevisionNumber, session: DbSession, _: Reader
) -> RouteRevisionOut:
    """One revision of a route with its steps."""
    return _revision_out(await service.get_revision(session, route_id, revision))
