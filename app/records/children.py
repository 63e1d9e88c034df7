"""The sub-assemblies of a unit, each with its record summary, recursively.

One recursive CTE walks `assemblies` down from the unit (installed and removed children alike:
a removed child was part of the unit for a while, and the record says so); a second query
reads the lots of every unit in the tree through the same CTE. Each tree row carries the path
of unit ids from the root (`,1,7,12,`), which stops a cycle (a unit reinstalled under its own
former child) and tells each row its parent row.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import Text, cast, func, literal, literal_column, select
from sqlalchemy.ext.asyncio import AsyncConnection

from app.models import Assembly, Consumption, Lot, Measurement, Part, Unit
from app.records.schemas import ChildLot, RecordChild

# Deep enough for any real product structure; a bound on the walk whatever the data.
MAX_DEPTH = 16


def _tree(unit_id: int) -> Any:
    a = Assembly
    anchor: Any = select(
        a.id.label("assembly_id"),
        a.child_unit_id.label("unit_id"),
        literal_column("1").label("depth"),
        cast(
            literal(",", Text)
            + cast(a.parent_unit_id, Text)
            + literal(",", Text)
            + cast(a.child_unit_id, Text)
            + literal(",", Text),
            Text,
        ).label("path"),
    ).where(a.parent_unit_id == unit_id)
    tree = anchor.cte("tree", recursive=True)
    step = select(
        a.id,
        a.child_unit_id,
        tree.c.depth + 1,
        cast(tree.c.path + cast(a.child_unit_id, Text) + literal(",", Text), Text),
    ).where(
        a.parent_unit_id == tree.c.unit_id,
        tree.c.depth < MAX_DEPTH,
        ~tree.c.path.like(literal("%,", Text) + cast(a.child_unit_id, Text) + literal(",%", Text)),
    )
    return tree.union_all(step)


def _count(unit_id: Any, result: str) -> Any:
    return (
        select(func.count())
        .select_from(Measurement)
        .where(Measurement.unit_id == unit_id, Measurement.result == result)
        .scalar_subquery()
    )


async def children(conn: AsyncConnection, unit_id: int) -> list[RecordChild]:
    """The unit's installed (and since removed) sub-assemblies, each with its own summary."""
    tree = _tree(unit_id)
    a = Assembly
    rows = (
        await conn.execute(
            select(
                tree.c.path,
                Unit.serial,
                Part.number,
                Unit.status,
                a.step,
                a.installed_at,
                a.installed_by,
                a.removed_at,
                a.removed_by,
                a.removed_reason,
                _count(tree.c.unit_id, "pass"),
                _count(tree.c.unit_id, "fail"),
                tree.c.unit_id,
                tree.c.assembly_id,
            )
            .join(a, a.id == tree.c.assembly_id)
            .join(Unit, Unit.id == tree.c.unit_id)
            .join(Part, Part.id == Unit.part_id)
            .order_by(tree.c.depth, a.installed_at, a.id)
        )
    ).all()
    if not rows:
        return []
    lots_of: dict[int | None, list[ChildLot]] = defaultdict(list)
    lot_rows = await conn.execute(
        select(Consumption.unit_id, Lot.code, Part.number, Consumption.quantity)
        .join(Lot, Lot.id == Consumption.lot_id)
        .join(Part, Part.id == Lot.part_id)
        .where(Consumption.unit_id.in_(select(tree.c.unit_id).distinct()))
        .order_by(Consumption.id)
    )
    for owner, code, part, quantity in lot_rows.all():
        lots_of[owner].append(ChildLot(lot=code, part=part, quantity=quantity))

    top: list[RecordChild] = []
    by_path: dict[str, RecordChild] = {}
    seen: set[tuple[str, int]] = set()
    for r in rows:  # parents before children: ordered by depth
        path = str(r[0])
        # A unit installed twice into one parent (removed in between) is walked twice: its
        # own sub-assemblies are listed once, under its latest installation.
        if (path, r[13]) in seen:
            continue
        seen.add((path, r[13]))
        child = RecordChild(
            serial=r[1],
            part=r[2],
            status=r[3],
            step=r[4],
            installed_at=r[5],
            installed_by=r[6],
            removed_at=r[7],
            removed_by=r[8],
            removed_reason=r[9],
            lots=lots_of.get(int(r[12]), []),
            measurements_passed=int(r[10]),
            measurements_failed=int(r[11]),
            children=[],
        )
        parent = by_path.get(path[: path.rstrip(",").rfind(",") + 1])
        (parent.children if parent is not None else top).append(child)
        by_path[path] = child
    return top
