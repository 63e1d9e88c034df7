"""SQL of unit transitions (SQLAlchemy Core): writing a transition. (Reading the unit:
`app.transitions.reads`.)

A locked transition is four round trips on PostgreSQL: BEGIN, one `SELECT … FOR UPDATE` that
reads the unit with everything the rules and hooks need, one statement that writes the unit
and every row the transition records — history, outbox, audit, what hooks contribute, the
order's count — as data-modifying CTEs, and COMMIT. A lock-free transition is two: the same
read without a lock, and the same write as a compare-and-set statement that commits by
itself. SQLite runs the same writes as separate statements
(in-process, no network round trips) under `BEGIN IMMEDIATE`. Both shapes come from one
description of the writes (`TransitionWrite.pieces`): a new column or a new kind of row is
added in one place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, cast

from sqlalchemy import (
    Table,
    and_,
    bindparam,
    exists,
    func,
    insert,
    literal,
    select,
    union_all,
    update,
)

from app.audit.recorder import AUDIT_COLUMNS
from app.db.binding import bound
from app.db.command import SingleStatementExecutor
from app.db.executor import Executor
from app.models import (
    AuditEntry,
    Order,
    OutboxEvent,
    Unit,
    UnitEvent,
    UnitStatus,
)
from app.orders import completion
from app.orders.completion import Finish
from app.transitions.hooks import Rows
from app.transitions.state import UnitState

units = cast(Table, Unit.__table__)
unit_events = cast(Table, UnitEvent.__table__)
outbox = cast(Table, OutboxEvent.__table__)
audit_log = cast(Table, AuditEntry.__table__)
orders = cast(Table, Order.__table__)

# -- writing a transition --------------------------------------------------------------------

UNIT_COLUMNS = (
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
OUTBOX_COLUMNS = (
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


@dataclass
class TransitionWrite:
    """Everything one transition writes."""

    unit_id: int
    unit_values: dict[str, Any]
    history: Sequence[dict[str, Any]]
    outbox: Sequence[dict[str, Any]]
    audit: dict[str, Any] | None
    finish: Finish | None = None
    extra: Sequence[Rows] = ()
    # Hooks' conditions on the unit row for the compare-and-set (`TransitionHook.guard`),
    # and their names (the statement's cache key).
    guards: tuple[Any, ...] = ()
    guard_names: tuple[str, ...] = ()
    # The rows to insert, in order: history, outbox, audit, then what hooks added.
    pieces: list[Rows] = field(init=False)

    def __post_init__(self) -> None:
        found = [
            Rows(unit_events, HISTORY_COLUMNS, self.history),
            Rows(outbox, OUTBOX_COLUMNS, self.outbox),
            Rows(audit_log, AUDIT_COLUMNS, [self.audit] if self.audit else []),
            *self.extra,
        ]
        self.pieces = [piece for piece in found if piece.rows]

    def params(self) -> dict[str, Any]:
        """The bind parameters of the combined statement, flattened by piece and row."""
        params: dict[str, Any] = {"u_id": self.unit_id}
        if self.finish is not None:
            params.update(self.finish.params())
        params.update({f"u_{k}": v for k, v in self.unit_values.items()})
        for p, piece in enumerate(self.pieces):
            for i, row in enumerate(piece.rows):
                for key in piece.columns:
                    params[f"p{p}r{i}_{key}"] = row[key]
        return params

    def shape(self) -> tuple[Any, ...]:
        """What the combined statement depends on (its cache key)."""
        return (
            tuple((p.table.name, p.columns, len(p.rows)) for p in self.pieces),
            self.finish is not None,
            self.guard_names,
        )


def rows_insert(piece: Rows, prefix: str, guard: Any = None) -> Any:
    """INSERT of a piece's rows whose ids follow the row order (the order events happened).

    One row: plain VALUES. Several: INSERT … SELECT … ORDER BY ordinal — sibling CTEs run in
    no defined order, and a multi-row VALUES insert is not cacheable in SQLAlchemy. With a
    `guard` (a WHERE clause) the rows are inserted only when it holds.
    """
    table, columns = piece.table, piece.columns
    if len(piece.rows) == 1 and guard is None:
        return insert(table).values(**bound(table, columns, f"{prefix}r0_"))
    rows = union_all(
        *(
            select(
                literal(i).label("ordinal"),
                *(bindparam(f"{prefix}r{i}_{c}", type_=table.c[c].type).label(c) for c in columns),
            )
            for i in range(len(piece.rows))
        )
    ).subquery()
    chosen = select(*(rows.c[c] for c in columns)).order_by(rows.c.ordinal)
    if guard is not None:
        chosen = chosen.where(guard)
    return insert(table).from_select(list(columns), chosen)


_statements: dict[tuple[Any, ...], Any] = {}


def _combined(write: TransitionWrite, *, compare: bool) -> Any:
    """One PostgreSQL statement for all writes of a transition (cached per shape); it returns
    how many unit rows it wrote. With `finish` it also counts the unit on its order and
    applies the completion rule (app.orders.completion).

    With `compare` it is a compare-and-set: everything is written only if the unit is still
    as it was read (`was_*`) and its order's status still the one read, so it needs no lock
    and no transaction around it; 0 means something had changed and nothing was written."""
    key = (write.shape(), compare)
    stmt = _statements.get(key)
    if stmt is not None:
        return stmt
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
                orders.c.id == units.c.order_id,
                orders.c.status == bindparam("was_order_status", type_=orders.c.status.type),
            ),
            *write.guards,
        )
    u = (
        update(units)
        .where(where)
        .values(**bound(units, UNIT_COLUMNS, "u_"))
        .returning(units.c.id)
        .cte("u")
    )
    written = exists().select_from(u) if compare else None
    ctes = [u]
    for p, piece in enumerate(write.pieces):
        ctes.append(rows_insert(piece, f"p{p}", written).cte(f"p{p}"))
    if write.finish is not None:
        ctes.extend(completion.finish_ctes(guard=written))
    stmt = select(select(func.count()).select_from(u).scalar_subquery()).add_cte(*ctes)
    _statements[key] = stmt
    return stmt


_UPDATE_UNIT = (
    update(units)
    .where(units.c.id == bindparam("u_id", type_=units.c.id.type))
    .values(**bound(units, UNIT_COLUMNS, "u_"))
)


@cache
def insert_of(table: Table) -> Any:
    return insert(table)


async def write_transition(ex: Executor, write: TransitionWrite) -> None:
    """Persist a locked unit's transition: its new state and every row it records; with
    `finish`, count the unit on its order and apply the completion rule."""
    if ex.postgres:
        await ex.execute(_combined(write, compare=False), write.params())
        return
    await ex.execute(
        _UPDATE_UNIT, {"u_id": write.unit_id, **{f"u_{k}": v for k, v in write.unit_values.items()}}
    )
    for piece in write.pieces:
        await ex.execute(insert_of(piece.table), list(piece.rows))
    if write.finish is not None:
        await completion.count_finished(ex, write.finish)


async def write_transition_if_unchanged(
    ex: SingleStatementExecutor, write: TransitionWrite, state: UnitState
) -> bool:
    """`write_transition` as one single-statement transaction (`ex` from
    `Command.single_statement()`), only if the unit has not changed since `state` was read
    and its order's status is the one read; False if they had."""
    params = write.params()
    params.update(
        was_step=state.step,
        was_awaiting=state.awaiting,
        was_rework_count=state.rework_count,
        was_updated_at=state.updated_at,
        was_order_status=state.order_status,
    )
    row = await ex.fetchrow_autocommit(_combined(write, compare=True), params, repeatable=False)
    return row is not None and row[0] == 1
