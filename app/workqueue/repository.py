"""SQL of the work queue: what waits at a workstation, in dispatch order, a page at a time.

The queue walks *slots*: each route step at the workstation, of each order that can have work
in progress (running, paused or blocked: generation and the first batch start an order,
completion and cancellation leave nothing in progress), in dispatch order — priority, due
date (none last), order id. A slot has three sources, each in waiting order (since, id):

- units at the step, awaiting `move`, `gate_decision` or `disposition`;
- units at the step before (0 for the first step), awaiting their `arrival` — unless that
  step is at this workstation too (they are in the queue already, at it);
- batches in progress at the step: ready (awaiting `start`) or in progress (`complete`).

A page continues after the last item's key, (priority, due date, order id, since, kind, id).
On PostgreSQL each slot's sources are a LATERAL subquery, each source read from an index in
waiting order and cut at a page (`ix_units_queue`, `ix_batches_queue`: migration 0009); the
slots are sorted first, so an incremental sort stops at the last slot the page reaches. A page
costs about `limit` index entries however many units wait, plus a probe per source of each
slot it passes on its way (orders with nothing at the workstation). SQLite has no LATERAL:
there the same sources are joined to the slots and sorted whole (embedded installations are
small).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Date,
    Integer,
    Row,
    Select,
    String,
    and_,
    bindparam,
    case,
    func,
    literal_column,
    null,
    or_,
    select,
    true,
    tuple_,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession

from app.db.base import UTCDateTime
from app.db.dialect import is_postgres
from app.kit.schemas import MAX_ID
from app.models import (
    Awaiting,
    Batch,
    BatchStatus,
    BatchStep,
    BatchStepStatus,
    Order,
    OrderStatus,
    Part,
    RouteStep,
    Unit,
    UnitStatus,
    Workstation,
)

# What a unit at a step may await (the queue's kinds of waiting at the step itself).
UNIT_AWAITING = frozenset(a.value for a in Awaiting)
# Orders whose units or batches can be in progress.
OPEN_ORDERS = (OrderStatus.RUNNING.value, OrderStatus.PAUSED.value, OrderStatus.BLOCKED.value)
# Due date of an order without one: they come after every dated order of their priority.
NO_DUE_DATE = date(9999, 12, 31)
_DAWN = datetime(1, 1, 1, tzinfo=UTC)  # before any waiting time


def _constant(value: str) -> ColumnElement[str]:
    """A constant written into the SQL rather than bound: PostgreSQL can then match partial
    index predicates (`status = 'in_progress'`) in a generic plan of the prepared statement."""
    return literal_column(f"'{value}'", String)


UNIT = "unit"
BATCH = "batch"
ARRIVAL = "arrival"
START = "start"
COMPLETE = "complete"


@dataclass(frozen=True)
class QueueKey:
    """Where an item stands in the queue; a page continues after the last item's key."""

    priority: int
    due_key: date
    order_id: int
    since: datetime
    kind: str
    item_id: int


# Before every item: orders have priority >= 1 and ids >= 1.
BEFORE_ALL = QueueKey(0, date(1, 1, 1), 0, _DAWN, "", 0)


@dataclass(frozen=True)
class Sources:
    """Which items a queue read takes: units at the step awaiting these (none: no such
    units), units arriving, batch steps awaiting these (`start`, `complete`)."""

    unit_awaiting: tuple[str, ...]
    arrival: bool
    batch_awaiting: tuple[str, ...]


# The statement's parameters (`queue_page` binds them).
_WORKSTATION = bindparam("workstation_id", type_=BigInteger)
_AFTER_PRIORITY = bindparam("after_priority", type_=Integer)
_AFTER_DUE = bindparam("after_due", type_=Date)
_AFTER_ORDER = bindparam("after_order", type_=BigInteger)
_AFTER_SINCE = bindparam("after_since", type_=UTCDateTime())
_AFTER_UNIT = bindparam("after_unit", type_=BigInteger)
_AFTER_BATCH = bindparam("after_batch", type_=BigInteger)
_DAWN_PARAM = bindparam("dawn", type_=UTCDateTime())
_LIMIT = bindparam("limit", type_=Integer)


