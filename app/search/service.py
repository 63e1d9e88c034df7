"""Search: exact matches first, then prefix matches, case-insensitive, a few of each kind."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.masterdata.schemas import PartOut
from app.models import Order, Part, Unit
from app.orders import repository as orders_repo
from app.orders.schemas import OrderOut
from app.orders.service import OrderView
from app.search.schemas import SearchResults
from app.units.queries import list_units_by_ids

LIMIT = 10


def _like_prefix(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"{escaped}%"


def _matches(column: Any, text: str) -> tuple[ColumnElement[bool], ColumnElement[int]]:
    """(prefix match, rank: 0 for an exact match, 1 for a prefix match)."""
    lowered = func.lower(column)
    condition = lowered.like(_like_prefix(text.lower()), escape="\\")
    rank = case((lowered == text.lower(), 0), else_=1)
    return condition, rank


async def search(session: AsyncSession, q: str) -> SearchResults:
    text = q.strip()
    serial_match, serial_rank = _matches(Unit.serial, text)
    unit_ids = (
        await session.scalars(
            select(Unit.id).where(serial_match).order_by(serial_rank, Unit.serial).limit(LIMIT)
        )
    ).all()

    number_match, number_rank = _matches(Order.number, text)
    ref_match, ref_rank = _matches(Order.external_ref, text)
    order_rows = (
        await session.execute(
            orders_repo.with_revision()
            .where(or_(number_match, ref_match))
            .order_by(case((number_rank == 0, 0), (ref_rank == 0, 0), else_=1), Order.id)
            .limit(LIMIT)
        )
    ).all()

    part_match, part_rank = _matches(Part.number, text)
    parts = (
        await session.scalars(
            select(Part).where(part_match).order_by(part_rank, Part.number).limit(LIMIT)
        )
    ).all()

    return SearchResults(
        query=q,
        units=await list_units_by_ids(session, list(unit_ids)),
        orders=[OrderOut.model_validate(OrderView(r[0], r[1], r[2]).as_dict()) for r in order_rows],
        parts=[PartOut.model_validate(p) for p in parts],
    )
