"""The order's counters and its one completion rule, as SQL on the order row.

A running order is complete when `completed >= quantity` and none of its units is still in
progress. Every unit of an order was counted in `started` when it was generated and leaves
`in_progress` only by completing or being scrapped, each counted in the same transaction, so
"no unit in progress" is `started = completed + scrapped`: the whole rule reads the order
row alone. That matters under load: counting a finished unit and deciding completion is one
UPDATE, evaluated by PostgreSQL on the newest version of the row it has locked, so concurrent
finishes of an order's last units cannot both miss the completion or both make it, and the
row lock (which every finishing unit of the order needs) is held for no client round trip
when the statement commits by itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import String, Table, and_, bindparam, case, func, insert, literal, select, update

from app.audit.recorder import append, audit_row
from app.db.executor import Executor
from app.models import AuditEntry, Order, OrderStatus, OutboxEvent
from app.orders.events import ORDER_STATUS_EVENT, emit_status, iso

orders = cast(Table, Order.__table__)
audit_log = cast(Table, AuditEntry.__table__)
outbox_events = cast(Table, OutboxEvent.__table__)

RUNNING = OrderStatus.RUNNING.value
COMPLETE = OrderStatus.COMPLETE.value
AUTO_COMPLETE = "auto_complete"  # the audit action
AUTO_COMPLETE_BEFORE = {"status": RUNNING}
AUTO_COMPLETE_AFTER = {"status": COMPLETE}


def order_done(completed: Any, scrapped: Any) -> Any:
    """The completion rule on the order row, given its counters after the change."""
    return and_(
        orders.c.status == RUNNING,
        completed >= orders.c.quantity,
        orders.c.started == completed + scrapped,
    )


@dataclass(frozen=True, slots=True)
class Finish:
    """Quantities of `order_id` leave `in_progress`: `completed` good ones and `scrapped`
    ones (a unit: one of the two; a batch step: its scrap, and at the last step its good)."""

    order_id: int
    completed: int
    scrapped: int
    actor: str
    at: datetime
    # The order's status as the command read it (SQLite: under the database's write lock).
    order_status: str

    def params(self) -> dict[str, Any]:
        return {
            "f_order_id": self.order_id,
            "f_completed": self.completed,
            "f_scrapped": self.scrapped,
            "f_actor": self.actor,
            "f_at": self.at,
            "f_before": AUTO_COMPLETE_BEFORE,
            "f_after": AUTO_COMPLETE_AFTER,
            "f_at_iso": iso(self.at),
        }


def _counted() -> dict[str, Any]:
    completed = orders.c.completed + bindparam("f_completed", type_=orders.c.completed.type)
    scrapped = orders.c.scrapped + bindparam("f_scrapped", type_=orders.c.scrapped.type)
    at = bindparam("f_at", type_=orders.c.updated_at.type)
    done = order_done(completed, scrapped)
    return {
        "completed": completed,
        "scrapped": scrapped,
        "updated_at": at,
        "status": case((done, COMPLETE), else_=orders.c.status),
        "finished_at": case((done, at), else_=orders.c.finished_at),
    }


def finish_ctes(guard: Any = None) -> list[Any]:
    """CTEs of a PostgreSQL statement that count the finished unit on its order, complete
    the order if the rule says so, and audit that completion. With a `guard` (a condition on
    the statement's other CTEs, such as "the unit was written") nothing happens unless it
    holds: the order row is not even locked."""
    where = orders.c.id == bindparam("f_order_id", type_=orders.c.id.type)
    if guard is not None:
        where = and_(where, guard)
    # One plain UPDATE: PostgreSQL re-evaluates its SET on the newest row version after
    # waiting for the row lock (no `FOR UPDATE` read first, which cost a second lock and
    # re-check per finishing unit under contention). Whether this statement completed the
    # order needs no old status: a complete order has no unit in progress (completion by the
    # rule needs none, a supervisor's completion refuses or scraps them), and the finishing
    # unit was in progress — so the order is complete now only if this UPDATE completed it,
    # which also set `finished_at` to this command's time.
    at = bindparam("f_at", type_=orders.c.updated_at.type)
    counted = (
        update(orders)
        .where(where)
        .values(**_counted())
        .returning(
            orders.c.number,
            orders.c.line_id,
            and_(orders.c.status == COMPLETE, orders.c.finished_at == at).label("completed_now"),
        )
        .cte("f")
    )
    audit = (
        insert(audit_log)
        .from_select(
            ["at", "actor", "entity_type", "entity_id", "action", "before", "after"],
            select(
                bindparam("f_at", type_=audit_log.c.at.type),
                bindparam("f_actor", type_=audit_log.c.actor.type),
                literal("order"),
                counted.c.number,
                literal(AUTO_COMPLETE),
                bindparam("f_before", type_=audit_log.c.before.type),
                bindparam("f_after", type_=audit_log.c.after.type),
            ).where(counted.c.completed_now),
        )
        .cte("fa")
    )
    # The order's status change on the outbox (`app.orders.events`), in the same statement.
    event = (
        insert(outbox_events)
        .from_select(
            ["type", "line_id", "payload", "at"],
            select(
                literal(ORDER_STATUS_EVENT),
                counted.c.line_id,
                func.jsonb_build_object(
                    literal("order"),
                    counted.c.number,
                    literal("from"),
                    literal(RUNNING),
                    literal("to"),
                    literal(COMPLETE),
                    literal("action"),
                    literal(AUTO_COMPLETE),
                    literal("at"),
                    bindparam("f_at_iso", type_=String()),
                ),
                bindparam("f_at", type_=outbox_events.c.at.type),
            ).where(counted.c.completed_now),
        )
        .cte("fe")
    )
    return [counted, audit, event]


_COUNT_FINISHED = (
    update(orders)
    .where(orders.c.id == bindparam("f_order_id", type_=orders.c.id.type))
    .values(**_counted())
    .returning(orders.c.number, orders.c.status, orders.c.line_id)
)


async def count_finished(ex: Executor, finish: Finish) -> None:
    """`finish_ctes` as statements of their own, where the command holds the database's
    write lock (SQLite), so `finish.order_status` is the status this replaces."""
    row = await ex.fetchrow(_COUNT_FINISHED, finish.params())
    assert row is not None, f"order {finish.order_id} vanished"
    number, status, line_id = row
    if finish.order_status == RUNNING and status == COMPLETE:
        await audit_completion(ex, number, finish.actor, finish.at)
        await emit_status(
            ex, number, RUNNING, COMPLETE, AUTO_COMPLETE, line_id=line_id, at=finish.at
        )


async def audit_completion(
    ex: Executor, number: str, actor: str, at: datetime | None = None
) -> None:
    """The audit entry of an order the completion rule completed."""
    row = audit_row(
        actor=actor,
        entity_type="order",
        entity_id=number,
        action=AUTO_COMPLETE,
        before=AUTO_COMPLETE_BEFORE,
        after=AUTO_COMPLETE_AFTER,
    )
    await append(ex, row if at is None else row | {"at": at})


# After a quantity change: complete the order if the rule now holds.
COMPLETE_IF_DONE = (
    update(orders)
    .where(
        orders.c.id == bindparam("order_id", type_=orders.c.id.type),
        order_done(orders.c.completed, orders.c.scrapped),
    )
    .values(
        status=COMPLETE,
        finished_at=bindparam("at", type_=orders.c.finished_at.type),
        updated_at=bindparam("at", type_=orders.c.updated_at.type),
    )
    .returning(orders.c.number, orders.c.line_id)
)
