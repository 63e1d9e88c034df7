"""Reading labour entries: one, or a filtered list, newest first."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.kit.errors import NotFound
from app.kit.pagination import PageParams, keyset, page_of
from app.labour.repository import ENTRY_FROM, ENTRY_OUT, entry_fields, labour, orders
from app.labour.schemas import LabourEntryOut


async def get_entry(session: AsyncSession, entry_id: int) -> LabourEntryOut:
    row = (
        await session.execute(
            select(*ENTRY_OUT).select_from(ENTRY_FROM).where(labour.c.id == entry_id)
        )
    ).first()
    if row is None:
        raise NotFound(f"labour entry {entry_id} does not exist")
    return LabourEntryOut(**entry_fields(row))


async def list_entries(
    session: AsyncSession,
    params: PageParams,
    *,
    user_id: int | None = None,
    order: str | None = None,
    workstation_id: int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    open_: bool | None = None,
) -> tuple[list[LabourEntryOut], str | None]:
    """Entries newest first; `since`/`until` bound when they were clocked on, `open_` says
    whether they are still open."""
    stmt: Any = select(*ENTRY_OUT).select_from(ENTRY_FROM)
    if user_id is not None:
        stmt = stmt.where(labour.c.user_id == user_id)
    if order is not None:
        stmt = stmt.where(orders.c.number == order)
    if workstation_id is not None:
        stmt = stmt.where(labour.c.workstation_id == workstation_id)
    if since is not None:
        stmt = stmt.where(labour.c.started_at >= since)
    if until is not None:
        stmt = stmt.where(labour.c.started_at < until)
    if open_ is not None:
        stmt = stmt.where(labour.c.ended_at.is_(None) if open_ else labour.c.ended_at.is_not(None))
    rows = (await session.execute(keyset(stmt, labour.c.id, params, descending=True))).all()
    items, cursor = page_of(rows, params, lambda row: row[0])
    return [LabourEntryOut(**entry_fields(row)) for row in items], cursor
