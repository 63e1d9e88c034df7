"""Material readiness of an order: per item of its pinned BOM, what the order needs, what
it consumed and what the stock of available, unexpired lots holds (one SQL query)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from app.kit.errors import NotFound
from app.kit.time import utcnow
from app.materials.repository import READINESS
from app.materials.schemas import MaterialLine, OrderMaterials, PartRef
from app.models import PartKind


async def order_materials(session: AsyncSession, number: str) -> OrderMaterials:
    rows = (await session.execute(READINESS, {"number": number, "now": utcnow()})).all()
    if not rows:
        raise NotFound(f"order {number} does not exist")
    quantity = int(rows[0][1])
    lines: list[MaterialLine] = []
    for row in rows:
        (_, _, _, part_id, part_number, name, kind, uom, step, per_unit, consumed, available) = row
        if part_id is None:  # no BOM pinned
            continue
        required = float(per_unit) * quantity
        consumed, available = float(consumed), float(available)
        lines.append(
            MaterialLine(
                component=PartRef(
                    id=part_id, number=part_number, name=name, kind=PartKind(kind), uom=uom
                ),
                step=step,
                per_unit=float(per_unit),
                required=required,
                consumed=consumed,
                available=available,
                short=max(0.0, required - consumed - available),
            )
        )
    return OrderMaterials(
        order=rows[0][0],
        quantity=quantity,
        bom_revision=rows[0][2],
        items=lines,
        short=any(line.short > 0 for line in lines),
    )
