"""Lots and consumptions for genealogy tests, written as rows (valid foreign keys).

The consumption endpoint (`POST /units/{serial}/consume`) is built in parallel with this
package; until it is merged these helpers insert what it would record. Units, orders and
assemblies are made through the API.
"""

from __future__ import annotations

from typing import cast

from fastapi import FastAPI
from sqlalchemy import Table, insert, select

from app.kit.time import utcnow
from app.models import Batch, Consumption, Lot, Unit

_lots = cast(Table, Lot.__table__)
_consumptions = cast(Table, Consumption.__table__)


async def lot(
    app: FastAPI, part_id: int, code: str, quantity: float = 100.0, supplier: str | None = None
) -> int:
    """A received lot of `part_id`; its id."""
    async with app.state.db.transaction() as session:
        found = await session.execute(
            insert(_lots)
            .values(
                part_id=part_id,
                code=code,
                quantity=quantity,
                remaining=quantity,
                status="available",
                supplier=supplier,
                received_by="user:admin",
            )
            .returning(_lots.c.id)
        )
        return int(found.scalar_one())


async def consume(app: FastAPI, lot_id: int, quantity: float, *, serial: str) -> None:
    """The unit `serial` consumed `quantity` of the lot at its current step."""
    async with app.state.db.transaction() as session:
        unit = (
            await session.execute(
                select(Unit.id, Unit.order_id, Unit.step, Unit.workstation_id).where(
                    Unit.serial == serial
                )
            )
        ).one()
        await session.execute(
            insert(_consumptions).values(
                lot_id=lot_id,
                quantity=quantity,
                unit_id=unit.id,
                order_id=unit.order_id,
                step=max(unit.step, 1),
                workstation_id=unit.workstation_id,
                actor="user:admin",
                at=utcnow(),
            )
        )
        await session.execute(
            _lots.update()
            .where(_lots.c.id == lot_id)
            .values(remaining=_lots.c.remaining - quantity)
        )


async def consume_by_batch(app: FastAPI, lot_id: int, quantity: float, *, batch_id: int) -> None:
    """The batch consumed `quantity` of the lot at its current step."""
    async with app.state.db.transaction() as session:
        batch = (
            await session.execute(select(Batch.order_id, Batch.step).where(Batch.id == batch_id))
        ).one()
        await session.execute(
            insert(_consumptions).values(
                lot_id=lot_id,
                quantity=quantity,
                batch_id=batch_id,
                order_id=batch.order_id,
                step=batch.step,
                actor="user:admin",
                at=utcnow(),
            )
        )
