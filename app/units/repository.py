"""SQL for generating units, set-based. (A unit's transitions: `app.transitions`.)

Generation writes the order (its `started` count, and its start when it was new or
scheduled), the part's serial counter, the units, their `created` history and outbox rows and
the audit entries. On PostgreSQL, as a command of its own, that is one statement
(`generate_alone`) which commits by itself: the order and part rows are locked only while it
runs. Elsewhere (SQLite, or generation inside a larger transaction) the same writes are
separate statements in the command's transaction, after the order row was locked
(`lock_order`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import (
    Integer,
    String,
    Table,
    and_,
    bindparam,
    case,
    func,
    insert,
    literal,
    select,
    text,
    update,
)

from app.db.base import UTCDateTime
from app.db.binding import bound
from app.db.command import SingleStatementExecutor
from app.db.executor import Executor
from app.models import (
    Order,
    OrderStatus,
    OutboxEvent,
    Part,
    RouteStep,
    Tracking,
    Unit,
    UnitEvent,
    Workstation,
)
from app.orders.events import ORDER_STATUS_EVENT, iso
from app.orders.lifecycle import GENERATABLE

units = cast(Table, Unit.__table__)
unit_events = cast(Table, UnitEvent.__table__)
outbox_events = cast(Table, OutboxEvent.__table__)
orders = cast(Table, Order.__table__)
parts = cast(Table, Part.__table__)
route_steps = cast(Table, RouteStep.__table__)
workstations = cast(Table, Workstation.__table__)

RUNNING = OrderStatus.RUNNING.value
SERIAL = Tracking.SERIAL.value
# What the order and the audit entries say when generation starts an order: the same as the
# `start` action (`app.orders.service.set_status`).
START_ACTION = "start"
GENERATE_ACTION = "generate_units"


@dataclass(frozen=True, slots=True)
class OrderCounts:
    """The order as generation judges it, with its route's first step."""

    status: str
    quantity: int
    started: int
    scrapped: int
    first_workstation_id: int | None
    first_line_id: int | None
    tracking: str


@dataclass(frozen=True, slots=True)
class LockedOrder:
    """The order, locked for the command's transaction (`lock_order`)."""

    id: int
    number: str
    part_id: int
    route_revision_id: int
    line_id: int | None
    counts: OrderCounts


@dataclass(frozen=True, slots=True)
class Serials:
    """The serial numbers `first`..`last` a generation took, formatted `prefix-n`."""

    first: int
    last: int
    prefix: str
    digits: int
    part_number: str


@dataclass(frozen=True, slots=True)
class Generation:
    """What the one-statement generation returns: the order as it was judged (locked), and
    the serials it took when it wrote (None when it was refused and wrote nothing)."""

    counts: OrderCounts
    serials: Serials | None


# -- reading the order -----------------------------------------------------------------------


def _order_query(*, lock: bool) -> Any:
    """The order by number with its route's first step (route revisions never change once
    an order pinned one, and a workstation keeps its line). Locked: the order row only."""
    query = (
        select(
            orders.c.id,
            orders.c.number,
            orders.c.part_id,
            orders.c.route_revision_id,
            orders.c.line_id,
            orders.c.status,
            orders.c.quantity,
            orders.c.started,
            orders.c.scrapped,
            route_steps.c.workstation_id,
            workstations.c.line_id,
            orders.c.tracking,
        )
        .select_from(orders)
        .outerjoin(
            route_steps,
            and_(route_steps.c.revision_id == orders.c.route_revision_id, route_steps.c.seq == 1),
        )
        .outerjoin(workstations, workstations.c.id == route_steps.c.workstation_id)
        .where(orders.c.number == bindparam("number", type_=orders.c.number.type))
    )
    return query.with_for_update(of=orders) if lock else query


_READ_ORDER = _order_query(lock=False)
_LOCK_ORDER = _order_query(lock=True)


def _locked(row: Any) -> LockedOrder:
    id_, number, part_id, route_revision_id, line_id = row[:5]
    return LockedOrder(id_, number, part_id, route_revision_id, line_id, OrderCounts(*row[5:]))


async def read_order_alone(ex: SingleStatementExecutor, number: str) -> OrderCounts | None:
    """The order as committed now, in a single-statement transaction (no lock)."""
    row = await ex.fetchrow_autocommit(_READ_ORDER, {"number": number})
    return _locked(row).counts if row else None


async def lock_order(ex: Executor, number: str) -> LockedOrder | None:
    """The order, locked until commit (`FOR UPDATE`; SQLite's write lock is already held)."""
    row = await ex.fetchrow(_LOCK_ORDER, {"number": number})
    return _locked(row) if row else None


