"""Read and flush mechanics shared by configuration resources: look-ups that 404 (or 422 for
a reference), a flush that turns integrity errors into problems, a keyset page. The audited
writes (create, update, delete) are `app.audit.crud`."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import Select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

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


async def list_page(
    session: AsyncSession, stmt: Select[M], model: type[M], params: PageParams
) -> tuple[list[M], str | None]:
    rows = (await session.scalars(keyset(stmt, model.id, params))).all()  # type: ignore[attr-defined]
    return page_of(rows, params, lambda obj: obj.id)
