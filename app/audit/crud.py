"""Audited writes of configuration resources: create, update, delete.

Each helper does one command step in the caller's transaction and writes its audit entry;
the rules (what may change, what must exist) stay in the domain services.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from app.audit.recorder import changes, fields_of, record
from app.auth.principal import Principal
from app.db.base import Base
from app.kit.crud import flush

M = TypeVar("M", bound=Base)


async def create(
    session: AsyncSession,
    principal: Principal,
    obj: M,
    *,
    entity_type: str,
    audited: tuple[str, ...],
) -> M:
    session.add(obj)
    await flush(session)
    await record(
        session,
        actor=principal.actor,
        entity_type=entity_type,
        entity_id=getattr(obj, "id"),  # noqa: B009 - every configuration model has an id
        action="create",
        after=fields_of(obj, ("id", *audited)),
    )
    return obj


async def update(
    session: AsyncSession,
    principal: Principal,
    obj: M,
    values: Mapping[str, Any],
    *,
    entity_type: str,
) -> M:
    """Apply `values` (already validated), audit only what actually changed."""
    before = fields_of(obj, tuple(values))
    for name, value in values.items():
        setattr(obj, name, value)
    old, new = changes(before, values)
    if new:
        await flush(session)
        await record(
            session,
            actor=principal.actor,
            entity_type=entity_type,
            entity_id=getattr(obj, "id"),  # noqa: B009
            action="update",
            before=old,
            after=new,
        )
    return obj


async def delete(
    session: AsyncSession,
    principal: Principal,
    obj: M,
    *,
    entity_type: str,
    audited: tuple[str, ...],
) -> None:
    """Delete, refused with 409 `in_use` while anything references the record."""
    before = fields_of(obj, ("id", *audited))
    await session.delete(obj)
    await flush(session, deleting=True)
    await record(
        session,
        actor=principal.actor,
        entity_type=entity_type,
        entity_id=before["id"],
        action="delete",
        before=before,
    )
