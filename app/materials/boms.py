"""BOM revisions: immutable item lists per part, numbered 1, 2, … without gaps.

A new revision is numbered under a row lock on its part, so concurrent revisions of one part
queue up and get consecutive numbers (the unique (part, revision) is the last guard). The
current BOM is the part's highest revision; an order pins the one current at its creation.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.audit.recorder import record
from app.auth.principal import Principal
from app.kit import crud
from app.kit.errors import NotFound, UnknownReference
from app.materials.errors import InvalidBom, NoBom, WrongPartKind
from app.materials.schemas import BomItemIn, BomItemOut, BomOut, BomRevisionCreate, PartRef
from app.models import BomItem, BomRevision, Part, PartKind

ENTITY = "bom"


def part_ref(part: Part) -> PartRef:
    return PartRef(
        id=part.id, number=part.number, name=part.name, kind=PartKind(part.kind), uom=part.uom
    )


async def parts_by_id(session: AsyncSession, ids: set[int]) -> dict[int, Part]:
    if not ids:
        return {}
    return {p.id: p for p in await session.scalars(select(Part).where(Part.id.in_(ids)))}


async def _lock_part(session: AsyncSession, part_id: int) -> Part:
    part = await session.scalar(
        select(Part)
        .where(Part.id == part_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if part is None:
        raise NotFound(f"part {part_id} does not exist")
    return part


async def _check_items(session: AsyncSession, part: Part, items: Sequence[BomItemIn]) -> None:
    """Each component exists, is not the part itself, appears once and is not a product."""
    components = await parts_by_id(session, {item.component_part_id for item in items})
    seen: set[int] = set()
    for index, item in enumerate(items):
        field = f"items.{index}.component_part_id"
        pid = item.component_part_id
        if pid == part.id:
            raise InvalidBom(
                f"{field}: part {part.number} cannot be its own component", field=field
            )
        if pid in seen:
            raise InvalidBom(f"{field}: part {pid} is listed twice", field=field)
        seen.add(pid)
        component = components.get(pid)
        if component is None:
            raise UnknownReference(f"{field} {pid} does not exist", field=field)
        if component.kind == PartKind.PRODUCT.value:
            raise WrongPartKind(
                f"{field}: part {component.number} is a product; a BOM lists components and "
                "materials (set the part's kind)",
                field=field,
            )


def _items_audit(items: Sequence[BomItem]) -> list[dict[str, Any]]:
    return [
        {"component_part_id": i.component_part_id, "quantity": i.quantity, "step": i.step}
        for i in items
    ]


async def _items_of(session: AsyncSession, revision_id: int) -> list[BomItem]:
    stmt = select(BomItem).where(BomItem.bom_revision_id == revision_id).order_by(BomItem.id)
    return list((await session.scalars(stmt)).all())


async def _out(session: AsyncSession, revision: BomRevision, items: Sequence[BomItem]) -> BomOut:
    parts = await parts_by_id(session, {i.component_part_id for i in items})
    return BomOut(
        part_id=revision.part_id,
        revision=revision.revision,
        items=[
            BomItemOut(
                component_part_id=i.component_part_id,
                component=part_ref(parts[i.component_part_id]),
                quantity=i.quantity,
                step=i.step,
            )
            for i in items
        ],
        created_at=revision.created_at,
        created_by=revision.created_by,
    )


async def revise_bom(
    session: AsyncSession, principal: Principal, part_id: int, data: BomRevisionCreate
) -> BomOut:
    """Write the part's next BOM revision (1 for the first) and return it."""
    part = await _lock_part(session, part_id)
    await _check_items(session, part, data.items)
    latest = await session.scalar(
        select(func.max(BomRevision.revision)).where(BomRevision.part_id == part.id)
    )
    number = int(latest or 0) + 1
    revision = BomRevision(part_id=part.id, revision=number, created_by=principal.actor)
    session.add(revision)
    await crud.flush(session)
    items = [
        BomItem(
            bom_revision_id=revision.id,
            component_part_id=item.component_part_id,
            quantity=item.quantity,
            step=item.step,
        )
        for item in data.items
    ]
    session.add_all(items)
    await crud.flush(session)
    await record(
        session,
        actor=principal.actor,
        entity_type=ENTITY,
        entity_id=part.id,
        action="revise",
        before={"revision": latest} if latest else None,
        after={"revision": number, "items": _items_audit(items)},
    )
    return await _out(session, revision, items)


async def current_bom(session: AsyncSession, part_id: int) -> BomOut:
    await crud.get_or_404(session, Part, part_id, "part")
    revision = await session.scalar(
        select(BomRevision)
        .where(BomRevision.part_id == part_id)
        .order_by(BomRevision.revision.desc())
        .limit(1)
    )
    if revision is None:
        raise NoBom(f"part {part_id} has no bill of materials")
    return await _out(session, revision, await _items_of(session, revision.id))


async def bom_revision(session: AsyncSession, part_id: int, number: int) -> BomOut:
    await crud.get_or_404(session, Part, part_id, "part")
    revision = await session.scalar(
        select(BomRevision).where(BomRevision.part_id == part_id, BomRevision.revision == number)
    )
    if revision is None:
        raise NotFound(f"part {part_id} has no BOM revision {number}")
    return await _out(session, revision, await _items_of(session, revision.id))


async def current_revision_id(session: AsyncSession, part_id: int) -> tuple[int, int] | None:
    """(id, revision) of the part's current BOM revision, None without one (what a new order
    pins)."""
    row = (
        await session.execute(
            select(BomRevision.id, BomRevision.revision)
            .where(BomRevision.part_id == part_id)
            .order_by(BomRevision.revision.desc())
            .limit(1)
        )
    ).first()
    return (int(row[0]), int(row[1])) if row else None
