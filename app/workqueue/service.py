"""The work queue of a workstation: what waits there or arrives next, in dispatch order.

Dispatch order: the order's priority (1 first), its due date (none last), then age — the
older order first (its id), and within an order the item waiting longest first (`since`,
then the kind and id, so the order is total and a cursor names one place in it).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from app.kit.errors import NotFound
from app.kit.pagination import (
    PageParams,
    encode_cursor,
    key_date,
    key_datetime,
    key_int,
    parse_cursor,
)
from app.models import OrderStatus
from app.workqueue import repository as repo
from app.workqueue.repository import BEFORE_ALL, QueueKey, Sources
from app.workqueue.schemas import (
    BATCH_AWAITING,
    UNIT_AWAITING,
    QueueAwaiting,
    QueueItem,
    QueueKind,
)

_KINDS = frozenset(k.value for k in QueueKind)


def _key(raw: Any) -> QueueKey:
    priority, due, order_id, since, kind, item_id = raw
    if kind not in _KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    return QueueKey(
        key_int(priority, 1, 5),
        key_date(due),
        key_int(order_id, 1),
        key_datetime(since),
        kind,
        key_int(item_id, 1),
    )


def _cursor(row: Row[Any]) -> str:
    return encode_cursor(
        [
            row.priority,
            row.due_key.isoformat(),
            row.order_id,
            row.since.isoformat(),
            row.kind,
            row.item_id,
        ]
    )


def _sources(awaiting: list[QueueAwaiting], kind: QueueKind | None) -> Sources:
    wanted = set(awaiting) or set(QueueAwaiting)
    units = kind in (None, QueueKind.UNIT)
    batches = kind in (None, QueueKind.BATCH)
    return Sources(
        unit_awaiting=tuple(sorted(a.value for a in wanted & UNIT_AWAITING)) if units else (),
        arrival=units and QueueAwaiting.ARRIVAL in wanted,
        batch_awaiting=tuple(sorted(a.value for a in wanted & BATCH_AWAITING)) if batches else (),
    )


def _item(row: Row[Any]) -> QueueItem:
    unit = row.kind == QueueKind.UNIT
    return QueueItem(
        kind=QueueKind(row.kind),
        serial=row.serial if unit else None,
        batch_id=None if unit else row.item_id,
        order=row.order_number,
        order_status=OrderStatus(row.order_status),
        priority=row.priority,
        due_date=row.due_date,
        part=row.part,
        awaiting=QueueAwaiting(row.awaiting),
        step=row.step,
        station_step=row.station_step,
        step_name=row.step_name,
        quantity=row.quantity,
        since=row.since,
    )


async def workstation_queue(
    session: AsyncSession,
    workstation_id: int,
    params: PageParams,
    *,
    awaiting: list[QueueAwaiting],
    kind: QueueKind | None,
) -> tuple[list[QueueItem], str | None]:
    """One page of the workstation's queue (NotFound for an unknown workstation)."""
    after = parse_cursor(params, _key) or BEFORE_ALL
    rows = await repo.queue_page(
        session, workstation_id, after, params.limit, _sources(awaiting, kind)
    )
    # Items name route steps at the workstation, so it exists; only an empty page asks.
    if not rows and not await repo.workstation_exists(session, workstation_id):
        raise NotFound(f"workstation {workstation_id} does not exist")
    page = rows[: params.limit]
    cursor = _cursor(page[-1]) if len(rows) > params.limit else None
    return [_item(r) for r in page], cursor
