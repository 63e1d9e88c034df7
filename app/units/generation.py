"""Generating serialized units for an order: the rules and the command.

`count` units are created at step 0 with consecutive serial numbers from their part's counter
(never reused), counted in the order's `started`; a new or scheduled order starts running.
Generation never over-produces: `started - scrapped + count` may not exceed the order's
quantity (QuantityExceeded, 409), so scrapped units may be replaced one for one. Operators
generate only for orders whose route starts on one of their lines, a workstation account
only for orders whose route starts at its workstation (NotYourStation).

As a command of its own on PostgreSQL everything is one statement that commits by itself
(`repository.generate_alone`): the rules are conditions of its UPDATE of the order, so the
order and part rows are locked only while it runs, and many stations generating one unit
each on one order do not queue behind each other's round trips. Elsewhere the same writes
run as separate statements in the command's transaction, under the order's row lock.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from app.audit.recorder import audit_row
from app.auth.principal import Principal
from app.db.command import Command
from app.kit.errors import NotFound
from app.kit.time import utcnow
from app.models import Awaiting, OrderStatus, Tracking, UnitStatus
from app.orders.errors import QuantityExceeded, WrongTracking
from app.orders.events import emit_status
from app.orders.lifecycle import GENERATABLE
from app.outbox.events import OUTBOX_TOPIC
from app.transitions.errors import OrderNotRunnable
from app.units import repository as repo
from app.units.repository import OrderCounts, Serials
from app.units.schemas import UnitOut

RUNNING = OrderStatus.RUNNING.value
IN_PROGRESS = UnitStatus.IN_PROGRESS.value


def require_tracking(number: str, tracking: str, wanted: Tracking) -> None:
    """Serial calls only on serial orders, batch calls only on batch orders."""
    if tracking != wanted.value:
        raise WrongTracking(
            f"order {number} is tracked by {tracking}; "
            + (
                "create batches for it (POST /orders/{number}/batches)"
                if tracking == Tracking.BATCH.value
                else "generate units for it (POST /orders/{number}/units)"
            ).replace("{number}", number),
            tracking=tracking,
        )


def check(
    number: str, order: OrderCounts, count: int, tracking: Tracking = Tracking.SERIAL
) -> None:
    """Refuse a generation of `count` units (with `Tracking.BATCH`: a batch of quantity
    `count`) the order does not allow."""
    require_tracking(number, order.tracking, tracking)
    serial = tracking is Tracking.SERIAL
    if OrderStatus(order.status) not in GENERATABLE:
        made = "units can be generated" if serial else "batches can be created"
        raise OrderNotRunnable(
            f"order {number} is {order.status}; {made} only for new, scheduled or running orders",
            order_status=order.status,
        )
    open_or_done = order.started - order.scrapped
    if open_or_done + count > order.quantity:
        made = "generated" if serial else "batched"
        raise QuantityExceeded(
            f"order {number} is for {order.quantity}{' units' if serial else ''} and has "
            f"{open_or_done} "
            f"(started {order.started}, scrapped {order.scrapped}): {count} more would "
            f"exceed it; at most {max(order.quantity - open_or_done, 0)} may be {made}",
            quantity=order.quantity,
            started=order.started,
            scrapped=order.scrapped,
        )


def check_station(principal: Principal, order: OrderCounts) -> None:
    """The caller may generate where the order's route starts (NotYourStation otherwise)."""
    assert order.first_workstation_id is not None, "the order's route has no steps"
    principal.require_station(order.first_workstation_id, order.first_line_id)


