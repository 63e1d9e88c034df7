"""An order that ends early takes its open batches with it, as it does its open units
(`app.orders.open_units`): `cancel`, and `complete` by override with
`{"open_units": "scrap"}`, scrap every batch still in progress — set-based, in the order's
command, the batches locked before the order row (the order batch commands lock in).

A scrapped batch's good quantity becomes scrap; a step in progress is closed with nothing
passed (a `batch_step_completed` WIP event, so that dashboards drop its quantity from the
workstation), and each batch gets a `batch_scrapped` history row.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import (
    Table,
    and_,
    bindparam,
    func,
    insert,
    literal,
    literal_column,
    null,
    select,
    update,
)

from app.db.dialect import json_object
from app.db.executor import Executor
from app.models import (
    Batch,
    BatchEvent,
    BatchEventType,
    BatchStatus,
    BatchStep,
    BatchStepStatus,
    OutboxEvent,
)

batches = cast(Table, Batch.__table__)
steps = cast(Table, BatchStep.__table__)
batch_events = cast(Table, BatchEvent.__table__)
outbox = cast(Table, OutboxEvent.__table__)

IN_PROGRESS = BatchStatus.IN_PROGRESS.value
SCRAPPED = BatchStatus.SCRAPPED.value
STEP_RUNNING = BatchStepStatus.IN_PROGRESS.value

_OPEN = and_(
    batches.c.order_id == bindparam("open_order_id", type_=batches.c.order_id.type),
    batches.c.status == IN_PROGRESS,
)
_AT = bindparam("at", type_=batches.c.updated_at.type)
_locked = (
    select(batches.c.id, batches.c.good)
    .where(_OPEN)
    .order_by(batches.c.id)
    .with_for_update()
    .subquery("open")
)
_LOCK_OPEN = select(func.count(), func.coalesce(func.sum(_locked.c.good), 0))
_OPEN_IDS = select(batches.c.id).where(_OPEN)
_RUNNING_STEPS = and_(steps.c.batch_id.in_(_OPEN_IDS), steps.c.status == STEP_RUNNING)
_STEP_OUTBOX = insert(outbox).from_select(
    [
        "type",
        "order_number",
        "line_id",
        "from_step",
        "to_step",
        "from_workstation_id",
        "to_workstation_id",
        "status",
        "payload",
        "at",
    ],
    select(
        literal(BatchEventType.STEP_COMPLETED.value),
        bindparam("order_number", type_=outbox.c.order_number.type),
        batches.c.line_id,
        steps.c.seq,
        steps.c.seq,
        steps.c.workstation_id,
        null(),
        literal(SCRAPPED),
        json_object(
            literal_column("'batch'"),
            steps.c.batch_id,
            literal_column("'step'"),
            steps.c.seq,
            literal_column("'workstation_id'"),
            steps.c.workstation_id,
            literal_column("'quantity'"),
            steps.c.quantity_in,
            literal_column("'good'"),
            literal_column("0"),
            literal_column("'scrap'"),
            steps.c.quantity_in,
        ),
        _AT,
    )
    .select_from(steps.join(batches, batches.c.id == steps.c.batch_id))
    .where(_RUNNING_STEPS)
    .order_by(steps.c.batch_id),
)
_CLOSE_STEPS = (
    update(steps)
    .where(_RUNNING_STEPS)
    .values(
        status=BatchStepStatus.DONE.value,
        good=0,
        scrap=steps.c.quantity_in,
        notes=bindparam("notes", type_=steps.c.notes.type),
        completed_at=_AT,
        completed_by=bindparam("actor", type_=steps.c.completed_by.type),
    )
)
_HISTORY = insert(batch_events).from_select(
    ["batch_id", "order_id", "type", "step", "quantity", "good", "scrap", "notes", "actor", "at"],
    select(
        batches.c.id,
        batches.c.order_id,
        literal(BatchEventType.SCRAPPED.value),
        batches.c.step,
        batches.c.quantity,
        literal(0),
        batches.c.good,
        bindparam("notes", type_=batch_events.c.notes.type),
        bindparam("actor", type_=batch_events.c.actor.type),
        _AT,
    )
    .where(_OPEN)
    .order_by(batches.c.id),
)
_SCRAP = (
    update(batches)
    .where(_OPEN)
    .values(
        status=SCRAPPED,
        scrap=batches.c.scrap + batches.c.good,
        good=0,
        updated_at=_AT,
        finished_at=_AT,
    )
)


async def lock_open_batches(ex: Executor, order_id: int) -> tuple[int, int]:
    """Lock the order's batches in progress (until commit): how many, and their good
    quantity (what scrapping them adds to the order's `scrapped`)."""
    row = await ex.fetchrow(_LOCK_OPEN, {"open_order_id": order_id})
    return (int(row[0]), int(row[1])) if row else (0, 0)


async def scrap_open_batches(
    ex: Executor, *, order_id: int, order_number: str, notes: str, actor: str, at: datetime
) -> None:
    """Scrap the order's batches in progress (locked by `lock_open_batches` under the order's
    lock). The caller counts their good quantity as scrapped on the order."""
    params: dict[str, Any] = {"open_order_id": order_id, "notes": notes, "actor": actor, "at": at}
    await ex.execute(_STEP_OUTBOX, {**params, "order_number": order_number})
    await ex.execute(_CLOSE_STEPS, params)
    await ex.execute(_HISTORY, params)
    await ex.execute(_SCRAP, params)
