"""Reading a unit for a command: one statement with everything the rules and hooks need.

One SELECT reads the unit (locked with `FOR UPDATE` on the locked path) with its order, part,
current and next route step, and — depending on the action — the defect code the command
names, the step a rework goes back to, and the columns the action's hooks read
(`TransitionHook.read`). The statement is built once per action and hook set, and compiled
once by the executor.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import Select, and_, bindparam, func, null, select, true
from sqlalchemy.orm import aliased

from app.db.command import SingleStatementExecutor
from app.db.executor import Executor
from app.models import DefectCode, Order, Part, RouteStep, Unit, Workstation
from app.transitions.hooks import HookSet, ReadScope, Seen
from app.transitions.state import Action, StepInfo, UnitState

_cur = aliased(RouteStep, name="cur")
_nxt = aliased(RouteStep, name="nxt")
_tgt = aliased(RouteStep, name="tgt")
_cws = aliased(Workstation, name="cws")
_nws = aliased(Workstation, name="nws")
_tws = aliased(Workstation, name="tws")

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
_STATE_WIDTH = len(fields(UnitState))

# The actions whose command may name a defect code, and the one that names a target step.
_WITH_DEFECT = frozenset({Action.GATE_PASS, Action.GATE_FAIL, Action.REWORK, Action.SCRAP})


@dataclass(frozen=True, slots=True)
class UnitRead:
    """What a command read: the unit, its command's lookups, and what its hooks read."""

    state: UnitState
    # The id of the defect code the command named (None: none named, or no such code).
    defect_code_id: int | None
    # The step a rework goes back to (None: no such step on the route).
    target: StepInfo | None
    seen: Seen


def _statement(action: Action, found: HookSet, *, lock: bool) -> tuple[Select[Any], Any]:
    """The read of `action` with `found`'s hook columns, and how to split its row.

    The unit row is read (and locked) in a materialized CTE and everything else is joined to
    that row. Joining directly under `FOR UPDATE` would be wrong on PostgreSQL: after waiting
    for the lock only the locked row is re-read, the joined rows (the next step) would still
    belong to the unit's old step.
    """
    unit = select(*_UNIT_COLUMNS).where(Unit.serial == bindparam("serial"))
    if lock:
        unit = unit.with_for_update()
    u = unit.cte("u").prefix_with("MATERIALIZED")
    defect: Any = null()
    extra: list[Any] = []
    if action in _WITH_DEFECT:
        # Looked up once, in a one-row CTE, however many hooks refer to it.
        code = bindparam("defect_code", type_=DefectCode.code.type)
        d = select(
            select(DefectCode.id).where(DefectCode.code == code).scalar_subquery().label("id")
        ).cte("d")
        defect = d.c.id
        extra.append(defect)
    stmt = (
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
    if action in _WITH_DEFECT:
        stmt = stmt.join(d, true())
    if action is Action.REWORK:
        to_step = bindparam("to_step", type_=RouteStep.seq.type)
        stmt = stmt.outerjoin(
            _tgt, and_(_tgt.revision_id == u.c.route_revision_id, _tgt.seq == to_step)
        ).outerjoin(_tws, _tws.id == _tgt.workstation_id)
        extra += [_tgt.seq, _tgt.workstation_id, _tws.code, _tws.line_id, _tgt.is_gate]
    scope = ReadScope(action, u, defect)
    layout = []
    for name, read in found.reads:
        columns = list(read(scope))
        layout.append((name, len(columns)))
        extra += columns
    return stmt.add_columns(*extra), tuple(layout)


def _prepared(action: Action, found: HookSet, lock: bool) -> tuple[Select[Any], Any]:
    key = (action, lock)
    made = found.statements.get(key)
    if made is None:
        made = found.statements[key] = _statement(action, found, lock=lock)
    return made


def _parse(action: Action, row: Any, layout: Any) -> UnitRead:
    state = UnitState(*row[:_STATE_WIDTH])
    at = _STATE_WIDTH
    defect_code_id = None
    if action in _WITH_DEFECT:
        defect_code_id = row[at]
        at += 1
    target = None
    if action is Action.REWORK:
        if row[at] is not None:
            target = StepInfo(*row[at : at + 5])
        at += 5
    seen = {}
    for name, width in layout:
        seen[name] = tuple(row[at : at + width])
        at += width
    return UnitRead(state, defect_code_id, target, seen)


def params(serial: str, defect_code: str | None = None, to_step: int | None = None) -> Any:
    """The read's parameters."""
    return {"serial": serial, "defect_code": defect_code, "to_step": to_step}


async def read(
    ex: Executor, action: Action, found: HookSet, values: Mapping[str, Any], *, lock: bool
) -> UnitRead | None:
    """The unit named in `values` (see `params`) as `action` reads it; with `lock`, locked
    until commit (`FOR UPDATE`; SQLite's write lock is already held). None: no such unit."""
    stmt, layout = _prepared(action, found, lock)
    row = await ex.fetchrow(stmt, values)
    return _parse(action, row, layout) if row else None


async def read_alone(
    ex: SingleStatementExecutor, action: Action, found: HookSet, values: Mapping[str, Any]
) -> UnitRead | None:
    """`read` as committed now, in a single-statement transaction (no lock)."""
    stmt, layout = _prepared(action, found, False)
    row = await ex.fetchrow_autocommit(stmt, values)
    return _parse(action, row, layout) if row else None


_NO_HOOKS = HookSet()


async def read_unit(ex: Executor, serial: str) -> UnitState | None:
    """The unit and its context, as a move reads it (no hooks, no lock)."""
    found = await read(ex, Action.MOVE, _NO_HOOKS, params(serial), lock=False)
    return found.state if found else None
