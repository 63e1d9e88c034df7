"""Importing material lots: matched by (`part` number, `code`); the rules of `POST /lots`
(the same schema; lots are of components and materials, not products). A new lot is
received (`remaining` = `quantity`, available, audited `receive` like the command). An
existing lot's supplier and expiry may change; its quantity only while nothing has been
consumed from it (row error `lot_consumed` otherwise)."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Table, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.imports.common import audit_many, batches, changed, update_many
from app.imports.fields import Field, Kind
from app.imports.pipeline import Context, Parsed, Plan, schema_errors
from app.kit.time import utcnow
from app.materials.lots import AUDITED
from app.materials.schemas import LotCreate
from app.models import Lot, LotStatus, Part, PartKind

LOTS = cast(Table, Lot.__table__)
UPDATABLE: tuple[str, ...] = ("quantity", "supplier", "expires_at")


class LotsTarget:
    name = "lots"
    fields: tuple[Field, ...] = (
        Field("part", Kind.TEXT, "part number of the component or material", key=True),
        Field("code", Kind.TEXT, "lot code, unique per part", key=True),
        Field("quantity", Kind.NUMBER, "quantity received", create=True),
        Field("supplier", Kind.TEXT, "who supplied it"),
        Field("expires_at", Kind.DATETIME, "expiry"),
    )

    def key(self, values: dict[str, Any]) -> tuple[Any, ...]:
        return (values["part"], values["code"])

    def unique_in_file(self) -> tuple[str, ...]:
        return ()

    async def check(self, ctx: Context, rows: list[Parsed]) -> Plan:
        session, lay = ctx.session, ctx.layout
        parts: dict[str, tuple[int, str]] = ctx.cache.setdefault("parts", {})
        await _parts(session, {r.values["part"] for r in rows} - parts.keys(), parts)
        existing = await _lots(
            session,
            {parts[r.values["part"]][0] for r in rows if r.values["part"] in parts},
            {r.values["code"] for r in rows},
        )
        plan = Plan()
        now = utcnow()
        for r in rows:
            values = r.values
            part = parts.get(values["part"])
            if part is None:
                r.error("part", "unknown_part", f"no part {values['part']!r}", lay)
                continue
            if part[1] == PartKind.PRODUCT.value:
                r.error(
                    "part",
                    "wrong_part_kind",
                    f"part {values['part']} is a product: lots are of components and materials",
                    lay,
                )
                continue
            data = {k: v for k, v in values.items() if k != "part"} | {"part_id": part[0]}
            current = existing.get((part[0], values["code"]))
            if current is None:
                if "quantity" not in values:
                    r.error(
                        "quantity",
                        "required",
                        f"{lay.column('quantity')} is required for a new lot",
                        lay,
                    )
                    continue
                body = schema_errors(LotCreate, data, r, lay, {"part_id": "part"})
                if body is None:
                    continue
                plan.creates.append(
                    (
                        r,
                        {
                            "part_id": part[0],
                            "code": body.code,
                            "quantity": body.quantity,
                            "remaining": body.quantity,
                            "status": LotStatus.AVAILABLE.value,
                            "supplier": body.supplier,
                            "expires_at": body.expires_at,
                            "received_at": now,
                            "received_by": ctx.actor,
                        },
                    )
                )
                continue
            full = {"quantity": current["quantity"]} | data
            body = schema_errors(LotCreate, full, r, lay, {"part_id": "part"})
            if body is None:
                continue
            wanted: dict[str, Any] = {k: getattr(body, k) for k in UPDATABLE if k in values}
            before, after = changed(current, wanted)
            if "quantity" in after:
                if current["remaining"] != current["quantity"]:
                    r.error(
                        "quantity",
                        "lot_consumed",
                        f"lot {values['code']} has been consumed from: its quantity cannot change",
                        lay,
                    )
                    continue
                before["remaining"], after["remaining"] = current["remaining"], after["quantity"]
            if after:
                plan.updates.append((r, current["id"], before, after))
            else:
                plan.unchanged += 1
        return plan

    async def write(self, ctx: Context, plan: Plan) -> None:
        session = ctx.session
        if plan.creates:
            await session.execute(insert(LOTS), [values for _, values in plan.creates])
            found = await _lots(
                session,
                {v["part_id"] for _, v in plan.creates},
                {v["code"] for _, v in plan.creates},
            )
            entries = []
            for _, v in plan.creates:
                lot = found[(v["part_id"], v["code"])]
                entries.append((lot["id"], "receive", None, {k: lot[k] for k in AUDITED}))
            await audit_many(session, ctx.actor, "lot", entries)
        if plan.updates:
            await update_many(session, LOTS, [(i, after) for _, i, _, after in plan.updates])
            await audit_many(
                session,
                ctx.actor,
                "lot",
                [(i, "update", before, after) for _, i, before, after in plan.updates],
            )


async def _parts(
    session: AsyncSession, numbers: set[str], into: dict[str, tuple[int, str]]
) -> None:
    for chunk in batches(numbers):
        stmt = select(Part.number, Part.id, Part.kind).where(Part.number.in_(chunk))
        for number, part_id, kind in (await session.execute(stmt)).all():
            into[number] = (int(part_id), kind)


async def _lots(
    session: AsyncSession, part_ids: set[int], codes: set[str]
) -> dict[tuple[int, str], dict[str, Any]]:
    found: dict[tuple[int, str], dict[str, Any]] = {}
    if not part_ids:
        return found
    for ids in batches(part_ids, 100):
        for chunk in batches(codes):
            stmt = select(LOTS).where(Lot.code.in_(chunk), Lot.part_id.in_(ids))
            for row in (await session.execute(stmt)).all():
                found[(row.part_id, row.code)] = dict(row._mapping)
    return found