# -- generation as one statement (PostgreSQL) ------------------------------------------------


def _serial(n: str) -> str:
    """SQL of the serial of number `n` of part row `p`: like Python's f"{prefix}-{n:0{digits}d}"
    (zero-padded, widening)."""
    return f"p.prefix || '-' || lpad(({n})::text, greatest(p.digits, length(({n})::text)), '0')"


_GENERATABLE_SQL = ", ".join(f"'{s.value}'" for s in sorted(GENERATABLE))

# The rules are conditions of the order's UPDATE, judged on `o`: the order row read with
# FOR UPDATE, which after waiting for a concurrent writer's lock is the newest version of the
# row, and which nothing can change before the UPDATE (this statement holds the lock). So
# concurrent generations can never together exceed the quantity, and a refusal returns the
# row it was judged on. (Conditions on the UPDATE's own columns would not do: PostgreSQL
# re-checks them on the newest version only for a row whose snapshot version passed them, so
# an order resumed, or given a larger quantity, while the statement waited would be refused.)
# The UPDATE's SET reads the newest version too (as app.orders.completion relies on).
# Everything else follows from that UPDATE's row: nothing is written (not even the part's
# counter) when it was refused.
_GENERATE_ALONE = text(
    f"""
    WITH o AS MATERIALIZED (
        SELECT id, number, status, quantity, started, scrapped, route_revision_id, tracking
        FROM orders
        WHERE number = :number
        FOR UPDATE
    ),
    first_step AS MATERIALIZED (
        SELECT rs.workstation_id, w.line_id
        FROM o
        JOIN route_steps rs ON rs.revision_id = o.route_revision_id AND rs.seq = 1
        JOIN workstations w ON w.id = rs.workstation_id
    ),
    u AS (
        UPDATE orders
        SET started = orders.started + :count,
            status = '{RUNNING}',
            started_at = CASE WHEN orders.status = '{RUNNING}' THEN orders.started_at
                              ELSE coalesce(orders.started_at, :at) END,
            updated_at = :at
        FROM o, first_step
        WHERE orders.id = o.id
          AND o.status IN ({_GENERATABLE_SQL})
          AND o.started - o.scrapped + :count <= o.quantity
          AND o.tracking = '{SERIAL}'
        RETURNING orders.id, orders.number, orders.part_id, orders.route_revision_id,
                  coalesce(orders.line_id, first_step.line_id) AS line_id,
                  o.status <> '{RUNNING}' AS started_now
    ),
    p AS (
        UPDATE parts
        SET serial_counter = parts.serial_counter + :count, updated_at = :at
        FROM u
        WHERE parts.id = u.part_id
        RETURNING parts.serial_counter AS last, parts.serial_prefix AS prefix,
                  parts.serial_digits AS digits, parts.number
    ),
    new_units AS (
        INSERT INTO units (serial, order_id, part_id, route_revision_id, line_id, status, step,
                           awaiting, rework_count, created_at, updated_at)
        SELECT {_serial("n")},
               u.id, u.part_id, u.route_revision_id, u.line_id, 'in_progress', 0, 'move', 0,
               :at, :at
        FROM u, p, generate_series(p.last - :count + 1, p.last) AS n
        ORDER BY n
        RETURNING id, serial
    ),
    history AS (
        INSERT INTO unit_events (unit_id, order_id, type, to_step, actor, at)
        SELECT new_units.id, u.id, 'created', 0, :actor, :at FROM new_units, u
    ),
    outbox AS (
        INSERT INTO outbox_events
            (type, unit_id, serial, order_number, line_id, to_step, status, at)
        SELECT 'created', new_units.id, new_units.serial, u.number, u.line_id, 0,
               'in_progress', :at
        FROM new_units, u
        ORDER BY new_units.id
    ),
    order_event AS (
        INSERT INTO outbox_events (type, line_id, payload, at)
        SELECT '{ORDER_STATUS_EVENT}', u.line_id,
               jsonb_build_object('order', u.number, 'from', o.status, 'to', '{RUNNING}',
                                  'action', '{START_ACTION}', 'at', :at_iso),
               :at
        FROM u, o
        WHERE u.started_now
    ),
    audit AS (
        INSERT INTO audit_log (at, actor, entity_type, entity_id, action, before, after)
        SELECT :at, :actor, 'order', u.number, a.action, a.before, a.after
        FROM u, o, p, LATERAL (VALUES
            (1, '{START_ACTION}', jsonb_build_object('status', o.status),
             jsonb_build_object('status', '{RUNNING}')),
            (2, '{GENERATE_ACTION}', NULL::jsonb,
             jsonb_build_object('count', :count,
                                'first_serial', {_serial("p.last - :count + 1")},
                                'last_serial', {_serial("p.last")}))
        ) AS a (ordinal, action, before, after)
        WHERE a.ordinal = 2 OR u.started_now
        ORDER BY a.ordinal
    )
    SELECT o.status, o.quantity, o.started, o.scrapped,
           first_step.workstation_id, first_step.line_id, o.tracking,
           p.last, p.prefix, p.digits, p.number
    FROM o
    LEFT JOIN first_step ON true
    LEFT JOIN u ON true
    LEFT JOIN p ON true
    """
).bindparams(
    bindparam("number", type_=String),
    bindparam("count", type_=Integer),
    bindparam("actor", type_=String),
    bindparam("at", type_=UTCDateTime()),
    bindparam("at_iso", type_=String),
)


