"""Commands and queries for routes and their immutable revisions.

A route points at its current revision (`current_revision`); revisions and their steps are
written once and never updated, so an order that pinned a revision keeps its steps.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.audit import crud as audited
from app.audit.recorder import record
from app.auth.principal import Principal
from app.db.integrity import translate
from app.kit import crud
from app.kit.errors import InUse, NotFound, UnknownReference
from app.kit.pagination import PageParams
from app.models import Part, Route, RouteRevision, RouteStep
from app.routes import repository
from app.routes.schemas import RevisionCreate, RouteCreate, RouteUpdate, StepIn

ENTITY = "route"
STEP_FIELDS = ("seq", "name", "workstation_id", "is_gate", "ideal_cycle_s")


@dataclass(frozen=True)
class RevisionView:
    """A revision with its steps in `seq` order."""

    revision: RouteRevision
    steps: Sequence[RouteStep]


@dataclass(frozen=True)
class RouteView:
    """A route at one of its revisions (normally the current one)."""

    route: Route
    current: RevisionView


def _steps_audit(steps: Sequence[RouteStep]) -> list[dict[str, Any]]:
    return [{name: getattr(step, name) for name in STEP_FIELDS} for step in steps]


def _route_audit(view: RouteView) -> dict[str, Any]:
    route = view.route
    return {
        "id": route.id,
        "code": route.code,
        "name": route.name,
        "part_id": route.part_id,
        "revision": view.current.revision.revision,
        "steps": _steps_audit(view.current.steps),
    }


async def _check_workstations(session: AsyncSession, steps: Sequence[StepIn]) -> None:
    wanted = {step.workstation_id for step in steps}
    missing = wanted - await repository.existing_workstations(session, wanted)
    for index, step in enumerate(steps):
        if step.workstation_id in missing:
            field = f"steps.{index}.workstation_id"
            raise UnknownReference(f"{field} {step.workstation_id} does not exist", field=field)


async def _add_revision(
    session: AsyncSession, principal: Principal, route: Route, number: int, steps: Sequence[StepIn]
) -> RevisionView:
    """Write revision `number` with its steps; the unique (route, revision) is the last guard."""
    revision = RouteRevision(route_id=route.id, revision=number, created_by=principal.actor)
    session.add(revision)
    await crud.flush(session)
    rows = [
        RouteStep(
            revision_id=revision.id,
            seq=seq,
            name=step.name,
            workstation_id=step.workstation_id,
            is_gate=step.is_gate,
            ideal_cycle_s=step.ideal_cycle_s,
        )
        for seq, step in enumerate(steps, start=1)
    ]
    session.add_all(rows)
    await crud.flush(session)
    return RevisionView(revision, rows)


async def _view(session: AsyncSession, route: Route) -> RouteView:
    revision = (await repository.current_revisions(session, [route.id]))[route.id]
    steps = (await repository.steps_of(session, [revision.id]))[revision.id]
    return RouteView(route, RevisionView(revision, steps))


async def _get_route(session: AsyncSession, route_id: int) -> Route:
    return await crud.get_or_404(session, Route, route_id, "route")


async def create_route(session: AsyncSession, principal: Principal, data: RouteCreate) -> RouteView:
    """Create a route and its revision 1."""
    await crud.require_reference(session, Part, data.part_id, "part_id")
    await _check_workstations(session, data.steps)
    route = Route(code=data.code, name=data.name, part_id=data.part_id, current_revision=1)
    session.add(route)
    await crud.flush(session)
    view = RouteView(route, await _add_revision(session, principal, route, 1, data.steps))
    await record(
        session,
        actor=principal.actor,
        entity_type=ENTITY,
        entity_id=route.id,
        action="create",
        after=_route_audit(view),
    )
    return view


async def get_route(session: AsyncSession, route_id: int) -> RouteView:
    return await _view(session, await _get_route(session, route_id))


async def list_routes(
    session: AsyncSession,
    params: PageParams,
    *,
    code: str | None = None,
    part_id: int | None = None,
) -> tuple[list[RouteView], str | None]:
    stmt = select(Route)
    if code is not None:
        stmt = stmt.where(Route.code == code)
    if part_id is not None:
        stmt = stmt.where(Route.part_id == part_id)
    routes, cursor = await crud.list_page(session, stmt, Route, params)
    revisions = await repository.current_revisions(session, [r.id for r in routes])
    steps = await repository.steps_of(session, [r.id for r in revisions.values()])
    views = [
        RouteView(route, RevisionView(revisions[route.id], steps[revisions[route.id].id]))
        for route in routes
    ]
    return views, cursor


async def update_route(
    session: AsyncSession, principal: Principal, route_id: int, data: RouteUpdate
) -> RouteView:
    """Change a route's code or name (never its steps: see `revise_route`)."""
    route = await _get_route(session, route_id)
    await audited.update(session, principal, route, data.changes(), entity_type=ENTITY)
    return await _view(session, route)


async def revise_route(
    session: AsyncSession, principal: Principal, route_id: int, data: RevisionCreate
) -> RouteView:
    """Create the next revision from `data.steps` and make it current.

    The number is derived under a row lock on the route, so concurrent revisions queue up
    and get consecutive numbers instead of racing for the same one.
    """
    route = await repository.lock_route(session, route_id)
    if route is None:
        raise NotFound(f"route {route_id} does not exist")
    await _check_workstations(session, data.steps)
    before = await _view(session, route)
    number = route.current_revision + 1
    revision = await _add_revision(session, principal, route, number, data.steps)
    route.current_revision = number
    await crud.flush(session)
    await record(
        session,
        actor=principal.actor,
        entity_type=ENTITY,
        entity_id=route.id,
        action="revise",
        before={
            "revision": before.current.revision.revision,
            "steps": _steps_audit(before.current.steps),
        },
        after={"revision": number, "steps": _steps_audit(revision.steps)},
    )
    return RouteView(route, revision)


async def list_revisions(
    session: AsyncSession, route_id: int, params: PageParams
) -> tuple[list[RevisionView], str | None]:
    await _get_route(session, route_id)
    revisions, cursor = await repository.list_revisions(session, route_id, params)
    steps = await repository.steps_of(session, [r.id for r in revisions])
    return [RevisionView(r, steps[r.id]) for r in revisions], cursor


async def get_revision(session: AsyncSession, route_id: int, number: int) -> RevisionView:
    await _get_route(session, route_id)
    revision = await repository.get_revision(session, route_id, number)
    if revision is None:
        raise NotFound(f"route {route_id} has no revision {number}")
    steps = await repository.steps_of(session, [revision.id])
    return RevisionView(revision, steps[revision.id])


async def delete_route(session: AsyncSession, principal: Principal, route_id: int) -> None:
    """Delete a route with its revisions and steps; refused once an order pinned it."""
    route = await repository.lock_route(session, route_id)
    if route is None:
        raise NotFound(f"route {route_id} does not exist")
    if await repository.pinned_by_orders(session, route_id):
        raise InUse(f"route {route.code} is used by production orders; it cannot be deleted")
    before = _route_audit(await _view(session, route))
    try:
        await repository.delete_route_tree(session, route_id)
    except IntegrityError as exc:  # an order or other record raced in, or references a step
        raise translate(exc, deleting=True) from exc
    await record(
        session,
        actor=principal.actor,
        entity_type=ENTITY,
        entity_id=route_id,
        action="delete",
        before=before,
    )
