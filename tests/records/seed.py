"""Materials rows seeded with SQL for the record tests.

The consumption and install endpoints are being built alongside the records; until they are
merged these helpers write the rows those commands write (lots, consumptions, assemblies, a
pinned BOM revision) straight into the tables, so the records' reading of them is tested.
"""

from __future__ import annotations

from datetime import datetime

from fastapi import FastAPI
from sqlalchemy import select, update

from app.kit.time import utcnow
from app.models import Assembly, BomItem, BomRevision, Consumption, Lot, Order, Unit, UnitEvent


async def seed_lot(app: FastAPI, part_id: int, code: str, quantity: float = 100) -> int:
    async with app.state.db.transaction() as session:
        lot = Lot(
            part_id=part_id,
            code=code,
            quantity=quantity,
            remaining=quantity,
            status="available",
            received_by="user:admin",
        )
        session.add(lot)
        await session.flush()
        return int(lot.id)


async def seed_consumption(
    app: FastAPI,
    lot_id: int,
    quantity: float,
    *,
    serial: str | None = None,
    batch: tuple[int, str] | None = None,
    step: int = 1,
    actor: str = "user:admin",
    at: datetime | None = None,
) -> None:
    """`lot_id` consumed by the unit `serial`, or by the batch (id, order number)."""
    async with app.state.db.transaction() as session:
        if serial is not None:
            unit_id, order_id = (
                await session.execute(select(Unit.id, Unit.order_id).where(Unit.serial == serial))
            ).one()
            batch_id = None
        else:
            assert batch is not None
            batch_id = batch[0]
            order_id = await session.scalar(select(Order.id).where(Order.number == batch[1]))
            unit_id = None
        session.add(
            Consumption(
                lot_id=lot_id,
                quantity=quantity,
                unit_id=unit_id,
                batch_id=batch_id,
                order_id=order_id,
                step=step,
                actor=actor,
                at=at or utcnow(),
            )
        )


async def seed_install(
    app: FastAPI,
    parent: str,
    child: str,
    *,
    step: int = 1,
    removed: tuple[str, str] | None = None,
) -> None:
    """Install `child` into `parent`; `removed` = (reason, by) removes it again."""
    async with app.state.db.transaction() as session:
        found = await session.execute(
            select(Unit.serial, Unit.id).where(Unit.serial.in_([parent, child]))
        )
        ids = {row[0]: row[1] for row in found.all()}
        now = utcnow()
        session.add(
            Assembly(
                parent_unit_id=ids[parent],
                child_unit_id=ids[child],
                step=step,
                installed_at=now,
                installed_by="user:admin",
                removed_at=now if removed else None,
                removed_by=removed[1] if removed else None,
                removed_reason=removed[0] if removed else None,
            )
        )


async def seed_bom(
    app: FastAPI, order: str, part_id: int, items: list[tuple[int, float, int | None]]
) -> None:
    """A BOM revision 1 of `part_id` with `items` (component part, quantity, step), pinned by
    `order`."""
    async with app.state.db.transaction() as session:
        revision = BomRevision(part_id=part_id, revision=1, created_by="user:admin")
        session.add(revision)
        await session.flush()
        for component, quantity, step in items:
            session.add(
                BomItem(
                    bom_revision_id=revision.id,
                    component_part_id=component,
                    quantity=quantity,
                    step=step,
                )
            )
        await session.execute(
            update(Order).where(Order.number == order).values(bom_revision_id=revision.id)
        )


async def seed_material_event(app: FastAPI, serial: str, event_type: str, step: int) -> None:
    """A `consumed` / `installed` / `removed` history event as a material command may write
    it: no workstation columns, `to_step` the unit's step and no `from_step`."""
    async with app.state.db.transaction() as session:
        unit_id, order_id = (
            await session.execute(select(Unit.id, Unit.order_id).where(Unit.serial == serial))
        ).one()
        session.add(
            UnitEvent(
                unit_id=unit_id,
                order_id=order_id,
                type=event_type,
                to_step=step,
                notes="lot LOT-A1",
                actor="user:admin",
                at=utcnow(),
            )
        )