async def generate_units(
    cmd: Command, principal: Principal, number: str, count: int
) -> list[UnitOut]:
    """Create `count` units of order `number` (see the module docstring)."""
    single = cmd.single_statement()
    if single is None:
        return await _generate_in_transaction(cmd, principal, number, count)
    if principal.is_restricted:
        # Judged on the order as committed now; the statement judges again, under the lock.
        found = await repo.read_order_alone(single, number)
        if found is None:
            raise NotFound(f"order {number} does not exist")
        check(number, found, count)
        check_station(principal, found)
    at = utcnow()
    generated = await repo.generate_alone(
        single, number=number, count=count, actor=principal.actor, at=at
    )
    if generated is None:
        raise NotFound(f"order {number} does not exist")
    if generated.serials is None:  # refused, nothing written: say why
        check(number, generated.counts, count)
        raise AssertionError(f"order {number}: its route has no steps")
    cmd.touch(OUTBOX_TOPIC)
    return units_out(number, generated.serials, at)


async def _generate_in_transaction(
    cmd: Command, principal: Principal, number: str, count: int
) -> list[UnitOut]:
    """The same writes as statements of the command's transaction, under the order's lock."""
    ex = cmd.ex
    order = await repo.lock_order(ex, number)
    if order is None:
        raise NotFound(f"order {number} does not exist")
    check(number, order.counts, count)
    check_station(principal, order.counts)
    at = utcnow()
    await repo.start_and_count(ex, order.id, count, at)
    serials = await repo.advance_serial_counter(ex, order.part_id, count, at)
    line_id = order.line_id or order.counts.first_line_id
    after_id = await repo.max_unit_id(ex, order.id)
    await repo.insert_units(
        ex,
        [
            {
                "serial": serial,
                "order_id": order.id,
                "part_id": order.part_id,
                "route_revision_id": order.route_revision_id,
                "line_id": line_id,
                "status": IN_PROGRESS,
                "step": 0,
                "workstation_id": None,
                "awaiting": Awaiting.MOVE.value,
                "rework_count": 0,
                "created_at": at,
                "updated_at": at,
            }
            for serial in serial_numbers(serials)
        ],
    )
    await repo.insert_created_events(
        ex,
        order_id=order.id,
        order_number=order.number,
        after_unit_id=after_id,
        actor=principal.actor,
        at=at,
    )

    def audited(
        action: str,
        before: Mapping[str, Any] | None = None,
        after: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        entry = audit_row(
            actor=principal.actor,
            entity_type="order",
            entity_id=order.number,
            action=action,
            before=before,
            after=after,
        )
        return entry | {"at": at}

    if order.counts.status != RUNNING:
        before, after = {"status": order.counts.status}, {"status": RUNNING}
        await cmd.audit(audited(repo.START_ACTION, before=before, after=after))
        await emit_status(
            ex,
            order.number,
            order.counts.status,
            RUNNING,
            repo.START_ACTION,
            line_id=line_id,
            at=at,
        )
    await cmd.audit(audited(repo.GENERATE_ACTION, after=generated_audit(serials)))
    cmd.touch(OUTBOX_TOPIC)
    return units_out(order.number, serials, at)


def serial_of(serials: Serials, n: int) -> str:
    return f"{serials.prefix}-{n:0{serials.digits}d}"


def serial_numbers(serials: Serials) -> list[str]:
    prefix, digits = serials.prefix, serials.digits
    return [f"{prefix}-{n:0{digits}d}" for n in range(serials.first, serials.last + 1)]


def generated_audit(serials: Serials) -> dict[str, object]:
    """The `after` of the `generate_units` audit entry."""
    return {
        "count": serials.last - serials.first + 1,
        "first_serial": serial_of(serials, serials.first),
        "last_serial": serial_of(serials, serials.last),
    }


def units_out(order_number: str, serials: Serials, at: datetime) -> list[UnitOut]:
    return [
        UnitOut(
            serial=serial,
            order=order_number,
            part=serials.part_number,
            status=UnitStatus.IN_PROGRESS,
            step=0,
            workstation=None,
            workstation_id=None,
            awaiting=Awaiting.MOVE,
            rework_count=0,
            created_at=at,
            updated_at=at,
        )
        for serial in serial_numbers(serials)
    ]
