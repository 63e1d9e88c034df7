"""SQL of batches (SQLAlchemy Core): writing a batch step command, creating a batch, reading
batches back.

A batch step command writes like a unit transition (`app.transitions.repository`): on
PostgreSQL one statement updates the batch and its step (and the next step's quantity),
inserts the history, outbox and audit rows and what hooks contribute, and counts quantities
on the order with its completion rule — as a compare-and-set that commits by itself on the
lock-free path (written only if the batch is still as read). SQLite runs the same writes as
separate statements under its write lock.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Table, and_, bindparam, exists, func, insert, literal, select, update

from app.audit.recorder import AUDIT_COLUMNS
from app.db.binding import bound
from app.db.command import SingleStatementExecutor
from app.db.executor import Executor
from app.models import (
    AuditEntry,
    Batch,
    BatchEvent,
    BatchStep,
    DefectCode,
    Order,
    OutboxEvent,
    RouteStep,
)
from app.orders import completion
from app.orders.completion import Finish
from app.transitions.hooks import Rows
from app.transitions.repository import insert_of, rows_insert
from app.transitions.state import BatchState

batches = cast(Table, Batch.__table__)
steps = cast(Table, BatchStep.__table__)
batch_events = cast(Table, BatchEvent.__table__)
outbox = cast(Table, OutboxEvent.__table__)
audit_log = cast(Table, AuditEntry.__table__)
orders = cast(Table, Order.__table__)
route_steps = cast(Table, RouteStep.__table__)
defect_codes = cast(Table, DefectCode.__table__)

BATCH_COLUMNS = ("step", "good", "scrap", "status", "updated_at", "finished_at")
HISTORY_COLUMNS = (
    "batch_id",
    "order_id",
    "type",
    "step",
    "workstation_id",
    "quantity",
    "good",
    "scrap",
    "defect_code_id",
    "notes",
    "actor",
    "at",
)
OUTBOX_COLUMNS = (
    "type",
    "order_number",
    "line_id",
    "from_step",
    "to_step",
    "from_workstation_id",
    "to_workstation_id",
    "status",
    "payload",
    "at",
)


@dataclass
class BatchWrite:
    """Everything one batch step command writes."""

    batch_id: int
    batch_values: dict[str, Any]
    step_id: int
    step_values: dict[str, Any]
    history: Sequence[dict[str, Any]]
    outbox: Sequence[dict[str, Any]]
    audit: dict[str, Any]
    # The next step and the quantity that enters it (a completion that passes some on).
    next_seq: int | None = None
    next_quantity_in: int | None = None
    finish: Finish | None = None
    extra: Sequence[Rows] = ()
    # Hooks' conditions on the batch row for the compare-and-set, and their names.
    guards: tuple[Any, ...] = ()
    guard_names: tuple[str, ...] = ()
    pieces: list[Rows] = field(init=False)

    def __post_init__(self) -> None:
        found = [
            Rows(batch_events, HISTORY_COLUMNS, self.history),
            Rows(outbox, OUTBOX_COLUMNS, self.outbox),
            Rows(audit_log, AUDIT_COLUMNS, [self.audit]),
            *self.extra,
        ]
        self.pieces = [piece for piece in found if piece.rows]

    def params(self) -> dict[str, Any]:
        params: dict[str, Any] = {"b_id": self.batch_id, "s_id": self.step_id}
        params.update({f"b_{k}": v for k, v in self.batch_values.items()})
        params.update({f"s_{k}": v for k, v in self.step_values.items()})
        if self.next_seq is not None:
            params.update(n_seq=self.next_seq, n_quantity_in=self.next_quantity_in)
        if self.finish is not None:
            params.update(self.finish.params())
        for p, piece in enumerate(self.pieces):
            for i, row in enumerate(piece.rows):
                for key in piece.columns:
                    params[f"p{p}r{i}_{key}"] = row[key]
        return params

    def shape(self) -> tuple[Any, ...]:
        return (
            tuple(self.step_values),
            self.next_seq is not None,
            tuple((p.table.name, p.columns, len(p.rows)) for p in self.pieces),
            self.finish is not None,
            self.guard_names,
        )


def _id(name: str, table: Table) -> Any:
    return bindparam(name, type_=table.c.id.type)


_UPDATE_NEXT = (
    update(steps)
    .where(
        steps.c.batch_id == _id("b_id", batches),
        steps.c.seq == bindparam("n_seq", type_=steps.c.seq.type),
    )
    .values(quantity_in=bindparam("n_quantity_in", type_=steps.c.quantity_in.type))
)

_statements: dict[tuple[Any, ...], Any] = {}


def _combined(write: BatchWrite, *, compare: bool) -> Any:
    """One PostgreSQL statement for all writes (cached per shape); returns how many batch rows
    it wrote. With `compare`, everything is written only if the batch is still as read
    (`was_*`: every command on a batch changes its `updated_at`) and its order's status still
    the one read."""
    key = (write.shape(), compare)
    stmt = _statements.get(key)
    if stmt is not None:
        return stmt
    where = batches.c.id == _id("b_id", batches)
    if compare:
        where = and_(
            where,
            batches.c.updated_at == bindparam("was_updated_at", type_=batches.c.updated_at.type),
            batches.c.step == bindparam("was_step", type_=batches.c.step.type),
            exists().where(
                orders.c.id == batches.c.order_id,
                orders.c.status == bindparam("was_order_status", type_=orders.c.status.type),
            ),
            *write.guards,
        )
    b = (
        update(batches)
        .where(where)
        .values(**bound(batches, BATCH_COLUMNS, "b_"))
        .returning(batches.c.id)
        .cte("b")
    )
    written = exists().select_from(b)
    s = (
        update(steps)
        .where(steps.c.id == _id("s_id", steps), written)
        .values(**bound(steps, tuple(write.step_values), "s_"))
        .cte("s")
    )
    ctes = [b, s]
    if write.next_seq is not None:
        ctes.append(_UPDATE_NEXT.where(written).cte("n"))
    for p, piece in enumerate(write.pieces):
        ctes.append(rows_insert(piece, f"p{p}", written if compare else None).cte(f"p{p}"))
    if write.finish is not None:
        ctes.extend(completion.finish_ctes(guard=written))
    stmt = select(select(func.count()).select_from(b).scalar_subquery()).add_cte(*ctes)
    _statements[key] = stmt
    return stmt


_UPDATE_BATCH = (
    update(batches)
    .where(batches.c.id == _id("b_id", batches))
    .values(**bound(batches, BATCH_COLUMNS, "b_"))
)
_step_updates: dict[tuple[str, ...], Any] = {}


def _update_step(columns: tuple[str, ...]) -> Any:
    stmt = _step_updates.get(columns)
    if stmt is None:
        stmt = _step_updates[columns] = (
            update(steps)
            .where(steps.c.id == _id("s_id", steps))
            .values(**bound(steps, columns, "s_"))
        )
    return stmt


async def write_batch(ex: Executor, write: BatchWrite) -> None:
    """Persist a locked batch's step command (see the module docstring)."""
    if ex.postgres:
        await ex.execute(_combined(write, compare=False), write.params())
        return
    params = write.params()
    await ex.execute(_UPDATE_BATCH, params)
    await ex.execute(_update_step(tuple(write.step_values)), params)
    if write.next_seq is not None:
        await ex.execute(_UPDATE_NEXT, params)
    for piece in write.pieces:
        await ex.execute(insert_of(piece.table), list(piece.rows))
    if write.finish is not None:
        await completion.count_finished(ex, write.finish)


