"""The whole measurement in one PostgreSQL statement: the hot path of machine ingest.

One statement reads the unit and the test it names, judges the value(s) and writes the
measurement, its `measured` history row, its inspection quality event and its audit entry
(data-modifying CTEs) — one round trip. A refusal comes back in the same row with the
context that explains it.

Where the command may commit by itself (`Command.single_statement()`), the statement is its
own transaction — no BEGIN and COMMIT round trips — but then it writes only a measurement
that needs nothing else: a failing one at the gate the unit waits at (which fails the gate),
or one an alert rule could fire on, is `deferred` — nothing is written, and the caller runs
the command again in a transaction with the follow-ups.

The pieces (columns, context query, audit entry) are shared with
`app.quality.measurements.repository`, which has the two-statement and SQLite forms.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import and_, bindparam, case, insert, literal, not_, null, or_, select

from app.db.command import SingleStatementExecutor
from app.db.executor import Executor
from app.models import Awaiting, TestDefinition
from app.quality.alerts.rules import may_fire
from app.quality.inspections.repository import EVENT_COLUMNS, quality_events
from app.quality.measurements.repository import (
    HISTORY_COLUMNS,
    MEASUREMENT_COLUMNS,
    MeasurementContext,
    audit_insert,
    context_of,
    context_query,
    json_object,
    measurements,
    param,
    prefixed,
    test_param,
    unit_events,
    verdict,
)

_RUNNING = "running"
_IN_PROGRESS = "in_progress"
_AT_GATE = Awaiting.GATE_DECISION.value


def _one_statement(by_id: bool, *, alone: bool) -> Any:
    """Read the unit and its test, judge the value(s) and write the measurement, its history
    row and its inspection event — when the test fits and the unit may be measured (and,
    `alone`, when it needs no follow-up); return the context either way (with the new
    measurement's id and result, or NULLs, and whether it was deferred), so a refusal costs no
    second round trip to explain."""
    c = context_query(by_id).cte("c")
    m_ = measurements.c
    fits = and_(
        c.c.test_id.is_not(None),
        c.c.test_workstation_id.is_not(None),
        c.c.kind == bindparam("kind", type_=TestDefinition.kind.type),
        c.c.status == _IN_PROGRESS,
        c.c.order_status == _RUNNING,
    )
    deferred: Any = literal(False)
    if alone:
        judged = verdict(
            param("m_min_value", m_.min_value),
            param("m_max_value", m_.max_value),
            c.c.lower_limit,
            c.c.upper_limit,
        )
        follows_up = and_(
            judged == "fail",
            or_(
                and_(c.c.awaiting == _AT_GATE, c.c.step == c.c.test_step),
                may_fire(c.c.test_workstation_id, null(), failed_inspection=True),
            ),
        )
        deferred = and_(fits, follows_up)
        fits = and_(fits, not_(follows_up))
    m = (
        insert(measurements)
        .from_select(
            list(MEASUREMENT_COLUMNS),
            select(
                c.c.unit_id,
                c.c.order_id,
                c.c.test_id,
                c.c.test_step,
                c.c.test_workstation_id,
                c.c.rework_count,
                *(
                    param(f"m_{name}", m_[name])
                    for name in ("value", "values", "points", "mean", "m2")
                ),
                param("m_min_value", m_.min_value),
                param("m_max_value", m_.max_value),
                c.c.lower_limit,
                c.c.upper_limit,
                verdict(
                    param("m_min_value", m_.min_value),
                    param("m_max_value", m_.max_value),
                    c.c.lower_limit,
                    c.c.upper_limit,
                ),
                *(param(f"m_{name}", m_[name]) for name in ("source", "actor", "at")),
            ).where(fits),
        )
        .returning(m_.id, m_.result)
        .cte("m")
    )
    h_ = unit_events.c
    shown = param("shown", h_.notes)
    unit_suffix = case(
        (param("m_value", m_.value).is_not(None), literal(" ") + c.c.test_unit), else_=literal("")
    )
    h = insert(unit_events).from_select(
        list(HISTORY_COLUMNS),
        select(
            c.c.unit_id,
            c.c.order_id,
            literal("measured"),
            c.c.step,
            c.c.step,
            c.c.workstation_id,
            c.c.workstation_id,
            m.c.result,
            c.c.test_name + literal(": ") + shown + unit_suffix,
            param("m_actor", h_.actor),
            param("m_at", h_.at),
        ).select_from(m.join(c, literal(True))),
    )
    q = insert(quality_events).from_select(
        list(EVENT_COLUMNS),
        select(
            literal("inspection"),
            m.c.result,
            c.c.unit_id,
            literal(None, quality_events.c.batch_id.type),
            literal(1, quality_events.c.quantity.type),
            c.c.order_id,
            c.c.test_step,
            c.c.test_workstation_id,
            literal(None, quality_events.c.defect_code_id.type),
            m.c.id,
            literal(None, quality_events.c.notes.type),
            param("m_actor", quality_events.c.actor),
            param("m_at", quality_events.c.at),
        ).select_from(m.join(c, literal(True))),
    )
    after = json_object(
        ("serial", c.c.serial),
        ("test", c.c.test_name),
        ("result", m.c.result),
        ("source", param("m_source", m_.source)),
    )
    a = audit_insert(m, after, c)
    return (
        select(*c.c, m.c.id, m.c.result, deferred)
        .select_from(c.outerjoin(m, literal(True)))
        .add_cte(h.cte("h"), q.cte("q"), a.cte("a"))
    )


_STATEMENTS = {
    (by_id, alone): _one_statement(by_id, alone=alone)
    for by_id in (True, False)
    for alone in (True, False)
}


@dataclass(frozen=True, slots=True)
class Measured:
    """What the one statement did: the context it judged on, and the new measurement's id
    and result (None: refused — the context says why — or `deferred`)."""

    context: MeasurementContext
    id: int | None
    result: str | None
    deferred: bool


async def measure_in_one(
    ex: Executor | SingleStatementExecutor,
    *,
    alone: bool,
    serial: str,
    test: int | str,
    kind: str,
    measurement: dict[str, Any],
    shown: str,
    audit_at: datetime,
) -> Measured | None:
    """PostgreSQL: the whole measurement in one round trip (see `_one_statement`); `alone`,
    as a transaction of its own (`ex` from `Command.single_statement()`). None when the unit
    does not exist."""
    stmt = _STATEMENTS[isinstance(test, int), alone]
    params = {"serial": serial, "kind": kind, "shown": shown, "a_at": audit_at, **test_param(test)}
    params.update(prefixed("m_", measurement))
    if alone:
        # A write: not repeated on a fresh connection if the first one is lost mid-way.
        row = await cast(SingleStatementExecutor, ex).fetchrow_autocommit(
            stmt, params, repeatable=False
        )
    else:
        row = await ex.fetchrow(stmt, params)
    if row is None:
        return None
    measurement_id, result, deferred = row[19], row[20], row[21]
    return Measured(
        context_of(row),
        None if measurement_id is None else int(measurement_id),
        result,
        bool(deferred),
    )
