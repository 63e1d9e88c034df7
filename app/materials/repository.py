"""SQL for consumption (Core, on the command's executor) and material readiness.

The decrement of a lot is one conditional UPDATE: it succeeds only while the lot is
available, unexpired and holds enough, so concurrent consumptions can never take it below
zero (the CHECK on `remaining` is the last word), and a hold committed first stops it.
Every statement is a module-level constant (see `app.db.executor`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import (
    Float,
    Table,
    and_,
    bindparam,
    case,
    func,
    insert,
    literal,
    or_,
    select,
    update,
)

from app.db.binding import bound
from app.db.executor import Executor
from app.models import (
    Batch,
    BatchEvent,
    BatchStep,
    BomItem,
    BomRevision,
    Consumption,
    Lot,
    LotStatus,
    Order,
    Part,
    Unit,
    UnitEvent,
    Workstation,
)

lots = cast(Table, Lot.__table__)
consumptions = cast(Table, Consumption.__table__)
unit_events = cast(Table, UnitEvent.__table__)
batch_events = cast(Table, BatchEvent.__table__)

# Float quantities (kg, m) do not add up exactly: a remainder this small counts as nothing.
EPSILON = 1e-9

# -- what is consuming ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Consumer:
    """A unit or batch (row-locked on PostgreSQL) with its order and current step."""

    id: int
    status: str
    step: int
    step_status: str | None  # batches: the current step's status
    workstation_id: int | None
    line_id: int | None
    order_id: int
    order_number: str
    order_status: str
    bom_revision_id: int | None


_UNIT = (
    select(
        Unit.id,
        Unit.status,
        Unit.step,
        literal(None).label("step_status"),
        Unit.workstation_id,
        Workstation.line_id,
        Unit.order_id,
        Order.number,
        Order.status,
        Order.bom_revision_id,
    )
    .join(Order, Order.id == Unit.order_id)
    .outerjoin(Workstation, Workstation.id == Unit.workstation_id)
    .where(Unit.serial == bindparam("serial", type_=Unit.serial.type))
    .with_for_update(of=Unit)  # queued behind a move of the unit, so its step stays true
)
_BATCH = (
    select(
        Batch.id,
        Batch.status,
        Batch.step,
        BatchStep.status,
        BatchStep.workstation_id,
        Workstation.line_id,
        Batch.order_id,
        Order.number,
        Order.status,
        Order.bom_revision_id,
    )
    .join(Order, Order.id == Batch.order_id)
    .outerjoin(BatchStep, and_(BatchStep.batch_id == Batch.id, BatchStep.seq == Batch.step))
    .outerjoin(Workstation, Workstation.id == BatchStep.workstation_id)
    .where(Batch.id == bindparam("batch_id", type_=Batch.id.type))
    .with_for_update(of=Batch)
)


async def unit_consumer(ex: Executor, serial: str) -> Consumer | None:
    row = await ex.fetchrow(_UNIT, {"serial": serial})
    return Consumer(*row) if row else None


async def batch_consumer(ex: Executor, batch_id: int) -> Consumer | None:
    row = await ex.fetchrow(_BATCH, {"batch_id": batch_id})
    return Consumer(*row) if row else None


# -- the lot and its BOM item ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LotItem:
    """A lot, its part and the BOM item of that part in the order's pinned revision."""

    lot_id: int
    code: str
    part_id: int
    part_number: str
    part_name: str
    part_kind: str
    uom: str
    item_id: int | None
    item_step: int | None


_LOT_ITEM = (
    select(
        Lot.id,
        Lot.code,
        Part.id,
        Part.number,
        Part.name,
        Part.kind,
        Part.uom,
        BomItem.id,
        BomItem.step,
    )
    .join(Part, Part.id == Lot.part_id)
    .outerjoin(
        BomItem,
        and_(
            BomItem.bom_revision_id
            == bindparam("bom_revision_id", type_=BomItem.bom_revision_id.type),
            BomItem.component_part_id == Lot.part_id,
        ),
    )
    .where(Lot.id == bindparam("lot_id", type_=Lot.id.type))
)


async def lot_item(ex: Executor, lot_id: int, bom_revision_id: int | None) -> LotItem | None:
    row = await ex.fetchrow(_LOT_ITEM, {"lot_id": lot_id, "bom_revision_id": bom_revision_id})
    return LotItem(*row) if row else None


# -- the decrement --------------------------------------------------------------------------

