"""The quality log, newest first."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.kit.pagination import PageParams, keyset, page_of
from app.models import DefectCode, Order, QualityEvent, QualityEventType, Unit
from app.quality.inspections.schemas import QualityEventOut


async def quality_events(
    session: AsyncSession,
    params: PageParams,
    *,
    type_: QualityEventType | None = None,
    workstation_id: int | None = None,
    defect_code: str | None = None,
    serial: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> tuple[list[QualityEventOut], str | None]:
    """The quality log, newest first."""
    stmt: Any = (
        select(QualityEvent, Unit.serial, Order.number, DefectCode.code)
        .outerjoin(Unit, Unit.id == QualityEvent.unit_id)
        .outerjoin(Order, Order.id == QualityEvent.order_id)
        .outerjoin(DefectCode, DefectCode.id == QualityEvent.defect_code_id)
    )
    if type_ is not None:
        stmt = stmt.where(QualityEvent.type == type_.value)
    if workstation_id is not None:
        stmt = stmt.where(QualityEvent.workstation_id == workstation_id)
    if defect_code is not None:
        stmt = stmt.where(DefectCode.code == defect_code)
    if serial is not None:
        stmt = stmt.where(Unit.serial == serial)
    if since is not None:
        stmt = stmt.where(QualityEvent.at >= since)
    if until is not None:
        stmt = stmt.where(QualityEvent.at < until)
    rows = (await session.execute(keyset(stmt, QualityEvent.id, params, descending=True))).all()
    items, cursor = page_of(rows, params, lambda row: row[0].id)
    return [
        QualityEventOut(
            id=e.id,
            type=QualityEventType(e.type),
            result=e.result,
            serial=unit_serial,
            batch_id=e.batch_id,
            quantity=e.quantity,
            order=order_number,
            step=e.step,
            workstation_id=e.workstation_id,
            defect_code=code,
            measurement_id=e.measurement_id,
            notes=e.notes,
            actor=e.actor,
            at=e.at,
        )
        for e, unit_serial, order_number, code in items
    ], cursor
