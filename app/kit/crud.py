"""The create/read/update/delete mechanics shared by configuration resources.

Each helper does one command step in the caller's transaction and writes its audit entry;
the rules (what may change, what must exist) stay in the domain services.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from sqlalchemy import Select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.audit.recorder import changes, fields_of, record
from app.auth.principal import Principal
from app.db.base import Base
from app.db.integrity import translate
from app.kit.errors import NotFound, UnknownReference
from app.kit.pagination import PageParams, keyset, page_of

M = TypeVar("M", bound=Base)


async def get_or_404(session: AsyncSession, model: type[M], id_: int, entity: str) -> M:
    obj = await session.get(model, id_)
    if obj is None:
        raise NotFound(f"{entity} {id_} does not exist")
    return obj


async def require_reference(session: AsyncSession, model: type[M], id_: int, field: str) -> M:
    """A payload field must name an existing record (422 otherwise, not 404)."""
    obj = await session.get(model, id_)
    if obj is None:
        raise UnknownReference(f"{field} {id_} does not exist", field=field)
    return obj


async def flush(session: AsyncSession, *, deleting: bool = False) -> None:
    try:
        await session.flush()
    except IntegrityError as exc:
        raise translate(exc, deleting=deleting) from exc


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


async def list_page(
    session: AsyncSession, stmt: Select[M], model: type[M], params: PageParams
) -> tuple[list[M], str | None]:
    rows = (await session.scalars(keyset(stmt, model.id, params))).all()  # type: ignore[attr-defined]
    return page_of(rows, params, lambda obj: obj.id)
