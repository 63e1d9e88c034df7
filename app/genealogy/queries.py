"""Genealogy reads: a unit's children, its backward genealogy, a lot's where-used.

Both trees are one recursive CTE each (`WITH RECURSIVE`, over the open assembly rows: a
removed child is no longer part of its parent), read in one statement and assembled in
Python — never a query per node. Depth is bounded (`MAX_DEPTH`) should bad data ever hold a
loop.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import (
    BigInteger,
    DateTime,
    Float,
    String,
    Table,
    bindparam,
    func,
    literal,
    null,
    select,
    union_all,
)
from sqlalchemy import cast as sql_cast
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from app.analytics.sql import prepare
from app.genealogy.repository import MAX_DEPTH
from app.genealogy.schemas import (
    AssemblyOut,
    GenealogyLot,
    GenealogyNode,
    WhereUsedKind,
)
from app.kit.errors import NotFound
from app.kit.pagination import PageParams, keyset, page_of
from app.models import Assembly, Batch, Consumption, Lot, Order, Part, Unit, UnitStatus

assemblies = cast(Table, Assembly.__table__)
units = cast(Table, Unit.__table__)
batches = cast(Table, Batch.__table__)
orders = cast(Table, Order.__table__)
parts = cast(Table, Part.__table__)
lots = cast(Table, Lot.__table__)
consumptions = cast(Table, Consumption.__table__)


async def _unit_id(session: AsyncSession, serial: str) -> int:
    found = await session.scalar(select(units.c.id).where(units.c.serial == serial))
    if found is None:
        raise NotFound(f"unit {serial} does not exist")
    return int(found)


# -- children ----------------------------------------------------------------------------------

_child = aliased(units, name="child")
_child_part = aliased(parts, name="child_part")
_CHILDREN = (
    select(
        assemblies.c.id,
        _child.c.serial,
        _child_part.c.number,
        assemblies.c.step,
        assemblies.c.installed_at,
        assemblies.c.installed_by,
        assemblies.c.removed_at,
        assemblies.c.removed_by,
        assemblies.c.removed_reason,
    )
    .select_from(assemblies)
    .join(_child, _child.c.id == assemblies.c.child_unit_id)
    .join(_child_part, _child_part.c.id == _child.c.part_id)
)


async def children(
    session: AsyncSession, serial: str, params: PageParams, *, include_removed: bool
) -> tuple[list[AssemblyOut], str | None]:
    """The sub-assemblies installed in the unit (with `include_removed`, also those taken
    out), in the order they were installed."""
    parent_id = await _unit_id(session, serial)
    stmt = _CHILDREN.where(assemblies.c.parent_unit_id == parent_id)
    if not include_removed:
        stmt = stmt.where(assemblies.c.removed_at.is_(None))
    rows = (await session.execute(keyset(stmt, assemblies.c.id, params))).all()
    items, cursor = page_of(rows, params, lambda row: row[0])
    return [
        AssemblyOut(
            id=r[0],
            parent=serial,
            child=r[1],
            child_part=r[2],
            step=r[3],
            installed_at=r[4],
            installed_by=r[5],
            removed_at=r[6],
            removed_by=r[7],
            removed_reason=r[8],
        )
        for r in items
    ], cursor


# -- backward genealogy: a unit, its lots, its children's, recursively ---------------------------


def _genealogy_statement() -> Any:
    root = select(
        units.c.id.label("unit_id"),
        sql_cast(null(), BigInteger).label("parent_id"),
        sql_cast(null(), BigInteger).label("assembly_id"),
        sql_cast(null(), DateTime(timezone=True)).label("installed_at"),
        literal(0).label("depth"),
    ).where(units.c.serial == bindparam("serial", type_=units.c.serial.type))
    tree = root.cte("tree", recursive=True)
    tree = tree.union_all(
        select(
            assemblies.c.child_unit_id,
            assemblies.c.parent_unit_id,
            assemblies.c.id,
            assemblies.c.installed_at,
            tree.c.depth + 1,
        )
        .select_from(assemblies)
        .join(tree, assemblies.c.parent_unit_id == tree.c.unit_id)
        .where(assemblies.c.removed_at.is_(None), tree.c.depth < MAX_DEPTH)
    )
    # The lots of every unit in the tree, summed per unit and lot.
    used = (
        select(
            consumptions.c.unit_id,
            consumptions.c.lot_id,
            func.sum(consumptions.c.quantity).label("quantity"),
        )
        .where(
            consumptions.c.unit_id.is_not(None),
            consumptions.c.unit_id.in_(select(tree.c.unit_id)),
        )
        .group_by(consumptions.c.unit_id, consumptions.c.lot_id)
        .subquery("used")
    )
    lot_part = aliased(parts, name="lot_part")
    return (
        select(
            tree.c.unit_id,
            tree.c.parent_id,
            tree.c.installed_at,
            units.c.serial,
            parts.c.number,
            units.c.status,
            used.c.lot_id,
            lots.c.code,
            lot_part.c.number,
            used.c.quantity,
            lots.c.supplier,
        )
        .select_from(tree)
        .join(units, units.c.id == tree.c.unit_id)
        .join(parts, parts.c.id == units.c.part_id)
        .outerjoin(used, used.c.unit_id == tree.c.unit_id)
        .outerjoin(lots, lots.c.id == used.c.lot_id)
        .outerjoin(lot_part, lot_part.c.id == lots.c.part_id)
        .order_by(tree.c.depth, tree.c.assembly_id, lots.c.code, used.c.lot_id)
    )


_GENEALOGY = _genealogy_statement()


async def genealogy(session: AsyncSession, serial: str) -> GenealogyNode:
    """The unit's lots and installed sub-assemblies, recursively (one statement)."""
    rows = (await session.execute(_GENEALOGY, {"serial": serial})).all()
    if not rows:
        raise NotFound(f"unit {serial} does not exist")
    nodes: dict[int, GenealogyNode] = {}
    root: GenealogyNode | None = None
    for unit_id, parent_id, installed_at, unit_serial, part, status, *lot in rows:
        node = nodes.get(unit_id)
        if node is None:
            node = GenealogyNode(
                serial=unit_serial,
                part=part,
                status=UnitStatus(status),
                installed_at=installed_at,
                lots=[],
                children=[],
            )
            nodes[unit_id] = node
            # Rows come by depth: the parent is already there.
            if parent_id is None:
                root = node
            else:
                nodes[parent_id].children.append(node)
        lot_id, code, lot_part, quantity, supplier = lot
        if lot_id is not None:
            node.lots.append(
                GenealogyLot(
                    lot_id=lot_id,
                    code=code,
                    part=lot_part,
                    quantity=float(quantity),
                    supplier=supplier,
                )
            )
    assert root is not None
    return root


