"""SQL of installing and removing sub-assemblies (SQLAlchemy Core, through the command's
executor).

"Installed in one parent at most" is the partial unique index `uq_assemblies_child_installed`
(open rows), never a read: two parents claiming one child at once cannot both win. Installing
writes the parent's row first (its `updated_at`, only while it is still in progress at the
step it was read at), so an install and a move of the parent conflict on one row, as a
clock-on does (`app.labour.repository`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, func, insert, literal, select, update
from sqlalchemy.orm import aliased

from app.db.binding import bound
from app.db.errors import IntegrityViolation
from app.db.executor import Executor
from app.models import Assembly, Order, Part, Unit, UnitEvent, UnitStatus, Workstation

assemblies = cast(Table, Assembly.__table__)
units = cast(Table, Unit.__table__)
orders = cast(Table, Order.__table__)
parts = cast(Table, Part.__table__)
workstations = cast(Table, Workstation.__table__)
unit_events = cast(Table, UnitEvent.__table__)

OPEN_INDEX = "uq_assemblies_child_installed"
# Deeper than any real product structure; bounds the recursive queries should bad data ever
# hold a loop.
MAX_DEPTH = 64


@dataclass(frozen=True, slots=True)
class UnitState:
    """A unit as installing and removing read it."""

    id: int
    serial: str
    part: str
    order_id: int
    order_number: str
    order_status: str
    status: str
    step: int
    workstation_id: int | None
    line_id: int | None  # the current step's workstation's line, else the unit's


_UNIT = (
    select(
        units.c.id,
        units.c.serial,
        parts.c.number,
        units.c.order_id,
        orders.c.number,
        orders.c.status,
        units.c.status,
        units.c.step,
        units.c.workstation_id,
        func.coalesce(workstations.c.line_id, units.c.line_id),
    )
    .select_from(units)
    .join(orders, orders.c.id == units.c.order_id)
    .join(parts, parts.c.id == units.c.part_id)
    .outerjoin(workstations, workstations.c.id == units.c.workstation_id)
    .where(units.c.serial == bindparam("serial", type_=units.c.serial.type))
)


async def unit_state(ex: Executor, serial: str) -> UnitState | None:
    row = await ex.fetchrow(_UNIT, {"serial": serial})
    return UnitState(*row) if row else None


_parent_units = aliased(units, name="parent_units")
_INSTALLED_IN = (
    select(_parent_units.c.serial)
    .select_from(assemblies)
    .join(_parent_units, _parent_units.c.id == assemblies.c.parent_unit_id)
    .where(
        assemblies.c.child_unit_id == bindparam("child_id", type_=assemblies.c.child_unit_id.type),
        assemblies.c.removed_at.is_(None),
    )
)


async def installed_in(ex: Executor, child_id: int) -> str | None:
    """The serial of the parent the unit is installed in now, if any."""
    found = await ex.fetchval(_INSTALLED_IN, {"child_id": child_id})
    return None if found is None else str(found)


def _ancestors() -> Any:
    """The units above `start_id` (itself at depth 0): a recursive CTE over open rows."""
    start = select(
        bindparam("start_id", type_=units.c.id.type).label("unit_id"),
        literal(0).label("depth"),
    ).cte("ancestors", recursive=True)
    up = start.union_all(
        select(assemblies.c.parent_unit_id, start.c.depth + 1)
        .select_from(assemblies)
        .join(start, assemblies.c.child_unit_id == start.c.unit_id)
        .where(assemblies.c.removed_at.is_(None), start.c.depth < MAX_DEPTH)
    )
    return up


_UP = _ancestors()
_IS_ANCESTOR = (
    select(literal(1))
    .select_from(_UP)
    .where(_UP.c.unit_id == bindparam("candidate_id", type_=units.c.id.type))
    .limit(1)
)


async def is_ancestor(ex: Executor, candidate_id: int, of_id: int) -> bool:
    """Whether `candidate_id` is `of_id` or a unit `of_id` is (indirectly) installed in."""
    found = await ex.fetchval(_IS_ANCESTOR, {"start_id": of_id, "candidate_id": candidate_id})
    return found is not None


_AT = bindparam("at", type_=units.c.updated_at.type)
_TOUCH_PARENT = (
    update(units)
    .where(
        units.c.id == bindparam("unit_id", type_=units.c.id.type),
        units.c.step == bindparam("at_step", type_=units.c.step.type),
        units.c.status == UnitStatus.IN_PROGRESS.value,
    )
    .values(updated_at=_AT)
)


async def touch_parent(ex: Executor, parent: UnitState, at: datetime) -> bool:
    """Claim the parent's row while it is still in progress at the step it was read at."""
    params = {"unit_id": parent.id, "at_step": parent.step, "at": at}
    return await ex.execute(_TOUCH_PARENT, params) == 1


