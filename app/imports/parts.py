"""Importing parts: matched by `number`; the rules of `POST /parts` and `PATCH /parts/{id}`
(the same schemas; the serial scheme frozen once serials are issued; a part in lots or BOMs
never becomes a product)."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Table, insert, select, union
from sqlalchemy.ext.asyncio import AsyncSession

from app.imports.common import audit_many, batches, changed, update_many
from app.imports.fields import Field, Kind
from app.imports.pipeline import Context, Parsed, Plan, schema_errors
from app.masterdata.schemas import PartCreate, PartUpdate
from app.masterdata.service import PART_FIELDS, SERIAL_SCHEME, serial_scheme_locked
from app.models import BomItem, Lot, Part, PartKind

PARTS = cast(Table, Part.__table__)
KINDS = tuple(k.value for k in PartKind)


class PartsTarget:
    name = "parts"
    fields: tuple[Field, ...] = (
        Field("number", Kind.TEXT, "part number (the natural key)", key=True),
        Field("name", Kind.TEXT, "display name", create=True),
        Field("serial_prefix", Kind.TEXT, "unique serial prefix", create=True),
        Field("serial_digits", Kind.INT, "zero-padding of serials (1-12)", create=True),
        Field("kind", Kind.CHOICE, "product, component or material", choices=KINDS),
        Field("uom", Kind.TEXT, "unit of measure (default pcs)"),
    )

    def key(self, values: dict[str, Any]) -> tuple[Any, ...]:
        return (values["number"],)

    def unique_in_file(self) -> tuple[str, ...]:
        return ("serial_prefix",)

    async def check(self, ctx: Context, rows: list[Parsed]) -> Plan:
        session, lay = ctx.session, ctx.layout
        existing = await _by_number(session, {r.values["number"] for r in rows})
        prefixes = await _prefix_owners(
            session, {r.values["serial_prefix"] for r in rows if "serial_prefix" in r.values}
        )
        used = await _in_lots_or_boms(session, {p["id"] for p in existing.values()})
        plan = Plan()
        for r in rows:
            values = r.values
            current = existing.get(values["number"])
            owner = prefixes.get(values.get("serial_prefix", ""))
            if owner is not None and (current is None or owner != current["id"]):
                r.error("serial_prefix", "duplicate", "the serial prefix is another part's", lay)
            if current is None:
                body = schema_errors(PartCreate, values, r, lay)
                if body is not None and not r.errors:
                    plan.creates.append((r, body.model_dump(mode="json")))
                continue
            update = schema_errors(PartUpdate, values, r, lay)
            if update is None or r.errors:
                continue
            wanted = {
                k: v.value if isinstance(v, PartKind) else v for k, v in update.changes().items()
            }
            before, after = changed(current, wanted)
            locked = serial_scheme_locked(current["number"], current["serial_counter"], after)
            if locked is not None:
                first = sorted(SERIAL_SCHEME & after.keys())[0]
                r.error(first, locked.code, locked.detail, lay)
            if after.get("kind") == PartKind.PRODUCT.value and current["id"] in used:
                r.error("kind", "in_use", "the part has lots or is in a BOM", lay)
            if r.errors:
                continue
            if after:
                plan.updates.append((r, current["id"], before, after))
            else:
                plan.unchanged += 1
        return plan

    async def write(self, ctx: Context, plan: Plan) -> None:
        session = ctx.session
        if plan.creates:
            await session.execute(
                insert(PARTS), [values | {"serial_counter": 0} for _, values in plan.creates]
            )
            ids = await _by_number(session, {v["number"] for _, v in plan.creates})
            await audit_many(
                session,
                ctx.actor,
                "part",
                [
                    (
                        ids[v["number"]]["id"],
                        "create",
                        None,
                        {"id": ids[v["number"]]["id"], **v, "serial_counter": 0},
                    )
                    for _, v in plan.creates
                ],
            )
        if plan.updates:
            await update_many(session, PARTS, [(i, after) for _, i, _, after in plan.updates])
            await audit_many(
                session,
                ctx.actor,
                "part",
                [(i, "update", before, after) for _, i, before, after in plan.updates],
            )


async def _by_number(session: AsyncSession, numbers: set[str]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    columns = [PARTS.c[name] for name in ("id", "serial_counter", *PART_FIELDS)]
    for chunk in batches(numbers):
        for row in (await session.execute(select(*columns).where(Part.number.in_(chunk)))).all():
            found[row.number] = dict(row._mapping)
    return found


async def _prefix_owners(session: AsyncSession, prefixes: set[str]) -> dict[str, int]:
    owners: dict[str, int] = {}
    for chunk in batches(prefixes):
        stmt = select(Part.serial_prefix, Part.id).where(Part.serial_prefix.in_(chunk))
        owners.update({str(p): int(i) for p, i in (await session.execute(stmt)).all()})
    return owners


async def _in_lots_or_boms(session: AsyncSession, part_ids: set[int]) -> set[int]:
    used: set[int] = set()
    for chunk in batches(part_ids):
        stmt = union(
            select(Lot.part_id).where(Lot.part_id.in_(chunk)),
            select(BomItem.component_part_id).where(BomItem.component_part_id.in_(chunk)),
        )
        used.update(int(x) for x in (await session.scalars(stmt)).all())
    return used
