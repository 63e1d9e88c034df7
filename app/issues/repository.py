"""SQL for issue types and issues."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.kit.pagination import AnySelect
from app.models import Issue, IssueStatus, IssueType, Order, Unit

ACTIVE = (IssueStatus.OPEN.value, IssueStatus.ACKNOWLEDGED.value)


def issues() -> AnySelect:
    """Issues with their type's code, their order's number and planned line, their serial."""
    return (
        select(Issue, IssueType.code, Order.number, Order.line_id, Unit.serial)
        .join(IssueType, IssueType.id == Issue.type_id)
        .outerjoin(Order, Order.id == Issue.order_id)
        .outerjoin(Unit, Unit.id == Issue.unit_id)
    )


async def issue_row(session: AsyncSession, issue_id: int) -> Any:
    """One issue as `issues()` reads it, fresh from the database; None when there is none."""
    stmt = issues().where(Issue.id == issue_id).execution_options(populate_existing=True)
    return (await session.execute(stmt)).first()


async def type_by_code(session: AsyncSession, code: str) -> IssueType | None:
    return await session.scalar(select(IssueType).where(IssueType.code == code))


async def order_by_number(session: AsyncSession, number: str) -> Order | None:
    return await session.scalar(select(Order).where(Order.number == number))


async def unit_by_serial(session: AsyncSession, serial: str) -> Unit | None:
    return await session.scalar(select(Unit).where(Unit.serial == serial))


async def lock_order(session: AsyncSession, order_id: int) -> Order:
    """The order, locked until commit and read after the lock was granted: whoever blocks
    or releases it has seen every issue committed before."""
    order = await session.scalar(
        select(Order)
        .where(Order.id == order_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    assert order is not None, f"order {order_id} vanished (orders are never deleted)"
    return order


async def active_blocking(session: AsyncSession, order_id: int) -> int:
    """How many open or acknowledged blocking issues name the order (partial index)."""
    return int(
        await session.scalar(
            select(func.count())
            .select_from(Issue)
            .where(Issue.order_id == order_id, Issue.blocking, Issue.status.in_(ACTIVE))
        )
        or 0
    )


async def lock_issue(session: AsyncSession, issue_id: int) -> Issue:
    """The issue, locked until commit (after its order's lock, if any: the order in which
    every issue command takes them)."""
    issue = await session.scalar(
        select(Issue)
        .where(Issue.id == issue_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    assert issue is not None, f"issue {issue_id} vanished (issues are never deleted)"
    return issue


def filtered(
    stmt: AnySelect,
    *,
    status: str | None,
    type_: str | None,
    order: str | None,
    line_id: int | None,
    workstation_id: int | None,
    blocking: bool | None,
) -> AnySelect:
    if status is not None:
        stmt = stmt.where(Issue.status == status)
    if type_ is not None:
        by_type = IssueType.code == type_
        if type_.isdigit() and len(type_) < 19:
            by_type = or_(by_type, Issue.type_id == int(type_))
        stmt = stmt.where(by_type)
    if order is not None:
        stmt = stmt.where(Order.number == order)
    if line_id is not None:
        stmt = stmt.where(Issue.line_id == line_id)
    if workstation_id is not None:
        stmt = stmt.where(Issue.workstation_id == workstation_id)
    if blocking is not None:
        stmt = stmt.where(Issue.blocking.is_(blocking))
    return stmt


def stamp(action: str, actor: str, at: datetime) -> dict[str, Any]:
    """The columns a transition sets besides the status."""
    return {f"{action}_by": actor, f"{action}_at": at}