# -- forward: where a lot went (the recall list) -------------------------------------------------

_UNIT = WhereUsedKind.UNIT.value
_LOT = bindparam("lot_id", type_=lots.c.id.type)
_LOT_SUMMARY = (
    select(
        lots.c.id,
        lots.c.code,
        parts.c.number,
        lots.c.supplier,
        lots.c.quantity,
        lots.c.remaining,
        lots.c.status,
    )
    .join(parts, parts.c.id == lots.c.part_id)
    .where(lots.c.id == _LOT)
)


def _where_used_statement() -> Any:
    # Depth 0: the units that consumed the lot (with how much); then every unit those are
    # installed in now, one level per step up the open assembly rows. UNION, not UNION ALL:
    # a parent reached through several children is one row per depth, not one per path.
    direct = (
        select(
            consumptions.c.unit_id.label("unit_id"),
            literal(0).label("depth"),
            func.sum(consumptions.c.quantity).label("quantity"),
        )
        .where(consumptions.c.lot_id == _LOT, consumptions.c.unit_id.is_not(None))
        .group_by(consumptions.c.unit_id)
    )
    up = direct.cte("up", recursive=True)
    up = up.union(
        select(assemblies.c.parent_unit_id, up.c.depth + 1, sql_cast(null(), Float))
        .select_from(assemblies)
        .join(up, assemblies.c.child_unit_id == up.c.unit_id)
        .where(assemblies.c.removed_at.is_(None), up.c.depth < MAX_DEPTH)
    )
    # One row per unit at its lowest depth. Grouped, the planner also sizes the tree
    # sensibly (it cannot estimate a recursive CTE: it assumes tens of thousands of rows and
    # would hash the whole units table instead of looking the few up by key).
    reached = (
        select(
            up.c.unit_id,
            func.min(up.c.depth).label("depth"),
            func.max(up.c.quantity).label("quantity"),
        )
        .group_by(up.c.unit_id)
        .subquery("reached")
    )
    # For each unit above depth 0, one installed child on the way down to the lot (`via`):
    # every child of it in the tree contains the lot; the first installed is named.
    via = (
        select(
            assemblies.c.parent_unit_id.label("parent_id"),
            func.min(assemblies.c.child_unit_id).label("via_id"),
        )
        .where(
            assemblies.c.removed_at.is_(None),
            assemblies.c.child_unit_id.in_(select(up.c.unit_id)),
        )
        .group_by(assemblies.c.parent_unit_id)
        .subquery("via")
    )
    unit_rows = (
        select(
            literal(WhereUsedKind.UNIT.value, String).label("kind"),
            units.c.id.label("id"),
            units.c.serial.label("serial"),
            parts.c.number.label("part"),
            orders.c.number.label("order_number"),
            orders.c.external_ref.label("external_ref"),
            units.c.status.label("status"),
            via.c.via_id.label("via_id"),
            reached.c.depth.label("depth"),
            reached.c.quantity.label("quantity"),
        )
        .select_from(reached)
        .join(units, units.c.id == reached.c.unit_id)
        .join(parts, parts.c.id == units.c.part_id)
        .join(orders, orders.c.id == units.c.order_id)
        .outerjoin(via, via.c.parent_id == reached.c.unit_id)
    )
    batch_rows = (
        select(
            literal(WhereUsedKind.BATCH.value, String),
            batches.c.id,
            sql_cast(null(), String),
            parts.c.number,
            orders.c.number,
            orders.c.external_ref,
            batches.c.status,
            sql_cast(null(), BigInteger),
            literal(0),
            func.sum(consumptions.c.quantity),
        )
        .select_from(consumptions)
        .join(batches, batches.c.id == consumptions.c.batch_id)
        .join(parts, parts.c.id == batches.c.part_id)
        .join(orders, orders.c.id == batches.c.order_id)
        .where(consumptions.c.lot_id == _LOT, consumptions.c.batch_id.is_not(None))
        .group_by(
            batches.c.id,
            parts.c.number,
            orders.c.number,
            orders.c.external_ref,
            batches.c.status,
        )
    )
    return union_all(unit_rows, batch_rows)