_Q = bindparam("take", type_=Float())
_NOW = bindparam("now", type_=lots.c.expires_at.type)
_LEFT = lots.c.remaining - _Q
_DECREMENT = (
    update(lots)
    .where(
        lots.c.id == bindparam("lot_id", type_=lots.c.id.type),
        lots.c.status == LotStatus.AVAILABLE.value,
        lots.c.remaining + EPSILON >= _Q,
        or_(lots.c.expires_at.is_(None), lots.c.expires_at > _NOW),
    )
    .values(
        remaining=case((_LEFT <= EPSILON, literal(0.0)), else_=_LEFT),
        status=case((_LEFT <= EPSILON, literal(LotStatus.CONSUMED.value)), else_=lots.c.status),
    )
    .returning(lots.c.remaining, lots.c.status)
)
_LOT_STATE = select(lots.c.status, lots.c.remaining, lots.c.expires_at, lots.c.hold_reason).where(
    lots.c.id == bindparam("lot_id", type_=lots.c.id.type)
)


async def decrement(
    ex: Executor, lot_id: int, quantity: float, now: datetime
) -> tuple[float, str] | None:
    """Take `quantity` from the lot if it is available, unexpired and holds enough: the
    remaining quantity and status after, or None (nothing changed)."""
    row = await ex.fetchrow(_DECREMENT, {"lot_id": lot_id, "take": quantity, "now": now})
    return (float(row[0]), str(row[1])) if row else None


async def lot_state(ex: Executor, lot_id: int) -> tuple[str, float, datetime | None, str | None]:
    """Why a decrement found nothing to take: the lot as it is now."""
    row = await ex.fetchrow(_LOT_STATE, {"lot_id": lot_id})
    assert row is not None, f"lot {lot_id} vanished"
    return str(row[0]), float(row[1]), row[2], row[3]


# -- the records ----------------------------------------------------------------------------

CONSUMPTION_COLUMNS = (
    "lot_id",
    "quantity",
    "unit_id",
    "batch_id",
    "order_id",
    "step",
    "workstation_id",
    "actor",
    "at",
)
_INSERT_CONSUMPTION = (
    insert(consumptions)
    .values(**bound(consumptions, CONSUMPTION_COLUMNS))
    .returning(consumptions.c.id)
)
UNIT_HISTORY_COLUMNS = (
    "unit_id",
    "order_id",
    "type",
    "from_step",
    "to_step",
    "from_workstation_id",
    "to_workstation_id",
    "result",
    "notes",
    "actor",
    "at",
)
_INSERT_UNIT_HISTORY = insert(unit_events).values(**bound(unit_events, UNIT_HISTORY_COLUMNS))
BATCH_HISTORY_COLUMNS = (
    "batch_id",
    "order_id",
    "type",
    "step",
    "workstation_id",
    "quantity",
    "good",
    "scrap",
    "defect_code_id",
    "notes",
    "actor",
    "at",
)
_INSERT_BATCH_HISTORY = insert(batch_events).values(**bound(batch_events, BATCH_HISTORY_COLUMNS))


async def insert_consumption(ex: Executor, row: dict[str, Any]) -> int:
    return int(await ex.fetchval(_INSERT_CONSUMPTION, row))


async def insert_unit_history(ex: Executor, row: dict[str, Any]) -> None:
    await ex.execute(_INSERT_UNIT_HISTORY, row)


async def insert_batch_history(ex: Executor, row: dict[str, Any]) -> None:
    await ex.execute(_INSERT_BATCH_HISTORY, row)


# -- readiness ------------------------------------------------------------------------------


def readiness_query() -> Any:
    """Per item of an order's pinned BOM: the part, step, per-unit quantity, the order's
    quantity, what the order consumed of the part and what its available, unexpired lots
    hold — one statement; an order without a BOM gives one row with no item, an unknown
    order none."""
    consumed = (
        select(func.coalesce(func.sum(Consumption.quantity), 0.0))
        .join(Lot, Lot.id == Consumption.lot_id)
        .where(Consumption.order_id == Order.id, Lot.part_id == BomItem.component_part_id)
        .scalar_subquery()
    )
    available = (
        select(func.coalesce(func.sum(Lot.remaining), 0.0))
        .where(
            Lot.part_id == BomItem.component_part_id,
            Lot.status == LotStatus.AVAILABLE.value,
            or_(Lot.expires_at.is_(None), Lot.expires_at > bindparam("now", type_=_NOW.type)),
        )
        .scalar_subquery()
    )
    return (
        select(
            Order.number,
            Order.quantity,
            BomRevision.revision,
            Part.id,
            Part.number,
            Part.name,
            Part.kind,
            Part.uom,
            BomItem.step,
            BomItem.quantity,
            consumed,
            available,
        )
        .select_from(Order)
        .outerjoin(BomRevision, BomRevision.id == Order.bom_revision_id)
        .outerjoin(BomItem, BomItem.bom_revision_id == Order.bom_revision_id)
        .outerjoin(Part, Part.id == BomItem.component_part_id)
        .where(Order.number == bindparam("number", type_=Order.number.type))
        .order_by(BomItem.id)
    )


READINESS = readiness_query()