async def write_batch_if_unchanged(
    ex: SingleStatementExecutor, write: BatchWrite, state: BatchState
) -> bool:
    """`write_batch` as one single-statement transaction, only if the batch has not changed
    since `state` was read and its order's status is the one read."""
    params = write.params()
    params.update(
        was_updated_at=state.updated_at, was_step=state.step, was_order_status=state.order_status
    )
    row = await ex.fetchrow_autocommit(_combined(write, compare=True), params, repeatable=False)
    return row is not None and row[0] == 1


# -- creating a batch --------------------------------------------------------------------------

_INSERT_BATCH = (
    insert(batches)
    .values(
        **bound(
            batches,
            (
                "order_id",
                "part_id",
                "route_revision_id",
                "line_id",
                "quantity",
                "status",
                "step",
                "good",
                "scrap",
                "notes",
                "created_by",
                "created_at",
                "updated_at",
            ),
        )
    )
    .returning(batches.c.id)
)
# Every step of the pinned route revision; the first one is ready with the batch's quantity.
_INSERT_STEPS = insert(steps).from_select(
    [
        "batch_id",
        "seq",
        "name",
        "workstation_id",
        "is_gate",
        "ideal_cycle_s",
        "status",
        "quantity_in",
    ],
    select(
        _id("batch_id", batches),
        route_steps.c.seq,
        route_steps.c.name,
        route_steps.c.workstation_id,
        route_steps.c.is_gate,
        route_steps.c.ideal_cycle_s,
        literal("pending"),
        func.nullif(
            (route_steps.c.seq == 1).cast(steps.c.seq.type)
            * bindparam("quantity", type_=steps.c.seq.type),
            0,
        ),
    )
    .where(
        route_steps.c.revision_id == bindparam("revision_id", type_=route_steps.c.revision_id.type)
    )
    .order_by(route_steps.c.seq),
)


async def insert_batch(ex: Executor, values: dict[str, Any], revision_id: int) -> int:
    """Insert a batch and its steps; returns its id."""
    batch_id = int(await ex.fetchval(_INSERT_BATCH, values))
    await ex.execute(
        _INSERT_STEPS,
        {"batch_id": batch_id, "revision_id": revision_id, "quantity": values["quantity"]},
    )
    return batch_id


_INSERT_HISTORY = insert(batch_events).values(**bound(batch_events, HISTORY_COLUMNS))


async def insert_history(ex: Executor, row: dict[str, Any]) -> None:
    await ex.execute(_INSERT_HISTORY, row)