async def generate_alone(
    ex: SingleStatementExecutor, *, number: str, count: int, actor: str, at: datetime
) -> Generation | None:
    """Generate `count` units of order `number` in one statement that commits by itself
    (see `_GENERATE_ALONE`); None when the order does not exist. Never run twice: a lost
    connection is reported, not retried (the statement may have committed)."""
    row = await ex.fetchrow_autocommit(
        _GENERATE_ALONE,
        {"number": number, "count": count, "actor": actor, "at": at, "at_iso": iso(at)},
        repeatable=False,
    )
    if row is None:
        return None
    counts = OrderCounts(*row[:7])
    last, prefix, digits, part_number = row[7:]
    if last is None:
        return Generation(counts, None)
    last = int(last)
    return Generation(counts, Serials(last - count + 1, last, prefix, int(digits), part_number))


# -- generation as separate statements (SQLite, or inside a larger transaction) -------------

_START_AND_COUNT = (
    update(orders)
    .where(orders.c.id == bindparam("order_id", type_=orders.c.id.type))
    .values(
        started=orders.c.started + bindparam("count", type_=Integer),
        status=RUNNING,
        started_at=case(
            (orders.c.status == RUNNING, orders.c.started_at),
            else_=func.coalesce(
                orders.c.started_at, bindparam("at", type_=orders.c.started_at.type)
            ),
        ),
        updated_at=bindparam("at", type_=orders.c.updated_at.type),
    )
)
_ADVANCE_SERIALS = (
    update(parts)
    .where(parts.c.id == bindparam("part_id", type_=parts.c.id.type))
    .values(
        serial_counter=parts.c.serial_counter
        + bindparam("count", type_=parts.c.serial_counter.type),
        updated_at=bindparam("at", type_=parts.c.updated_at.type),
    )
    .returning(parts.c.serial_counter, parts.c.serial_prefix, parts.c.serial_digits, parts.c.number)
)
_MAX_UNIT_ID = select(func.max(units.c.id)).where(
    units.c.order_id == bindparam("order_id", type_=units.c.order_id.type)
)
_UNIT_COLUMNS = (
    "serial",
    "order_id",
    "part_id",
    "route_revision_id",
    "line_id",
    "status",
    "step",
    "workstation_id",
    "awaiting",
    "rework_count",
    "created_at",
    "updated_at",
)
_INSERT_UNITS = insert(units).values(**bound(units, _UNIT_COLUMNS))


async def start_and_count(ex: Executor, order_id: int, count: int, at: datetime) -> None:
    """Count `count` more units as started on the (locked) order, and set it running."""
    await ex.execute(_START_AND_COUNT, {"order_id": order_id, "count": count, "at": at})


async def advance_serial_counter(ex: Executor, part_id: int, count: int, at: datetime) -> Serials:
    """Reserve `count` serial numbers. The part row stays locked until commit, so concurrent
    generations get consecutive, disjoint ranges."""
    row = await ex.fetchrow(_ADVANCE_SERIALS, {"part_id": part_id, "count": count, "at": at})
    assert row is not None, f"part {part_id} vanished"
    last = int(row[0])
    return Serials(last - count + 1, last, str(row[1]), int(row[2]), str(row[3]))


async def max_unit_id(ex: Executor, order_id: int) -> int:
    return int(await ex.fetchval(_MAX_UNIT_ID, {"order_id": order_id}) or 0)


async def insert_units(ex: Executor, rows: list[dict[str, Any]]) -> None:
    await ex.execute(_INSERT_UNITS, rows)


_NEW_UNITS = and_(
    units.c.order_id == bindparam("order_id", type_=units.c.order_id.type),
    units.c.id > bindparam("after_id", type_=units.c.id.type),
)
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