_WHERE_USED = _where_used_statement()


async def where_used(session: AsyncSession, lot_id: int) -> dict[str, Any]:
    """The recall list as the JSON document of `WhereUsed` (see below): every unit and batch
    that consumed the lot, and every unit those units are installed in now, recursively
    (one statement). A unit reached at several depths (it consumed the lot itself and
    contains a child that did) is listed once, at its lowest depth.

    Plain dicts, not models: a recall list runs to thousands of items, and building,
    re-validating and serialising a model per item cost more than the query. The values
    come typed from the database; a test validates the document against `WhereUsed`."""
    found = (await session.execute(_LOT_SUMMARY, {"lot_id": lot_id})).first()
    if found is None:
        raise NotFound(f"lot {lot_id} does not exist")
    await prepare(session)
    rows = (await session.execute(_WHERE_USED, {"lot_id": lot_id})).all()
    serials = {row[1]: row[2] for row in rows if row[0] == _UNIT}
    ordered = sorted(
        rows, key=lambda r: (r[8], r[0] != _UNIT, r[2] or "", r[1] if r[2] is None else 0)
    )
    items = [
        {
            "kind": kind,
            "serial": serial,
            "batch_id": None if kind == _UNIT else id_,
            "part": part,
            "order": order,
            "external_ref": external_ref,
            "status": status,
            "via": "direct" if depth == 0 else serials[via_id],
            "depth": depth,
            "quantity": None if quantity is None else float(quantity),
        }
        for kind, id_, serial, part, order, external_ref, status, via_id, depth, quantity in ordered
    ]
    batch_count = sum(1 for row in rows if row[0] != _UNIT)
    return {
        "lot": {
            "id": found[0],
            "code": found[1],
            "part": found[2],
            "supplier": found[3],
            "quantity": float(found[4]),
            "remaining": float(found[5]),
            "status": found[6],
        },
        "items": items,
        "units": len(items) - batch_count,
        "batches": batch_count,
    }
