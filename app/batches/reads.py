"""Reading a batch at a step for a command: one statement with everything the rules and
hooks need (the batch step commands' counterpart of `app.transitions.reads`).

The batch row and the named step's row are read (locked with `FOR UPDATE` on the locked
path: both rows, so that after waiting for a concurrent command PostgreSQL re-reads the
newest version of each) in a materialized CTE; the order, part, workstation, the route's
last step, the defect code the command names and the hooks' columns are joined to it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Select, Table, and_, bindparam, null, select, true

from app.batches.views import STEP_FIELDS, steps_from_json
from app.db.command import SingleStatementExecutor
from app.db.dialect import json_rows
from app.db.executor import Executor
from app.models import Batch, BatchStep, DefectCode, Order, Workstation
from app.transitions.hooks import HookSet, ReadScope, Seen
from app.transitions.state import Action, BatchState

batches = cast(Table, Batch.__table__)
steps = cast(Table, BatchStep.__table__)
_steps_all = steps.alias("all_steps")
_codes = cast(Table, DefectCode.__table__).alias("codes")
# Every step of the batch as the answer shows it (`views.STEP_FIELDS`).
_STEP_VALUES = tuple(
    _codes.c.code if name == "defect_code" else _steps_all.c[name] for name in STEP_FIELDS
)
# The state's columns as read: all but `last_seq`, which comes from the steps.
_STATE_WIDTH = len(fields(BatchState)) - 1


@dataclass(frozen=True, slots=True)
class BatchRead:
    """What a batch command read: the batch at the step, its lookups, its hooks' columns."""

    state: BatchState
    # What the command's answer needs besides: the batch's creation and its steps as read
    # (dicts of `app.batches.views.STEP_FIELDS`, in order).
    created_at: datetime
    created_by: str
    notes: str | None
    steps: list[dict[str, Any]]
    # The id of the defect code the command named (None: none named, or no such code).
    defect_code_id: int | None
    seen: Seen


def _statement(action: Action, found: HookSet, *, lock: bool) -> tuple[Select[Any], Any]:
    row = (
        select(
            batches.c.id,
            batches.c.order_id,
            batches.c.route_revision_id,
            batches.c.line_id,
            batches.c.quantity,
            batches.c.status,
            batches.c.step,
            batches.c.good,
            batches.c.scrap,
            batches.c.updated_at,
            batches.c.created_at,
            batches.c.created_by,
            batches.c.notes,
            steps.c.id.label("step_id"),
            steps.c.seq,
            steps.c.name.label("step_name"),
            steps.c.status.label("step_status"),
            steps.c.workstation_id,
            steps.c.is_gate,
            steps.c.ideal_cycle_s,
            steps.c.quantity_in,
            steps.c.started_at,
        )
        .select_from(
            batches.join(
                steps,
                and_(
                    steps.c.batch_id == batches.c.id,
                    steps.c.seq == bindparam("seq", type_=steps.c.seq.type),
                ),
            )
        )
        .where(batches.c.id == bindparam("batch_id", type_=batches.c.id.type))
    )
    if lock:
        row = row.with_for_update()
    b = row.cte("b").prefix_with("MATERIALIZED")
    all_steps = (
        select(json_rows(*_STEP_VALUES))
        .select_from(_steps_all.outerjoin(_codes, _codes.c.id == _steps_all.c.defect_code_id))
        .where(_steps_all.c.batch_id == b.c.id)
        .correlate(b)
        .scalar_subquery()
    )
    stmt = (
        select(
            b.c.id,
            b.c.order_id,
            Order.number,
            Order.status,
            b.c.route_revision_id,
            b.c.line_id,
            b.c.quantity,
            b.c.status,
            b.c.step,
            b.c.good,
            b.c.scrap,
            b.c.updated_at,
            b.c.step_id,
            b.c.seq,
            b.c.step_name,
            b.c.step_status,
            b.c.workstation_id,
            Workstation.code,
            Workstation.line_id,
            b.c.is_gate,
            b.c.ideal_cycle_s,
            b.c.quantity_in,
            b.c.started_at,
            b.c.created_at,
            b.c.created_by,
            b.c.notes,
            all_steps,
        )
        .select_from(b)
        .join(Order, Order.id == b.c.order_id)
        .join(Workstation, Workstation.id == b.c.workstation_id)
    )
    defect: Any = null()
    extra: list[Any] = []
    if action is Action.BATCH_COMPLETE:
        code = bindparam("defect_code", type_=DefectCode.code.type)
        d = select(
            select(DefectCode.id).where(DefectCode.code == code).scalar_subquery().label("id")
        ).cte("d")
        defect = d.c.id
        extra.append(defect)
        stmt = stmt.join(d, true())
    scope = ReadScope(action, None, defect, batch=b)
    layout = []
    for name, read in found.reads:
        columns = list(read(scope))
        layout.append((name, len(columns)))
        extra += columns
    return stmt.add_columns(*extra), tuple(layout)


def _prepared(action: Action, found: HookSet, lock: bool) -> tuple[Select[Any], Any]:
    key = ("batch", action, lock)
    made = found.statements.get(key)
    if made is None:
        made = found.statements[key] = _statement(action, found, lock=lock)
    return made


def _parse(action: Action, row: Any, layout: Any) -> BatchRead:
    created_at, created_by, notes, steps_json = row[_STATE_WIDTH : _STATE_WIDTH + 4]
    steps = steps_from_json(steps_json)
    values: tuple[Any, ...] = (*row[:_STATE_WIDTH], steps[-1]["seq"])  # last_seq
    state = BatchState(*values)
    at = _STATE_WIDTH + 4
    defect_code_id = None
    if action is Action.BATCH_COMPLETE:
        defect_code_id = row[at]
        at += 1
    seen = {}
    for name, width in layout:
        seen[name] = tuple(row[at : at + width])
        at += width
    return BatchRead(state, created_at, created_by, notes, steps, defect_code_id, seen)


def params(batch_id: int, seq: int, defect_code: str | None = None) -> dict[str, Any]:
    """The read's parameters."""
    return {"batch_id": batch_id, "seq": seq, "defect_code": defect_code}


async def read_locked(
    ex: Executor, action: Action, found: HookSet, values: Mapping[str, Any]
) -> BatchRead | None:
    """The batch at the step `values` names (see `params`), locked until commit (SQLite's
    write lock is already held). None: no such batch, or no such step."""
    stmt, layout = _prepared(action, found, True)
    row = await ex.fetchrow(stmt, values)
    return _parse(action, row, layout) if row else None


async def read_alone(
    ex: SingleStatementExecutor, action: Action, found: HookSet, values: Mapping[str, Any]
) -> BatchRead | None:
    """The same, as committed now, in a single-statement transaction (no lock)."""
    stmt, layout = _prepared(action, found, False)
    row = await ex.fetchrow_autocommit(stmt, values)
    return _parse(action, row, layout) if row else None


_NO_HOOKS = HookSet()


async def read_back(ex: Executor, batch_id: int) -> BatchRead | None:
    """The batch (at its first step) as this transaction sees it, without hooks or lock."""
    stmt, layout = _prepared(Action.BATCH_START, _NO_HOOKS, False)
    row = await ex.fetchrow(stmt, params(batch_id, 1))
    return _parse(Action.BATCH_START, row, layout) if row else None
