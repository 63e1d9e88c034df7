"""SQL for reading the audit log (writing is `app.audit.recorder`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.audit.schemas import AuditFilters
from app.kit.pagination import PageParams, keyset, page_of
from app.models import AuditEntry

COLUMNS = (
    AuditEntry.id,
    AuditEntry.at,
    AuditEntry.actor,
    AuditEntry.entity_type,
    AuditEntry.entity_id,
    AuditEntry.action,
    AuditEntry.before,
    AuditEntry.after,
)


def _where(stmt: Any, filters: AuditFilters) -> Any:
    if filters.entity_type is not None:
        stmt = stmt.where(AuditEntry.entity_type == filters.entity_type)
    if filters.entity_id is not None:
        stmt = stmt.where(AuditEntry.entity_id == filters.entity_id)
    if filters.actor is not None:
        stmt = stmt.where(AuditEntry.actor == filters.actor)
    if filters.action is not None:
        stmt = stmt.where(AuditEntry.action == filters.action)
    if filters.since is not None:
        stmt = stmt.where(AuditEntry.at >= filters.since)
    if filters.until is not None:
        stmt = stmt.where(AuditEntry.at < filters.until)
    return stmt


async def page(
    session: AsyncSession, filters: AuditFilters, params: PageParams
) -> tuple[list[AuditEntry], str | None]:
    """One page, newest first."""
    stmt = keyset(
        _where(select(AuditEntry), filters), AuditEntry.id.expression, params, descending=True
    )
    rows = (await session.scalars(stmt)).all()
    return page_of(rows, params, lambda entry: entry.id)


async def get(session: AsyncSession, entry_id: int) -> AuditEntry | None:
    return await session.get(AuditEntry, entry_id)


async def batch(
    session: AsyncSession, filters: AuditFilters, below_id: int | None, size: int
) -> Sequence[Row[Any]]:
    """Up to `size` entries with ids below `below_id` (all when None), newest first."""
    stmt = _where(select(*COLUMNS), filters)
    if below_id is not None:
        stmt = stmt.where(AuditEntry.id < below_id)
    result = await session.execute(stmt.order_by(AuditEntry.id.desc()).limit(size))
    return result.all()
