"""SQL for routes, their revisions and steps."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import and_, delete, exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.kit.pagination import PageParams, keyset, page_of
from app.models import Order, Route, RouteRevision, RouteStep, Workstation


async def lock_route(session: AsyncSession, route_id: int) -> Route | None:
    """The route, row-locked until the transaction ends (SQLite: the write lock already is)."""
    stmt = (
        select(Route)
        .where(Route.id == route_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return await session.scalar(stmt)


async def get_revision(session: AsyncSession, route_id: int, revision: int) -> RouteRevision | None:
    return await session.scalar(
        select(RouteRevision).where(
            RouteRevision.route_id == route_id, RouteRevision.revision == revision
        )
    )


async def current_revisions(
    session: AsyncSession, route_ids: Sequence[int]
) -> dict[int, RouteRevision]:
    """Each route's current revision, by route id."""
    if not route_ids:
        return {}
    stmt = (
        select(RouteRevision)
        .join(
            Route,
            and_(
                Route.id == RouteRevision.route_id,
                Route.current_revision == RouteRevision.revision,
            ),
        )
        .where(Route.id.in_(route_ids))
    )
    return {r.route_id: r for r in await session.scalars(stmt)}


async def steps_of(
    session: AsyncSession, revision_ids: Sequence[int]
) -> dict[int, list[RouteStep]]:
    """The steps of each revision in `seq` order, by revision id."""
    found: dict[int, list[RouteStep]] = {rid: [] for rid in revision_ids}
    if not revision_ids:
        return found
    stmt = (
        select(RouteStep)
        .where(RouteStep.revision_id.in_(revision_ids))
        .order_by(RouteStep.revision_id, RouteStep.seq)
    )
    for step in await session.scalars(stmt):
        found[step.revision_id].append(step)
    return found


async def list_revisions(
    session: AsyncSession, route_id: int, params: PageParams
) -> tuple[list[RouteRevision], str | None]:
    """A route's revisions, oldest first; the cursor is the revision number."""
    stmt = select(RouteRevision).where(RouteRevision.route_id == route_id)
    rows = (await session.scalars(keyset(stmt, RouteRevision.revision, params))).all()
    return page_of(rows, params, lambda r: r.revision)


async def existing_workstations(session: AsyncSession, ids: set[int]) -> set[int]:
    if not ids:
        return set()
    return set(await session.scalars(select(Workstation.id).where(Workstation.id.in_(ids))))


async def pinned_by_orders(session: AsyncSession, route_id: int) -> bool:
    """Whether any order pinned a revision of the route (via the indexed revision column)."""
    revisions = select(RouteRevision.id).where(RouteRevision.route_id == route_id)
    pinned = exists().where(Order.route_revision_id.in_(revisions))
    return bool(await session.scalar(select(pinned)))


async def delete_route_tree(session: AsyncSession, route_id: int) -> None:
    """Delete the route's steps, revisions and the route itself (configuration only)."""
    revisions = select(RouteRevision.id).where(RouteRevision.route_id == route_id)
    for stmt in (
        delete(RouteStep).where(RouteStep.revision_id.in_(revisions)),
        delete(RouteRevision).where(RouteRevision.route_id == route_id),
        delete(Route).where(Route.id == route_id),
    ):
        # The session ends with this command; no need to sync loaded objects.
        await session.execute(stmt, execution_options={"synchronize_session": False})
