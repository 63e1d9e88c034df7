"""Consumption: a unit or a batch takes a quantity of a lot at its current step.

One command: read the consumer (its row locked on PostgreSQL, so a concurrent move cannot
change the step it consumes at) and the lot's BOM item in the order's pinned revision, then
the conditional decrement (`repository.decrement`), the consumption row, the history row
(`consumed` / `batch_consumed`), the audit entry and the `lot.consumed` outbox event. A
refusal raises before anything is written, or after the decrement found nothing to take:
the transaction rolls back and nothing is half-written.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.audit.recorder import audit_row
from app.auth.principal import Principal
from app.batches.errors import BatchFinished, StepNotStarted
from app.db.command import Command
from app.kit.errors import NotFound
from app.kit.pagination import AnySelect, PageParams, keyset, page_of
from app.kit.time import utcnow
from app.materials import repository as repo
from app.materials.boms import part_ref
from app.materials.errors import InsufficientQuantity, LotUnavailable, NotInBom
from app.materials.events import LOT_CONSUMED
from app.materials.schemas import ConsumptionOut, PartRef
from app.models import (
    Batch,
    BatchEventType,
    BatchStatus,
    BatchStepStatus,
    Consumption,
    EventType,
    Lot,
    LotStatus,
    Order,
    OrderStatus,
    Part,
    PartKind,
    Unit,
    UnitStatus,
)
from app.transitions.errors import NotStarted, OrderNotRunnable, StepMismatch, UnitFinished


def _check_order(consumer: repo.Consumer, what: str) -> None:
    if consumer.order_status != OrderStatus.RUNNING.value:
        raise OrderNotRunnable(
            f"order {consumer.order_number} is {consumer.order_status}; its {what} cannot be "
            "worked on",
            order_status=consumer.order_status,
        )


def _check_unit(consumer: repo.Consumer, serial: str) -> None:
    if consumer.status != UnitStatus.IN_PROGRESS.value:
        raise UnitFinished(
            f"unit {serial} is already {consumer.status}", unit_status=consumer.status
        )
    if consumer.step == 0:
        raise NotStarted(f"unit {serial} has not entered its route: move it to step 1 first")
    _check_order(consumer, "units")


def _check_batch(consumer: repo.Consumer, batch_id: int) -> None:
    if consumer.status != BatchStatus.IN_PROGRESS.value:
        raise BatchFinished(
            f"batch {batch_id} is already {consumer.status}", batch_status=consumer.status
        )
    _check_order(consumer, "batches")
    if consumer.step_status != BatchStepStatus.IN_PROGRESS.value:
        raise StepNotStarted(
            f"step {consumer.step} of batch {batch_id} is not in progress: start it first"
        )


async def _lot_item(cmd: Command, consumer: repo.Consumer, lot_id: int) -> repo.LotItem:
    item = await repo.lot_item(cmd.ex, lot_id, consumer.bom_revision_id)
    if item is None:
        raise NotFound(f"lot {lot_id} does not exist")
    if item.item_id is None:
        pinned = "its pinned BOM" if consumer.bom_revision_id is not None else "a BOM (none)"
        raise NotInBom(
            f"part {item.part_number} of lot {item.code} is not in {pinned}: order "
            f"{consumer.order_number} does not consume it",
            field="lot_id",
        )
    if item.item_step is not None and item.item_step != consumer.step:
        raise StepMismatch(
            f"part {item.part_number} is consumed at step {item.item_step}, not at step "
            f"{consumer.step}",
            expected_step=item.item_step,
            step=consumer.step,
        )
    return item


async def _take(cmd: Command, item: repo.LotItem, quantity: float, now: datetime) -> float:
    """Decrement the lot; if nothing was taken, say why (409). Returns what remains."""
    taken = await repo.decrement(cmd.ex, item.lot_id, quantity, now)
    if taken is not None:
        return taken[0]
    status, remaining, expires_at, hold_reason = await repo.lot_state(cmd.ex, item.lot_id)
    if status == LotStatus.ON_HOLD.value:
        raise LotUnavailable(
            f"lot {item.code} is on hold ({hold_reason})", lot_status=status, reason="on_hold"
        )
    if expires_at is not None and expires_at <= now:
        raise LotUnavailable(
            f"lot {item.code} expired at {expires_at.isoformat()}",
            lot_status=status,
            reason="expired",
        )
    raise InsufficientQuantity(
        f"lot {item.code} has {remaining:g} {item.uom} remaining, {quantity:g} requested",
        remaining=remaining,
    )


def _part(item: repo.LotItem) -> PartRef:
    return PartRef(
        id=item.part_id,
        number=item.part_number,
        name=item.part_name,
        kind=PartKind(item.part_kind),
        uom=item.uom,
    )


async def _record(
    cmd: Command,
    principal: Principal,
    consumer: repo.Consumer,
    item: repo.LotItem,
    quantity: float,
    *,
    serial: str | None,
    batch_id: int | None,
) -> ConsumptionOut:
    """Take the quantity and write the consumption with its history, audit and event."""
    now = utcnow()
    remaining = await _take(cmd, item, quantity, now)
    actor = principal.actor
    ex = cmd.ex
    consumption_id = await repo.insert_consumption(
        ex,
        {
            "lot_id": item.lot_id,
            "quantity": quantity,
            "unit_id": consumer.id if serial is not None else None,
            "batch_id": batch_id,
            "order_id": consumer.order_id,
            "step": consumer.step,
            "workstation_id": consumer.workstation_id,
            "actor": actor,
            "at": now,
        },
    )
    notes = f"lot {item.code} × {quantity:g}"  # noqa: RUF001 (as history shows it)
    if serial is not None:
        # No workstation columns: WIP, OEE and step stays ignore a consumption.
        await repo.insert_unit_history(
            ex,
            {
                "unit_id": consumer.id,
                "order_id": consumer.order_id,
                "type": EventType.CONSUMED.value,
                "from_step": consumer.step,
                "to_step": consumer.step,
                "from_workstation_id": None,
                "to_workstation_id": None,
                "result": None,
                "notes": notes,
                "actor": actor,
                "at": now,
            },
        )
    else:
        await repo.insert_batch_history(
            ex,
            {
                "batch_id": batch_id,
                "order_id": consumer.order_id,
                "type": BatchEventType.CONSUMED.value,
                "step": consumer.step,
                "workstation_id": None,
                "quantity": None,
                "good": None,
                "scrap": None,
                "defect_code_id": None,
                "notes": notes,
                "actor": actor,
                "at": now,
            },
        )
    out = ConsumptionOut(
        id=consumption_id,
        lot_id=item.lot_id,
        lot_code=item.code,
        part=_part(item),
        quantity=quantity,
        serial=serial,
        batch_id=batch_id,
        order=consumer.order_number,
        step=consumer.step,
        workstation_id=consumer.workstation_id,
        actor=actor,
        at=now,
    )
    await cmd.audit(
        audit_row(
            actor=actor,
            entity_type="lot",
            entity_id=item.lot_id,
            action="consume",
            after={
                "consumption_id": consumption_id,
                "quantity": quantity,
                "remaining": remaining,
                "serial": serial,
                "batch_id": batch_id,
                "order": consumer.order_number,
                "step": consumer.step,
            },
        )
    )
    await cmd.emit(
        LOT_CONSUMED,
        payload={
            "consumption_id": consumption_id,
            "lot": {"id": item.lot_id, "code": item.code},
            "part": {"id": item.part_id, "number": item.part_number, "uom": item.uom},
            "quantity": quantity,
            "remaining": remaining,
            "serial": serial,
            "batch_id": batch_id,
            "order": consumer.order_number,
            "step": consumer.step,
            "workstation_id": consumer.workstation_id,
            "actor": actor,
            "at": now.isoformat(),
        },
        line_id=consumer.line_id,
        at=now,
    )
    return out


async def consume_by_unit(
    cmd: Command, principal: Principal, serial: str, lot_id: int, quantity: float
) -> ConsumptionOut:
    """The unit consumes `quantity` of the lot at its current step.

    404 unknown unit or lot; 409 `unit_finished`, `unit_not_started`, `order_not_runnable`,
    `step_mismatch` (the BOM item is consumed at another step), `lot_unavailable` (on hold
    or expired), `insufficient_quantity`; 422 `not_in_bom`; 403 an operator off their lines.
    """
    consumer = await repo.unit_consumer(cmd.ex, serial)
    if consumer is None:
        raise NotFound(f"unit {serial} does not exist")
    _check_unit(consumer, serial)
    principal.require_station(consumer.workstation_id, consumer.line_id)
    item = await _lot_item(cmd, consumer, lot_id)
    return await _record(cmd, principal, consumer, item, quantity, serial=serial, batch_id=None)


async def consume_by_batch(
    cmd: Command, principal: Principal, batch_id: int, lot_id: int, quantity: float
) -> ConsumptionOut:
    """The batch consumes `quantity` of the lot at its current step (which must be started):
    the same rules as a unit, with 409 `batch_finished` and `step_not_started`."""
    consumer = await repo.batch_consumer(cmd.ex, batch_id)
    if consumer is None:
        raise NotFound(f"batch {batch_id} does not exist")
    _check_batch(consumer, batch_id)
    principal.require_station(consumer.workstation_id, consumer.line_id)
    item = await _lot_item(cmd, consumer, lot_id)
    return await _record(cmd, principal, consumer, item, quantity, serial=None, batch_id=batch_id)


# -- lists ----------------------------------------------------------------------------------


def _listing() -> AnySelect:
    return (
        select(Consumption, Lot.code, Part, Order.number, Unit.serial)
        .join(Lot, Lot.id == Consumption.lot_id)
        .join(Part, Part.id == Lot.part_id)
        .join(Order, Order.id == Consumption.order_id)
        .outerjoin(Unit, Unit.id == Consumption.unit_id)
    )


def _row_out(row: Any) -> ConsumptionOut:
    c, code, part, number, serial = row
    return ConsumptionOut(
        id=c.id,
        lot_id=c.lot_id,
        lot_code=code,
        part=part_ref(part),
        quantity=c.quantity,
        serial=serial,
        batch_id=c.batch_id,
        order=number,
        step=c.step,
        workstation_id=c.workstation_id,
        actor=c.actor,
        at=c.at,
    )


async def _page(
    session: AsyncSession, stmt: AnySelect, params: PageParams
) -> tuple[list[ConsumptionOut], str | None]:
    rows = (await session.execute(keyset(stmt, Consumption.id, params))).all()
    items, cursor = page_of(rows, params, lambda row: row[0].id)
    return [_row_out(r) for r in items], cursor


async def unit_consumptions(
    session: AsyncSession, serial: str, params: PageParams
) -> tuple[list[ConsumptionOut], str | None]:
    unit_id = await session.scalar(select(Unit.id).where(Unit.serial == serial))
    if unit_id is None:
        raise NotFound(f"unit {serial} does not exist")
    return await _page(session, _listing().where(Consumption.unit_id == unit_id), params)


async def batch_consumptions(
    session: AsyncSession, batch_id: int, params: PageParams
) -> tuple[list[ConsumptionOut], str | None]:
    if await session.scalar(select(Batch.id).where(Batch.id == batch_id)) is None:
        raise NotFound(f"batch {batch_id} does not exist")
    return await _page(session, _listing().where(Consumption.batch_id == batch_id), params)


async def lot_consumptions(
    session: AsyncSession, lot_id: int, params: PageParams
) -> tuple[list[ConsumptionOut], str | None]:
    if await session.scalar(select(Lot.id).where(Lot.id == lot_id)) is None:
        raise NotFound(f"lot {lot_id} does not exist")
    return await _page(session, _listing().where(Consumption.lot_id == lot_id), params)
