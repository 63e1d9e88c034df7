"""Creating batches, and reading them back.

A batch takes a quantity of its order: the order's `started` grows by it, judged under the
order's row lock, so that concurrent creations never together exceed what the order allows
(`started - scrapped + quantity <= quantity`, as for units: scrap may be replaced). The first
batch starts a new or scheduled order. Its steps are the order's pinned route revision.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.audit.recorder import audit_row
from app.auth.principal import Principal
from app.batches import reads, views
from app.batches import repository as repo
from app.batches.schemas import BatchOut, CreateBatch
from app.db.command import Command
from app.kit.errors import NotFound
from app.kit.pagination import PageParams, keyset, page_of
from app.kit.time import utcnow
from app.models import (
    Batch,
    BatchEventType,
    BatchStatus,
    BatchStep,
    DefectCode,
    Order,
    OrderStatus,
    Tracking,
)
from app.units import repository as units_repo
from app.units.generation import check

RUNNING = OrderStatus.RUNNING.value
CREATE_ACTION = "create"


async def create_batch(
    cmd: Command, principal: Principal, number: str, body: CreateBatch
) -> BatchOut:
    """Create a batch of `body.quantity` on order `number` (see the module docstring)."""
    ex = cmd.ex
    order = await units_repo.lock_order(ex, number)
    if order is None:
        raise NotFound(f"order {number} does not exist")
    counts = order.counts
    check(number, counts, body.quantity, Tracking.BATCH)
    assert counts.first_workstation_id is not None, "the order's route has no steps"
    principal.require_station(counts.first_workstation_id, counts.first_line_id)
    at = utcnow()
    await units_repo.start_and_count(ex, order.id, body.quantity, at)
    batch_id = await repo.insert_batch(
        ex,
        {
            "order_id": order.id,
            "part_id": order.part_id,
            "route_revision_id": order.route_revision_id,
            "line_id": order.line_id or counts.first_line_id,
            "quantity": body.quantity,
            "status": BatchStatus.IN_PROGRESS.value,
            "step": 1,
            "good": body.quantity,
            "scrap": 0,
            "notes": body.notes,
            "created_by": principal.actor,
            "created_at": at,
            "updated_at": at,
        },
        order.route_revision_id,
    )
    await repo.insert_history(
        ex,
        {
            "batch_id": batch_id,
            "order_id": order.id,
            "type": BatchEventType.CREATED.value,
            "step": None,
            "workstation_id": None,
            "quantity": body.quantity,
            "good": None,
            "scrap": None,
            "defect_code_id": None,
            "notes": body.notes,
            "actor": principal.actor,
            "at": at,
        },
    )

    def audited(entity_type: str, entity_id: object, action: str, **change: Any) -> dict[str, Any]:
        return audit_row(
            actor=principal.actor,
            entity_type=entity_type,
            entity_id=entity_id,
            action=action,
            before=change.get("before"),
            after=change.get("after"),
        ) | {"at": at}

    if counts.status != RUNNING:
        await cmd.audit(
            audited(
                "order",
                number,
                units_repo.START_ACTION,
                before={"status": counts.status},
                after={"status": RUNNING},
            )
        )
    await cmd.audit(
        audited(
            "batch", batch_id, CREATE_ACTION, after={"order": number, "quantity": body.quantity}
        )
    )
    read = await reads.read_back(ex, batch_id)
    assert read is not None, f"batch {batch_id} vanished"
    return views.as_read(
        read.state,
        read.steps,
        created_at=read.created_at,
        created_by=read.created_by,
        notes=read.notes,
    )


# -- reading batches (configuration-style reads through the ORM session) ---------------------

_BATCH_COLUMNS = (
    Batch.id,
    Order.number,
    Batch.quantity,
    Batch.status,
    Batch.step,
    Batch.good,
    Batch.scrap,
    Batch.notes,
    Batch.created_by,
    Batch.created_at,
    Batch.updated_at,
    Batch.finished_at,
)
_STEP_COLUMNS = tuple(
    DefectCode.code if name == "defect_code" else getattr(BatchStep, name)
    for name in views.STEP_FIELDS
)


async def _with_steps(session: AsyncSession, rows: list[Any]) -> list[BatchOut]:
    if not rows:
        return []
    found = await session.execute(
        select(BatchStep.batch_id, *_STEP_COLUMNS)
        .outerjoin(DefectCode, DefectCode.id == BatchStep.defect_code_id)
        .where(BatchStep.batch_id.in_([r[0] for r in rows]))
        .order_by(BatchStep.batch_id, BatchStep.seq)
    )
    steps: dict[int, list[dict[str, Any]]] = {}
    for row in found:
        steps.setdefault(row[0], []).append(views.step_of(row[1:]))
    return [views.batch_out(row, steps.get(row[0], [])) for row in rows]


async def get_batch(session: AsyncSession, batch_id: int) -> BatchOut:
    row = (
        await session.execute(
            select(*_BATCH_COLUMNS)
            .join(Order, Order.id == Batch.order_id)
            .where(Batch.id == batch_id)
        )
    ).first()
    if row is None:
        raise NotFound(f"batch {batch_id} does not exist")
    return (await _with_steps(session, [row]))[0]


async def list_batches(
    session: AsyncSession, number: str, paging: PageParams, *, status: BatchStatus | None
) -> tuple[list[BatchOut], str | None]:
    """The order's batches, oldest first."""
    order_id = await session.scalar(select(Order.id).where(Order.number == number))
    if order_id is None:
        raise NotFound(f"order {number} does not exist")
    stmt = (
        select(*_BATCH_COLUMNS)
        .join(Order, Order.id == Batch.order_id)
        .where(Batch.order_id == order_id)
    )
    if status is not None:
        stmt = stmt.where(Batch.status == status.value)
    rows = list((await session.execute(keyset(stmt, Batch.id, paging))).all())
    items, cursor = page_of(rows, paging, lambda r: r[0])
    return await _with_steps(session, items), cursor
