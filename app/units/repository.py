"""SQL for units: the hot path (lock, transition) in SQLAlchemy Core, set-based generation.

A unit command is four round trips on PostgreSQL: BEGIN, one `SELECT … FOR UPDATE` that reads
the unit with everything the rules need (order status, current and next route step), one
statement that writes the unit, its history, the WIP outbox row and the audit entry (data-
modifying CTEs), and COMMIT. A plain move is two: the same read without a lock, and the same
writes as one compare-and-set statement (`write_transition_if_unchanged`). SQLite runs the
same writes as separate statements (in-process, no network round trips), under
`BEGIN IMMEDIATE`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any, cast

from sqlalchemy import (
    BigInteger,
    Integer,
    Table,
    and_,
    bindparam,
    exists,
    func,
    insert,
    literal,
    select,
    text,
    union_all,
    update,
)
from sqlalchemy.orm import aliased

from app.db.base import UTCDateTime
from app.db.executor import AsyncpgExecutor, Executor
from app.kit.pagination import AnySelect
from app.models import (
    AuditEntry,
    DefectCode,
    Order,
    OrderStatus,
    OutboxEvent,
    Part,
    RouteStep,
    Unit,
    UnitEvent,
    UnitStatus,
    Workstation,
)
from app.orders import completion
from app.orders.completion import Finish

units = cast(Table, Unit.__table__)
unit_events = cast(Table, UnitEvent.__table__)
wip_events = cast(Table, OutboxEvent.__table__)
audit_log = cast(Table, AuditEntry.__table__)
orders = cast(Table, Order.__table__)


@dataclass(frozen=True, slots=True)
class UnitState:
    """A locked unit with the context its commands need."""

    id: int
    serial: str
    order_id: int
    order_number: str
    order_status: str
    part_number: str
    route_revision_id: int
    line_id: int | None
    status: str
    step: int
    awaiting: str | None
    workstation_id: int | None
    workstation_code: str | None
    workstation_line_id: int | None
    is_gate: bool
    rework_count: int
    created_at: datetime
    updated_at: datetime
    step_entered_at: datetime | None
    next_step: int | None
    next_workstation_id: int | None
    next_workstation_code: str | None
    next_workstation_line_id: int | None
    next_is_gate: bool


_cur = aliased(RouteStep, name="cur")
_nxt = aliased(RouteStep, name="nxt")
_cws = aliased(Workstation, name="cws")
_nws = aliased(Workstation, name="nws")

_UNIT_COLUMNS = (
    Unit.id,
    Unit.serial,
    Unit.order_id,
    Unit.part_id,
    Unit.route_revision_id,
    Unit.line_id,
    Unit.status,
    Unit.step,
    Unit.awaiting,
    Unit.workstation_id,
    Unit.rework_count,
    Unit.created_at,
    Unit.updated_at,
    Unit.step_entered_at,
)


def _state_query(*, lock: bool) -> AnySelect:
    """The unit and its context in one statement.

    The unit row is read (and locked) in a materialized CTE and everything else is joined to
    that row. Joining directly under `FOR UPDATE` would be wrong on PostgreSQL: after waiting
    for the lock only the locked row is re-read, the joined rows (the next step) would still
    belong to the unit's old step.
    """
    unit = select(*_UNIT_COLUMNS).where(Unit.serial == bindparam("serial"))
    if lock:
        unit = unit.with_for_update()
    u = unit.cte("u").prefix_with("MATERIALIZED")
    return (
        select(
            u.c.id,
            u.c.serial,
            u.c.order_id,
            Order.number,
            Order.status,
            Part.number,
            u.c.route_revision_id,
            u.c.line_id,
            u.c.status,
            u.c.step,
            u.c.awaiting,
            u.c.workstation_id,
            _cws.code,
            _cws.line_id,
            func.coalesce(_cur.is_gate, False),
            u.c.rework_count,
            u.c.created_at,
            u.c.updated_at,
            u.c.step_entered_at,
            _nxt.seq,
            _nxt.workstation_id,
            _nws.code,
            _nws.line_id,
            func.coalesce(_nxt.is_gate, False),
        )
        .select_from(u)
        .join(Order, Order.id == u.c.order_id)
        .join(Part, Part.id == u.c.part_id)
        .outerjoin(_cur, and_(_cur.revision_id == u.c.route_revision_id, _cur.seq == u.c.step))
        .outerjoin(_cws, _cws.id == u.c.workstation_id)
        .outerjoin(_nxt, and_(_nxt.revision_id == u.c.route_revision_id, _nxt.seq == u.c.step + 1))
        .outerjoin(_nws, _nws.id == _nxt.workstation_id)
    )


_LOCK_UNIT = _state_query(lock=True)
_READ_UNIT = _state_query(lock=False)


async def lock_unit(ex: Executor, serial: str) -> UnitState | None:
    """The unit, locked until commit (`FOR UPDATE`; SQLite's write lock is already held)."""
    row = await ex.fetchrow(_LOCK_UNIT, {"serial": serial})
    return UnitState(*row) if row else None


async def read_unit(ex: Executor, serial: str) -> UnitState | None:
    row = await ex.fetchrow(_READ_UNIT, {"serial": serial})
    return UnitState(*row) if row else None


async def read_unit_alone(ex: AsyncpgExecutor, serial: str) -> UnitState | None:
    """The unit as committed now, read in a single-statement transaction (no lock)."""
    row = await ex.fetchrow_autocommit(_READ_UNIT, {"serial": serial})
    return UnitState(*row) if row else None


@dataclass(frozen=True, slots=True)
class StepInfo:
    seq: int
    workstation_id: int
    workstation_code: str
    line_id: int
    is_gate: bool


_ROUTE_STEP = (
    select(
        RouteStep.seq,
        RouteStep.workstation_id,
        Workstation.code,
        Workstation.line_id,
        RouteStep.is_gate,
    )
    .join(Workstation, Workstation.id == RouteStep.workstation_id)
    .where(RouteStep.revision_id == bindparam("revision_id"), RouteStep.seq == bindparam("seq"))
)
_DEFECT_CODE_ID = select(DefectCode.id).where(DefectCode.code == bindparam("code"))


async def route_step(ex: Executor, revision_id: int, seq: int) -> StepInfo | None:
    row = await ex.fetchrow(_ROUTE_STEP, {"revision_id": revision_id, "seq": seq})
    return StepInfo(*row) if row else None


async def defect_code_id(ex: Executor, code: str) -> int | None:
    value = await ex.fetchval(_DEFECT_CODE_ID, {"code": code})
    return int(value) if value is not None else None


# -- writing a transition --------------------------------------------------------------------

_UNIT_UPDATE_COLUMNS = (
    "step",
    "workstation_id",
    "status",
    "awaiting",
    "rework_count",
    "updated_at",
    "step_entered_at",
    "finished_at",
)
HISTORY_COLUMNS = (
    "unit_id",
    "order_id",
    "type",
    "from_step",
    "to_step",
    "from_workstation_id",
    "to_workstation_id",
    "result",
    "defect_code_id",
    "notes",
    "actor",
    "at",
)
WIP_COLUMNS = (
    "type",
    "unit_id",
    "serial",
    "order_number",
    "line_id",
    "from_step",
    "to_step",
    "from_workstation_id",
    "to_workstation_id",
    "status",
    "at",
)
AUDIT_COLUMNS = ("at", "actor", "entity_type", "entity_id", "action", "before", "after")


def _bound(table: Any, prefix: str, columns: Sequence[str]) -> dict[str, Any]:
    return {c: bindparam(f"{prefix}{c}", type_=table.c[c].type) for c in columns}


def _update_unit_stmt() -> Any:
    return (
        update(units)
        .where(units.c.id == bindparam("u_id", type_=units.c.id.type))
        .values(**_bound(units, "u_", _UNIT_UPDATE_COLUMNS))
    )


_UPDATE_UNIT = _update_unit_stmt()


def _rows_insert(
    table: Any, prefix: str, columns: Sequence[str], count: int, guard: Any = None
) -> Any:
    """INSERT of `count` rows whose ids follow the row order (the order events happened).

    One row: plain VALUES. Several: INSERT … SELECT … ORDER BY ordinal — sibling CTEs run in
    no defined order, and a multi-row VALUES insert is not cacheable in SQLAlchemy. With a
    `guard` (a WHERE clause) the rows are inserted only when it holds.
    """
    if count == 1 and guard is None:
        return insert(table).values(**_bound(table, f"{prefix}0_", columns))
    rows = union_all(
        *(
            select(
                literal(i).label("ordinal"),
                *(bindparam(f"{prefix}{i}_{c}", type_=table.c[c].type).label(c) for c in columns),
            )
            for i in range(count)
        )
    ).subquery()
    chosen = select(*(rows.c[c] for c in columns)).order_by(rows.c.ordinal)
    if guard is not None:
        chosen = chosen.where(guard)
    return insert(table).from_select(list(columns), chosen)


@cache
def _combined(history: int, wip: int, audited: bool, finish: bool, compare: bool) -> Any:
    """One PostgreSQL statement for all writes of a transition (cached per shape); it returns
    how many unit rows it wrote. With `finish` it also counts the unit on its order and
    applies the completion rule (app.orders.completion).

    With `compare` it is a compare-and-set: everything is written only if the unit is still
    as it was read (`was_*`) and its order still running, so it needs no lock and no
    transaction around it; 0 means the unit had changed and nothing was written."""
    where = units.c.id == bindparam("u_id", type_=units.c.id.type)
    if compare:
        where = and_(
            where,
            units.c.status == UnitStatus.IN_PROGRESS.value,
            units.c.step == bindparam("was_step", type_=units.c.step.type),
            units.c.awaiting.is_not_distinct_from(
                bindparam("was_awaiting", type_=units.c.awaiting.type)
            ),
            units.c.rework_count == bindparam("was_rework_count", type_=units.c.rework_count.type),
            units.c.updated_at == bindparam("was_updated_at", type_=units.c.updated_at.type),
            exists().where(
                orders.c.id == units.c.order_id, orders.c.status == OrderStatus.RUNNING.value
            ),
        )
    u = (
        update(units)
        .where(where)
        .values(**_bound(units, "u_", _UNIT_UPDATE_COLUMNS))
        .returning(units.c.id)
        .cte("u")
    )
    written = exists().select_from(u) if compare else None
    ctes = [u]
    if history:
        ctes.append(_rows_insert(unit_events, "h", HISTORY_COLUMNS, history, written).cte("h"))
    if wip:
        ctes.append(_rows_insert(wip_events, "w", WIP_COLUMNS, wip, written).cte("w"))
    if audited:
        ctes.append(_rows_insert(audit_log, "a", AUDIT_COLUMNS, 1, written).cte("a"))
    if finish:
        ctes.extend(completion.finish_ctes(guard=written))
    return select(select(func.count()).select_from(u).scalar_subquery()).add_cte(*ctes)


async def write_transition_if_unchanged(
    ex: AsyncpgExecutor,
    *,
    state: UnitState,
    unit_values: dict[str, Any],
    history: Sequence[dict[str, Any]],
    wip: Sequence[dict[str, Any]],
    audit: dict[str, Any],
    finish: Finish | None,
) -> bool:
    """`write_transition` as one single-statement transaction, only if the unit has not
    changed since `state` was read (and its order is running); False if it had."""
    params = _transition_params(state.id, unit_values, history, wip, audit, finish)
    params.update(
        was_step=state.step,
        was_awaiting=state.awaiting,
        was_rework_count=state.rework_count,
        was_updated_at=state.updated_at,
    )
    stmt = _combined(len(history), len(wip), True, finish is not None, True)
    row = await ex.fetchrow_autocommit(stmt, params)
    return row is not None and row[0] == 1


def _transition_params(
    unit_id: int,
    unit_values: dict[str, Any],
    history: Sequence[dict[str, Any]],
    wip: Sequence[dict[str, Any]],
    audit: dict[str, Any] | None,
    finish: Finish | None = None,
) -> dict[str, Any]:
    """The bind parameters of `_combined`, flattened by row."""
    params: dict[str, Any] = {"u_id": unit_id}
    if finish is not None:
        params.update(finish.params())
    params.update({f"u_{k}": v for k, v in unit_values.items()})
    for prefix, rows in (("h", history), ("w", wip), ("a", [audit] if audit else [])):
        for i, row in enumerate(rows):
            for key, value in row.items():
                params[f"{prefix}{i}_{key}"] = value
    return params


_INSERT_HISTORY = insert(unit_events)
_INSERT_WIP = insert(wip_events)
_INSERT_AUDIT = insert(audit_log)


async def write_transition(
    ex: Executor,
    *,
    unit_id: int,
    unit_values: dict[str, Any],
    history: Sequence[dict[str, Any]],
    wip: Sequence[dict[str, Any]],
    audit: dict[str, Any] | None,
    finish: Finish | None = None,
) -> None:
    """Persist a unit's new state with its history, outbox and audit rows; with `finish`,
    count the unit on its order and apply the completion rule."""
    if ex.postgres:
        params = _transition_params(unit_id, unit_values, history, wip, audit, finish)
        stmt = _combined(len(history), len(wip), audit is not None, finish is not None, False)
        await ex.execute(stmt, params)
        return
    await ex.execute(
        _UPDATE_UNIT, {"u_id": unit_id, **{f"u_{k}": v for k, v in unit_values.items()}}
    )
    if history:
        await ex.execute(_INSERT_HISTORY, list(history))
    if wip:
        await ex.execute(_INSERT_WIP, list(wip))
    if audit is not None:
        await ex.execute(_INSERT_AUDIT, [audit])
    if finish is not None:
        await completion.count_finished(ex, finish)


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
_INSERT_CREATED_WIP = insert(wip_events).from_select(
    ["type", "unit_id", "serial", "order_number", "line_id", "to_step", "status", "at"],
    select(
        literal("created"),
        units.c.id,
        units.c.serial,
        bindparam("order_number", type_=wip_events.c.order_number.type),
        units.c.line_id,
        literal(0),
        literal("in_progress"),
        bindparam("at", type_=wip_events.c.at.type),
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
