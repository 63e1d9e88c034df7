"""HTTP routes of sub-assemblies, genealogy and where-used (the recall list)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status
from pydantic_core import to_json

from app.auth.principal import Reader, UnitExecutor
from app.db.session import DbCommand, DbSession
from app.genealogy import queries, service
from app.genealogy.schemas import AssemblyOut, GenealogyNode, InstallChild, RemoveChild, WhereUsed
from app.kit.pagination import Page, Paging
from app.kit.problems import problem_responses
from app.kit.routing import CommandRoute
from app.kit.schemas import MAX_ID, Serial

router = APIRouter(
    tags=["genealogy"], responses=problem_responses(401, 403), route_class=CommandRoute
)

LotId = Annotated[int, Path(ge=1, le=MAX_ID, description="lot id")]


@router.post(
    "/units/{serial}/install",
    status_code=status.HTTP_201_CREATED,
    response_model=AssemblyOut,
    responses=problem_responses(404, 409, 422),
)
async def install_child(
    serial: Serial, body: InstallChild, cmd: DbCommand, principal: UnitExecutor
) -> AssemblyOut:
    """Install the completed unit `child_serial` into this unit at its current step.

    The parent must be in progress at a route step and the child `completed`, installed in
    no other unit, and neither the parent itself nor a unit the parent is installed in: else
    409 `not_installable`, whose `reason` says which (`parent_finished`, `parent_not_started`,
    `child_not_completed`, `child_installed`, `cycle`, `same_unit`). 409
    `order_not_runnable` unless the parent's order is running; 403 `not_your_station` for an
    operator whose lines do not include the parent's current step; 404 unknown parent, 422
    `unknown_reference` unknown child. Writes `installed` history on both units."""
    return await service.install(cmd, principal, serial, body)


@router.post(
    "/units/{serial}/remove", response_model=AssemblyOut, responses=problem_responses(404, 409, 422)
)
async def remove_child(
    serial: Serial, body: RemoveChild, cmd: DbCommand, principal: UnitExecutor
) -> AssemblyOut:
    """Take the installed unit `child_serial` out of this unit (whatever this unit's status:
    a scrapped unit's sub-assemblies are salvaged) with a `reason`; answers the closed
    assembly record. 409 `not_installed` when the child is not installed in this unit; 403
    `not_your_station` for an operator unless this unit is at a step of their lines. Writes
    `removed` history on both units; the child can then be installed elsewhere."""
    return await service.remove(cmd, principal, serial, body)


@router.get(
    "/units/{serial}/children",
    response_model=Page[AssemblyOut],
    responses=problem_responses(400, 404, 422),
)
async def unit_children(
    serial: Serial,
    session: DbSession,
    _: Reader,
    paging: Paging,
    all_: Annotated[
        bool, Query(alias="all", description="include sub-assemblies since removed")
    ] = False,
) -> Page[AssemblyOut]:
    """The sub-assemblies installed in the unit now (with `all=true`, also those removed),
    in the order they were installed."""
    items, cursor = await queries.children(session, serial, paging, include_removed=all_)
    return Page(items=items, next_cursor=cursor)


@router.get(
    "/units/{serial}/genealogy", response_model=GenealogyNode, responses=problem_responses(404)
)
async def unit_genealogy(serial: Serial, session: DbSession, _: Reader) -> GenealogyNode:
    """Backward genealogy: the lots the unit consumed (summed per lot) and its installed
    sub-assemblies with theirs, recursively. Removed sub-assemblies are not part of it."""
    return await queries.genealogy(session, serial)


@router.get(
    "/lots/{lot_id}/where-used", response_model=WhereUsed, responses=problem_responses(404, 422)
)
async def lot_where_used(lot_id: LotId, session: DbSession, _: Reader) -> Response:
    """The recall list of a lot: every unit and batch that consumed it (`depth` 0, `via`
    `direct`) and every unit those units are installed in now, recursively (`via` the child
    it contains on the way to the lot), each with its order, the order's `external_ref`
    and its status. Whole, not paginated: a recall needs every unit at once."""
    # Sent as built (the `WhereUsed` document): see `queries.where_used`.
    document = await queries.where_used(session, lot_id)
    return Response(to_json(document), media_type="application/json")
