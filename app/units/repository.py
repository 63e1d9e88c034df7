"""SQL for generating units, set-based. (A unit's transitions: `app.transitions`.)"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import (
    BigInteger,
    Integer,
    Table,
    and_,
    bindparam,
    func,
    insert,
    literal,
    select,
    text,
    update,
)

from app.db.base import UTCDateTime
from app.db.executor import Executor
from app.models import (
    AuditEntry,
    Order,
    OutboxEvent,
    Part,
    Unit,
    UnitEvent,
)

units = cast(Table, Unit.__table__)
unit_events = cast(Table, UnitEvent.__table__)
outbox_events = cast(Table, OutboxEvent.__table__)
audit_log = cast(Table, AuditEntry.__table__)
orders = cast(Table, Order.__table__)


# -- generation (set-based) ------------------------------------------------------------------

parts = cast(Table, Part.__table__)

_ADVANCE_SERIALS = (
    update(parts)
    .where(parts.c.id == bindparam("part_id"))
    .values(serial_counter=parts.c.serial_counter + bindparam("count"))
    .returning(parts.c.serial_counter, parts.c.serial_prefix, parts.c.serial_digits)
)
_MAX_UNIT_ID = select(func.max(units.c.id)).where(units.c.order_id == bindparam("order_id"))
_INSERT_UNITS = insert(units)
_PART_NUMBER = select(parts.c.number).where(parts.c.id == bindparam("part_id"))


async def advance_serial_counter(ex: Executor, part_id: int, count: int) -> tuple[int, str, int]:
    """Reserve `count` serial numbers: returns (last number, prefix, digits). The part row
    stays locked until commit, so concurrent generations get consecutive, disjoint ranges."""
    row = await ex.fetchrow(_ADVANCE_SERIALS, {"part_id": part_id, "count": count})
    assert row is not None, f"part {part_id} vanished"
    return int(row[0]), str(row[1]), int(row[2])


async def max_unit_id(ex: Executor, order_id: int) -> int:
    return int(await ex.fetchval(_MAX_UNIT_ID, {"order_id": order_id}) or 0)


async def insert_units(ex: Executor, rows: list[dict[str, Any]]) -> None:
    await ex.execute(_INSERT_UNITS, rows)


async def part_number(ex: Executor, part_id: int) -> str:
    return str(await ex.fetchval(_PART_NUMBER, {"part_id": part_id}))


_NEW_UNITS = and_(units.c.order_id == bindparam("order_id"), units.c.id > bindparam("after_id"))
_INSERT_CREATED_HISTORY = insert(unit_events).from_select(
    ["unit_id", "order_id", "type", "to_step", "actor", "at"],
    select(
        units.c.id,
        units.c.order_id,
        literal("created"),
        literal(0),
        bindparam("actor", type_=unit_events.c.actor.type),
        bindparam("at", type_=unit_events.c.at.type),
    ).where(_NEW_UNITS),
)
_INSERT_CREATED_WIP = insert(outbox_events).from_select(
    ["type", "unit_id", "serial", "order_number", "line_id", "to_step", "status", "at"],
    select(
        literal("created"),
        units.c.id,
        units.c.serial,
        bindparam("order_number", type_=outbox_events.c.order_number.type),
        units.c.line_id,
        literal(0),
        literal("in_progress"),
        bindparam("at", type_=outbox_events.c.at.type),
    )
    .where(_NEW_UNITS)
    .order_by(units.c.id),
)


# PostgreSQL: the units, their `created` history and outbox rows in one set-based statement.
# The serial is formatted like Python's f"{prefix}-{n:0{digits}d}" (zero-padded, widening).
_GENERATE_PG = text(
    """
    WITH new_units AS (
        INSERT INTO units (serial, order_id, part_id, route_revision_id, line_id, status, step,
                           awaiting, rework_count, created_at, updated_at)
        SELECT :prefix || '-' || lpad(n::text, greatest(:digits, length(n::text)), '0'),
               :order_id, :part_id, :route_revision_id, :line_id, 'in_progress', 0, 'move', 0,
               :at, :at
        FROM generate_series(CAST(:first AS bigint), CAST(:last AS bigint)) AS n
        ORDER BY n
        RETURNING id, serial
    ),
    history AS (
        INSERT INTO unit_events (unit_id, order_id, type, to_step, actor, at)
        SELECT id, :order_id, 'created', 0, :actor, :at FROM new_units
    ),
    outbox AS (
        INSERT INTO outbox_events
            (type, unit_id, serial, order_number, line_id, to_step, status, at)
        SELECT 'created', id, serial, :order_number, :line_id, 0, 'in_progress', :at
        FROM new_units ORDER BY id
    )
    SELECT count(*) FROM new_units
    """
).bindparams(
    bindparam("at", type_=UTCDateTime()),
    bindparam("line_id", type_=BigInteger),
    bindparam("digits", type_=Integer),
)


async def generate_units_pg(
    ex: Executor,
    *,
    prefix: str,
    digits: int,
    first: int,
    last: int,
    order_id: int,
    order_number: str,
    part_id: int,
    route_revision_id: int,
    line_id: int | None,
    actor: str,
    at: datetime,
) -> int:
    return int(
        await ex.fetchval(
            _GENERATE_PG,
            {
                "prefix": prefix,
                "digits": digits,
                "first": first,
                "last": last,
                "order_id": order_id,
                "order_number": order_number,
                "part_id": part_id,
                "route_revision_id": route_revision_id,
                "line_id": line_id,
                "actor": actor,
                "at": at,
            },
        )
    )


async def insert_created_events(
    ex: Executor,
    *,
    order_id: int,
    order_number: str,
    after_unit_id: int,
    actor: str,
    at: datetime,
) -> None:
    """History and outbox rows for every unit of the order with id > `after_unit_id` (the
    order row is locked, so these are exactly the units this command just inserted)."""
    params = {"order_id": order_id, "after_id": after_unit_id, "actor": actor, "at": at}
    await ex.execute(_INSERT_CREATED_HISTORY, params)
    await ex.execute(_INSERT_CREATED_WIP, {**params, "order_number": order_number})