def _slots() -> Any:
    """Route steps at the workstation of every open order from the cursor's order on, in
    dispatch order (the ORDER BY also keeps PostgreSQL from flattening the subquery: its
    order is what lets the page stop early)."""
    rs = RouteStep.__table__.alias("rs")
    before = RouteStep.__table__.alias("before_rs")
    o = Order.__table__.alias("o")
    due_key = func.coalesce(o.c.due_date, bindparam("no_due_date", NO_DUE_DATE, Date))
    return (
        select(
            o.c.id.label("order_id"),
            o.c.number.label("order_number"),
            o.c.status.label("order_status"),
            o.c.priority,
            o.c.due_date,
            due_key.label("due_key"),
            Part.number.label("part"),
            rs.c.seq.label("station_step"),
            rs.c.name.label("step_name"),
            before.c.workstation_id.label("before_workstation_id"),
        )
        .select_from(o)
        .join(
            rs, and_(rs.c.revision_id == o.c.route_revision_id, rs.c.workstation_id == _WORKSTATION)
        )
        .join(Part, Part.id == o.c.part_id)
        .outerjoin(
            before,
            and_(before.c.revision_id == o.c.route_revision_id, before.c.seq == rs.c.seq - 1),
        )
        .where(
            o.c.status.in_([_constant(s) for s in OPEN_ORDERS]),
            tuple_(o.c.priority, due_key, o.c.id)
            >= tuple_(_AFTER_PRIORITY, _AFTER_DUE, _AFTER_ORDER),
        )
        .order_by(o.c.priority, due_key, o.c.id, rs.c.seq)
        .subquery("slots")
    )


def _after(slot: Any, since: Any, item_id: Any, bound: Any) -> ColumnElement[bool]:
    """Items of a source past the cursor: in the cursor's order, (since, id) past its own;
    in later orders, all. One row comparison whose bound depends on the slot: PostgreSQL
    reads it as an index condition."""
    in_cursor_order = slot.c.order_id == _AFTER_ORDER
    return tuple_(since, item_id) > tuple_(
        case((in_cursor_order, _AFTER_SINCE), else_=_DAWN_PARAM),
        case((in_cursor_order, bound), else_=literal_column("0", BigInteger)),
    )


def _slot_columns(slot: Any) -> list[Any]:
    return [
        slot.c.order_id,
        slot.c.order_number,
        slot.c.order_status,
        slot.c.priority,
        slot.c.due_date,
        slot.c.due_key,
        slot.c.part,
        slot.c.station_step,
        slot.c.step_name,
    ]


def _units_at(slot: Any, awaiting: Sequence[str], *, arriving: bool) -> Select[Any]:
    since = Unit.updated_at
    stmt = select(
        _constant(UNIT).label("kind"),
        Unit.id.label("item_id"),
        Unit.serial,
        Unit.step,
        (_constant(ARRIVAL) if arriving else Unit.awaiting).label("awaiting"),
        since.label("since"),
        literal_column("1", Integer).label("quantity"),
        *_slot_columns(slot),
    ).where(
        Unit.order_id == slot.c.order_id,
        Unit.status == _constant(UnitStatus.IN_PROGRESS.value),
        _after(slot, since, Unit.id, _AFTER_UNIT),
    )
    if arriving:
        stmt = stmt.where(
            Unit.step == slot.c.station_step - 1,
            or_(
                slot.c.before_workstation_id.is_(None),
                slot.c.before_workstation_id != _WORKSTATION,
            ),
        )
    else:
        stmt = stmt.where(Unit.step == slot.c.station_step)
        if set(awaiting) != UNIT_AWAITING:
            stmt = stmt.where(Unit.awaiting.in_([_constant(a) for a in awaiting]))
    return stmt.order_by(since, Unit.id)


