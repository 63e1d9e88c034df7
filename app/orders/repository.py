"""SQL for production orders."""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.kit.pagination import AnySelect
from app.models import (
    BomRevision,
    Counter,
    Order,
    RouteRevision,
    RouteStep,
    Unit,
    UnitStatus,
    Workstation,
)
from app.models.orders import ORDER_NUMBER_COUNTER, OrderStatus
from app.orders.schemas import OrderSort


async def next_order_number(session: AsyncSession) -> int:
    """Advance the order counter. The row lock it takes is held until commit, so concurrent
    creations queue here and the numbers are gap-free in commit order."""
    value = await session.scalar(
        update(Counter)
        .where(Counter.name == ORDER_NUMBER_COUNTER)
        .values(value=Counter.value + 1)
        .returning(Counter.value)
    )
    assert value is not None, "counters row missing: run migrations"
    return int(value)


def with_revision() -> AnySelect:
    """Orders with their pinned route revision and BOM revision numbers (the BOM's null
    without one)."""
    return (
        select(Order, RouteRevision.revision, BomRevision.revision)
        .join(RouteRevision, RouteRevision.id == Order.route_revision_id)
        .outerjoin(BomRevision, BomRevision.id == Order.bom_revision_id)
    )


async def get_by_number(
    session: AsyncSession, number: str, *, lock: bool = False
) -> tuple[Order, int, int | None] | None:
    stmt = with_revision().where(Order.number == number)
    if lock:
        stmt = stmt.with_for_update(of=Order)
    row = (await session.execute(stmt)).first()
    return (row[0], row[1], row[2]) if row else None


async def order_id_of(session: AsyncSession, number: str) -> int | None:
    """The order's id (read without a lock), None when there is no such order."""
    found = await session.scalar(select(Order.id).where(Order.number == number))
    return int(found) if found is not None else None


async def route_visits_line(session: AsyncSession, revision_id: int, line_id: int) -> bool:
    """Whether a step of the route revision is at a workstation of the line."""
    found = await session.scalar(
        select(RouteStep.id)
        .join(Workstation, Workstation.id == RouteStep.workstation_id)
        .where(RouteStep.revision_id == revision_id, Workstation.line_id == line_id)
        .limit(1)
    )
    return found is not None


async def revision_of(session: AsyncSession, route_id: int, revision: int) -> RouteRevision | None:
    return await session.scalar(
        select(RouteRevision).where(
            RouteRevision.route_id == route_id, RouteRevision.revision == revision
        )
    )


async def units_in_progress(session: AsyncSession, order_id: int) -> int:
    return int(
        await session.scalar(
            select(func.count())
            .select_from(Unit)
            .where(Unit.order_id == order_id, Unit.status == UnitStatus.IN_PROGRESS.value)
        )
        or 0
    )


async def external_ref_taken(
    session: AsyncSession, ref: str, *, except_id: int | None = None
) -> bool:
    stmt = select(Order.id).where(Order.external_ref == ref)
    if except_id is not None:
        stmt = stmt.where(Order.id != except_id)
    return (await session.scalar(stmt)) is not None


def status_filter(stmt: AnySelect, statuses: list[OrderStatus]) -> AnySelect:
    return stmt.where(Order.status.in_([s.value for s in statuses])) if statuses else stmt


def sorted_page(
    stmt: AnySelect, sort: OrderSort, after: tuple[Any, int] | None, limit: int
) -> AnySelect:
    """Keyset on (sort key, id): order by them (both descending for a `-` sort; orders
    without a due date last either way), skip past the cursor's key, fetch one extra row."""
    column = getattr(Order, sort.field)
    desc = sort.descending
    if after is not None:
        value, after_id = after
        beyond = Order.id < after_id if desc else Order.id > after_id
        if value is None:  # only due dates are nullable: the cursor is among the undated
            stmt = stmt.where(column.is_(None), beyond)
        else:
            past = or_(column < value if desc else column > value, and_(column == value, beyond))
            if sort.field == "due_date":
                past = or_(past, column.is_(None))
            stmt = stmt.where(past)
    key = column.desc() if desc else column.asc()
    if sort.field == "due_date":
        key = key.nulls_last()
    return stmt.order_by(key, Order.id.desc() if desc else Order.id.asc()).limit(limit + 1)
