"""Blocking issues on orders: an order with an open (or acknowledged) blocking issue is
`blocked`, and returns to exactly the status it had once its last one is resolved.

Both directions run in the issue command's transaction, under the order's row lock
(`repository.lock_order`), taken before the issue row is written or changed: opening and
resolving on the same order queue there, and whoever holds the lock counts the issues the
others committed. So two issues opened at once block the order once (the second finds it
`blocked` and leaves `status_before_block` alone), and two resolved at once release it once
(the first still counts the second).

Order actions (`app.orders.lifecycle`) are never taken from `blocked`: pause, resume,
start, … are 409 while an order is blocked, and unit and batch commands refuse a
non-running order (`order_not_runnable`).
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from app.audit.recorder import record
from app.issues import repository as repo
from app.kit import crud
from app.models import Order, OrderStatus
from app.orders.events import emit_status_on

S = OrderStatus
# What a blocking issue blocks; on a finished order it is recorded but blocks nothing.
BLOCKABLE = frozenset({S.NEW, S.SCHEDULED, S.RUNNING, S.PAUSED})


async def block(session: AsyncSession, actor: str, order: Order, issue_id: int) -> bool:
    """Block the (locked) order for a blocking issue just opened; False when it was blocked
    already (the issues stack) or is past blocking."""
    if OrderStatus(order.status) not in BLOCKABLE:
        return False
    was = order.status
    order.status_before_block = was
    order.status = S.BLOCKED.value
    await crud.flush(session)
    await emit_status_on(
        session, order.number, was, S.BLOCKED.value, "block", line_id=order.line_id
    )
    await record(
        session,
        actor=actor,
        entity_type="order",
        entity_id=order.number,
        action="block",
        before={"status": was},
        after={"status": S.BLOCKED.value, "issue_id": issue_id},
    )
    return True


async def release(session: AsyncSession, actor: str, order: Order, issue_id: int) -> bool:
    """After a blocking issue of the (locked) order was resolved: when no other blocks it,
    the order returns to the status it had before. False when it stays as it is."""
    if order.status != S.BLOCKED.value or await repo.active_blocking(session, order.id):
        return False
    back = order.status_before_block or S.RUNNING.value
    order.status = back
    order.status_before_block = None
    await crud.flush(session)
    await emit_status_on(
        session, order.number, S.BLOCKED.value, back, "unblock", line_id=order.line_id
    )
    await record(
        session,
        actor=actor,
        entity_type="order",
        entity_id=order.number,
        action="unblock",
        before={"status": S.BLOCKED.value},
        after={"status": back, "issue_id": issue_id},
    )
    return True