def _batches_at(slot: Any, awaiting: Sequence[str]) -> Select[Any]:
    step = BatchStep.__table__.alias("bs")
    before = BatchStep.__table__.alias("before_bs")
    b = Batch.__table__.alias("b")
    since = func.coalesce(step.c.started_at, before.c.completed_at, b.c.created_at)
    pending = step.c.status == _constant(BatchStepStatus.PENDING.value)
    statuses = []
    if START in awaiting:  # ready: pending with the quantity the step before passed
        statuses.append(and_(pending, step.c.quantity_in.is_not(None)))
    if COMPLETE in awaiting:
        statuses.append(step.c.status == _constant(BatchStepStatus.IN_PROGRESS.value))
    return (
        select(
            _constant(BATCH).label("kind"),
            b.c.id.label("item_id"),
            null().label("serial"),
            step.c.seq.label("step"),
            case((pending, _constant(START)), else_=_constant(COMPLETE)).label("awaiting"),
            since.label("since"),
            step.c.quantity_in.label("quantity"),
            *_slot_columns(slot),
        )
        .select_from(b)
        .join(step, and_(step.c.batch_id == b.c.id, step.c.seq == b.c.step))
        .outerjoin(before, and_(before.c.batch_id == b.c.id, before.c.seq == b.c.step - 1))
        .where(
            # ix_batches_queue: an order's batches in progress at a step (the one ready or
            # in progress: a batch in progress is at one step at a time)
            b.c.order_id == slot.c.order_id,
            b.c.step == slot.c.station_step,
            b.c.status == _constant(BatchStatus.IN_PROGRESS.value),
            or_(*statuses),
            _after(slot, since, b.c.id, _AFTER_BATCH),
        )
        .order_by(since, b.c.id)
    )


@functools.cache
def page_statement(sources: Sources, *, lateral: bool) -> Select[Any] | None:
    """The page query for these sources, with a LATERAL subquery per slot or without (built
    once: building it costs more than running it); None when no source is asked for."""
    slot = _slots()
    parts: list[Select[Any]] = []
    if sources.unit_awaiting:
        parts.append(_units_at(slot, sources.unit_awaiting, arriving=False))
    if sources.arrival:
        parts.append(_units_at(slot, (), arriving=True))
    if sources.batch_awaiting:
        parts.append(_batches_at(slot, sources.batch_awaiting))
    if not parts:
        return None
    items: Any
    if lateral:
        items = union_all(*(p.limit(_LIMIT) for p in parts)).lateral("items")
        order: list[Any] = [slot.c.priority, slot.c.due_key, slot.c.order_id]
        stmt = select(items).select_from(slot.join(items, true()))
    else:
        items = union_all(*(p.order_by(None) for p in parts)).subquery("items")
        order = [items.c.priority, items.c.due_key, items.c.order_id]
        stmt = select(items)
    return stmt.order_by(*order, items.c.since, items.c.kind, items.c.item_id).limit(_LIMIT)


def page_params(workstation_id: int, after: QueueKey, limit: int) -> dict[str, Any]:
    """The parameters of `page_statement` for a page of `limit` after `after`."""
    # At the cursor's `since`, the other kind's items are all before it or all after it
    # ('batch' sorts before 'unit').
    after_unit = after.item_id if after.kind == UNIT else 0
    after_batch = after.item_id if after.kind == BATCH else (MAX_ID if after.kind else 0)
    return {
        "workstation_id": workstation_id,
        "after_priority": after.priority,
        "after_due": after.due_key,
        "after_order": after.order_id,
        "after_since": after.since,
        "after_unit": after_unit,
        "after_batch": after_batch,
        "dawn": _DAWN,
        "limit": limit + 1,
    }


async def queue_page(
    session: AsyncSession, workstation_id: int, after: QueueKey, limit: int, sources: Sources
) -> Sequence[Row[Any]]:
    """Up to `limit + 1` queue items after `after` (the extra one says a next page exists)."""
    stmt = page_statement(sources, lateral=is_postgres(session))
    if stmt is None:
        return []
    params = page_params(workstation_id, after, limit)
    rows: Sequence[Row[Any]] = (await session.execute(stmt, params)).all()
    return rows


async def workstation_exists(session: AsyncSession, workstation_id: int) -> bool:
    found = await session.scalar(select(Workstation.id).where(Workstation.id == workstation_id))
    return found is not None
