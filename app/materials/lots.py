"""Material lots: receipt, look-up, hold and release.

A lot's `remaining` and `status` change only through conditional UPDATEs (consumption in
`app.materials.consumption`, hold and release here), never from a value read in Python: a
hold racing consumptions either lands before one (which then fails) or after it.
`expired` is derived (`expires_at <= now`), not a status.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Select, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.audit.recorder import fields_of, record
from app.auth.principal import Principal
from app.kit import crud
from app.kit.errors import IllegalTransition, NotFound
from app.kit.pagination import PageParams
from app.kit.time import utcnow
from app.materials.boms import part_ref
from app.materials.errors import WrongPartKind
from app.materials.schemas import LotCreate, LotOut
from app.models import Lot, LotStatus, Part, PartKind

ENTITY = "lot"
AUDITED = ("id", "part_id", "code", "quantity", "remaining", "status", "supplier", "expires_at")


def lot_out(lot: Lot, part: Part, now: datetime | None = None) -> LotOut:
    now = now or utcnow()
    return LotOut(
        id=lot.id,
        code=lot.code,
        part=part_ref(part),
        quantity=lot.quantity,
        remaining=lot.remaining,
        status=LotStatus(lot.status),
        expired=lot.expires_at is not None and lot.expires_at <= now,
        supplier=lot.supplier,
        expires_at=lot.expires_at,
        hold_reason=lot.hold_reason,
        received_at=lot.received_at,
        received_by=lot.received_by,
    )


async def receive_lot(session: AsyncSession, principal: Principal, data: LotCreate) -> LotOut:
    """Receive a lot of a component or material; `code` is unique per part (409)."""
    part = await crud.require_reference(session, Part, data.part_id, "part_id")
    if part.kind == PartKind.PRODUCT.value:
        raise WrongPartKind(
            f"part {part.number} is a product: lots are of components and materials",
            field="part_id",
        )
    lot = Lot(
        part_id=part.id,
        code=data.code,
        quantity=data.quantity,
        remaining=data.quantity,
        status=LotStatus.AVAILABLE.value,
        supplier=data.supplier,
        expires_at=data.expires_at,
        received_at=utcnow(),
        received_by=principal.actor,
    )
    session.add(lot)
    await crud.flush(session)
    await record(
        session,
        actor=principal.actor,
        entity_type=ENTITY,
        entity_id=lot.id,
        action="receive",
        after=fields_of(lot, AUDITED),
    )
    return lot_out(lot, part)


async def get_lot(session: AsyncSession, lot_id: int) -> LotOut:
    row = (
        await session.execute(
            select(Lot, Part).join(Part, Part.id == Lot.part_id).where(Lot.id == lot_id)
        )
    ).first()
    if row is None:
        raise NotFound(f"lot {lot_id} does not exist")
    return lot_out(row[0], row[1])


async def list_lots(
    session: AsyncSession,
    params: PageParams,
    *,
    part_id: int | None = None,
    status: LotStatus | None = None,
    code: str | None = None,
) -> tuple[list[LotOut], str | None]:
    stmt: Select[Any] = select(Lot)
    if part_id is not None:
        stmt = stmt.where(Lot.part_id == part_id)
    if status is not None:
        stmt = stmt.where(Lot.status == status.value)
    if code is not None:
        stmt = stmt.where(Lot.code == code)
    lots, cursor = await crud.list_page(session, stmt, Lot, params)
    parts = {
        p.id: p
        for p in await session.scalars(select(Part).where(Part.id.in_({x.part_id for x in lots})))
    }
    now = utcnow()
    return [lot_out(lot, parts[lot.part_id], now) for lot in lots], cursor


async def _change_status(
    session: AsyncSession,
    principal: Principal,
    lot_id: int,
    *,
    action: str,
    done: str,
    source: LotStatus,
    target: LotStatus,
    reason: str | None,
) -> LotOut:
    """Move the lot from `source` to `target` in one conditional UPDATE (409 from any other
    state, 404 for no lot), audited with the reason."""
    changed = await session.scalar(
        update(Lot)
        .where(Lot.id == lot_id, Lot.status == source.value)
        .values(status=target.value, hold_reason=reason if target == LotStatus.ON_HOLD else None)
        .returning(Lot.id)
        .execution_options(synchronize_session=False)
    )
    if changed is None:
        current = await session.scalar(select(Lot.status).where(Lot.id == lot_id))
        if current is None:
            raise NotFound(f"lot {lot_id} does not exist")
        raise IllegalTransition(
            f"lot {lot_id} is {current}: only a lot that is {source.value} can be {done}",
            lot_status=current,
        )
    await record(
        session,
        actor=principal.actor,
        entity_type=ENTITY,
        entity_id=lot_id,
        action=action,
        before={"status": source.value},
        after={"status": target.value, "reason": reason},
    )
    row = (
        await session.execute(
            select(Lot, Part)
            .join(Part, Part.id == Lot.part_id)
            .where(Lot.id == lot_id)
            .execution_options(populate_existing=True)
        )
    ).one()
    return lot_out(row[0], row[1])


async def hold_lot(session: AsyncSession, principal: Principal, lot_id: int, reason: str) -> LotOut:
    """Put an available lot on hold: consumption refuses it until it is released."""
    return await _change_status(
        session,
        principal,
        lot_id,
        action="hold",
        done="put on hold",
        source=LotStatus.AVAILABLE,
        target=LotStatus.ON_HOLD,
        reason=reason,
    )


async def release_lot(
    session: AsyncSession, principal: Principal, lot_id: int, reason: str | None
) -> LotOut:
    """Release a lot on hold (available again)."""
    return await _change_status(
        session,
        principal,
        lot_id,
        action="release",
        done="released",
        source=LotStatus.ON_HOLD,
        target=LotStatus.AVAILABLE,
        reason=reason,
    )