_INSERT = (
    insert(assemblies)
    .values(
        **bound(
            assemblies,
            ("parent_unit_id", "child_unit_id", "step", "installed_at", "installed_by"),
        )
    )
    .returning(assemblies.c.id)
)


def is_open_duplicate(error: IntegrityViolation) -> bool:
    """Whether a constraint violation is the one-open-parent-per-child rule (named by
    PostgreSQL; SQLite names the index's table and column)."""
    if error.rule != "unique":
        return False
    if error.constraint is not None:
        return error.constraint == OPEN_INDEX
    return error.table == assemblies.name and "child_unit_id" in error.columns


async def insert_assembly(
    ex: Executor, parent: UnitState, child: UnitState, at: datetime, actor: str
) -> int | None:
    """The new assembly's id; None when the child is installed (open) elsewhere already."""
    values = {
        "parent_unit_id": parent.id,
        "child_unit_id": child.id,
        "step": parent.step,
        "installed_at": at,
        "installed_by": actor,
    }
    try:
        return int(await ex.fetchval(_INSERT, values))
    except IntegrityViolation as exc:
        if is_open_duplicate(exc):
            return None
        raise


_REMOVE = (
    update(assemblies)
    .where(
        assemblies.c.parent_unit_id == bindparam("parent_id", type_=assemblies.c.id.type),
        assemblies.c.child_unit_id == bindparam("child_id", type_=assemblies.c.id.type),
        assemblies.c.removed_at.is_(None),
    )
    .values(
        removed_at=bindparam("at", type_=assemblies.c.removed_at.type),
        removed_by=bindparam("actor", type_=assemblies.c.removed_by.type),
        removed_reason=bindparam("reason", type_=assemblies.c.removed_reason.type),
    )
    .returning(
        assemblies.c.id, assemblies.c.step, assemblies.c.installed_at, assemblies.c.installed_by
    )
)


async def close_assembly(
    ex: Executor, parent_id: int, child_id: int, at: datetime, actor: str, reason: str
) -> tuple[int, int, datetime, str] | None:
    """Close the open row of the child in the parent (compare-and-set): (id, step,
    installed_at, installed_by), or None when the child is not installed there."""
    row = await ex.fetchrow(
        _REMOVE,
        {"parent_id": parent_id, "child_id": child_id, "at": at, "actor": actor, "reason": reason},
    )
    return None if row is None else (int(row[0]), int(row[1]), row[2], str(row[3]))


HISTORY_COLUMNS = ("unit_id", "order_id", "type", "from_step", "to_step", "notes", "actor", "at")
_HISTORY = insert(unit_events).values(**bound(unit_events, HISTORY_COLUMNS))


async def write_history(
    ex: Executor, type_: str, entries: list[tuple[UnitState, str]], actor: str, at: datetime
) -> None:
    """One history row per (unit, notes): at the unit's step, no workstation (no WIP or
    OEE meaning)."""
    rows = [
        {
            "unit_id": unit.id,
            "order_id": unit.order_id,
            "type": type_,
            "from_step": unit.step,
            "to_step": unit.step,
            "notes": notes,
            "actor": actor,
            "at": at,
        }
        for unit, notes in entries
    ]
    await ex.execute(_HISTORY, rows)
