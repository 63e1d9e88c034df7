"""Alert rules, evaluated on each quality event inside the command that logs it.

Only events that can make a rule true cost anything: a yield can only drop below a threshold
on a failed inspection or a batch's scrap, and a defect can only repeat when the event
carries a defect code.

Batches count by their items (docs/analytics-batches.md): `yield_below` looks at the last N
items at the workstation — units (good when none of their recent inspections there failed)
and the items of batch steps completed there (`good` good, `scrap` bad), newest first, whole
units and batch steps until at least N items; `defect_repeat` counts distinct units plus the
`quantity` of each event about no unit (a batch's scrap of 12 is 12 occurrences).
A firing rule writes an `alerts` row and an `alert` row in the outbox (`outbox_events`,
no unit fields, the alert as `payload`), which the WebSocket forwards after commit. At most
one alert per rule and scope (workstation or defect code) is open at a time: the partial
unique index `ix_alerts_open` decides, so concurrent commands cannot both fire it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import (
    Integer,
    Table,
    and_,
    bindparam,
    case,
    distinct,
    exists,
    func,
    literal,
    or_,
    select,
    text,
    union_all,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.audit.recorder import jsonable
from app.db.binding import bound
from app.db.executor import Executor
from app.models import (
    Alert,
    AlertKind,
    AlertRule,
    BatchStep,
    DefectCode,
    QualityEvent,
    QualityEventType,
    Workstation,
)
from app.outbox import repository as outbox
from app.quality import batch_steps
from app.quality.events import ALERT_EVENT

# A yield rule looks for its last N units among the workstation's latest N * this many
# inspection results (a unit usually has one result per test plus the gate decision there).
RESULTS_PER_UNIT = 25

alerts = cast(Table, Alert.__table__)
_QE = QualityEvent

_INSPECTION = QualityEventType.INSPECTION.value
_SCRAP = QualityEventType.SCRAP.value
_YIELD = AlertKind.YIELD_BELOW.value
_DEFECT = AlertKind.DEFECT_REPEAT.value


@dataclass(frozen=True, slots=True)
class Rule:
    id: int
    name: str
    kind: str
    workstation_id: int | None
    defect_code_id: int | None
    threshold_pct: float | None
    window_units: int | None
    occurrences: int | None
    window_minutes: int | None


def _could_fire(workstation_id: Any, defect_code_id: Any, failed_inspection: Any) -> Any:
    """An enabled rule that a quality event with these fields could make true."""
    return and_(
        AlertRule.enabled,
        or_(AlertRule.workstation_id.is_(None), AlertRule.workstation_id == workstation_id),
        or_(
            and_(AlertRule.kind == _YIELD, failed_inspection, workstation_id.is_not(None)),
            and_(
                AlertRule.kind == _DEFECT,
                defect_code_id.is_not(None),
                or_(AlertRule.defect_code_id.is_(None), AlertRule.defect_code_id == defect_code_id),
            ),
        ),
    )


def may_fire(workstation_id: Any, defect_code_id: Any, *, failed_inspection: bool) -> Any:
    """Whether some rule could fire on such a quality event, as a SQL expression (for the
    read of a unit transition: `evaluate` then runs only when it is true). For a batch step
    completion, `failed_inspection` is whether it scraps anything (`is_failure`)."""
    return exists().where(_could_fire(workstation_id, defect_code_id, literal(failed_inspection)))


# The next enabled rule (after `after_id`) that this event could make true. Rules are few
# and this runs only for failed inspections and defects: one short query per rule.
_NEXT_RULE = (
    select(
        AlertRule.id,
        AlertRule.name,
        AlertRule.kind,
        AlertRule.workstation_id,
        AlertRule.defect_code_id,
        AlertRule.threshold_pct,
        AlertRule.window_units,
        AlertRule.occurrences,
        AlertRule.window_minutes,
    )
    .where(
        AlertRule.id > bindparam("after_id", type_=AlertRule.id.type),
        _could_fire(
            bindparam("workstation_id", type_=AlertRule.workstation_id.type),
            bindparam("defect_code_id", type_=AlertRule.defect_code_id.type),
            bindparam("failed_inspection", type_=AlertRule.enabled.type),
        ),
    )
    .order_by(AlertRule.id)
    .limit(1)
)

_recent = (
    select(_QE.unit_id, _QE.id, _QE.result, _QE.at)
    .where(
        _QE.workstation_id == bindparam("workstation_id", type_=_QE.workstation_id.type),
        _QE.type == _INSPECTION,
        _QE.unit_id.is_not(None),
    )
    .order_by(_QE.id.desc())
    .limit(bindparam("scan", type_=AlertRule.window_units.type))
    .subquery("recent")
)
_window = bindparam("units", type_=AlertRule.window_units.type)
# Per unit: failed if any of its recent inspections there failed ('fail' < 'pass').
_per_unit = (
    select(
        func.max(_recent.c.id).label("last_id"),
        func.max(_recent.c.at).label("last_at"),
        func.min(_recent.c.result).label("result"),
    )
    .group_by(_recent.c.unit_id)
    .order_by(func.max(_recent.c.id).desc())
    .limit(_window)
    .subquery("per_unit")
)
# Batch steps completed there: each reports `good` and `scrap` for every item it processed
# (`ix_batch_steps_done_workstation`), unless its order's end closed it (`batch_steps`).
_steps = (
    select(BatchStep.id, BatchStep.completed_at, BatchStep.good, BatchStep.scrap)
    .where(
        BatchStep.workstation_id
        == bindparam("workstation_id", type_=BatchStep.workstation_id.type),
        batch_steps.DONE,
        batch_steps.judged(),
    )
    .order_by(BatchStep.completed_at.desc(), BatchStep.id.desc())
    .limit(_window)  # each has at least one item
    .subquery("steps")
)
_UNIT, _BATCH = 0, 1
_items = union_all(
    select(
        _per_unit.c.last_at.label("at"),
        literal(_UNIT, Integer).label("source"),
        _per_unit.c.last_id.label("id"),
        case((_per_unit.c.result == "pass", 1), else_=0).label("good"),
        literal(1, Integer).label("n"),
    ),
    select(
        _steps.c.completed_at,
        literal(_BATCH, Integer),
        _steps.c.id,
        _steps.c.good,
        _steps.c.good + _steps.c.scrap,
    ),
).subquery("items")
# Newest first, whole units and batch steps until the window is full: items counted before.
_ranked = select(
    _items.c.source,
    _items.c.good,
    _items.c.n,
    (
        func.sum(_items.c.n).over(
            order_by=(_items.c.at.desc(), _items.c.source, _items.c.id.desc()), rows=(None, 0)
        )
        - _items.c.n
    ).label("before"),
).subquery("ranked")
_YIELD_OF_LAST_ITEMS = select(
    func.coalesce(func.sum(_ranked.c.n), 0),
    func.coalesce(func.sum(_ranked.c.good), 0),
    func.coalesce(func.sum(case((_ranked.c.source == _BATCH, _ranked.c.n), else_=0)), 0),
).where(_ranked.c.before < _window)

_scope_ws = bindparam("scope_workstation_id", type_=_QE.workstation_id.type)
# Occurrences: distinct units, plus the items of each event about no unit (an observation
# counts 1, a batch's scrap its quantity).
_DEFECT_OCCURRENCES = select(
    func.count(distinct(_QE.unit_id))
    + func.coalesce(func.sum(case((_QE.unit_id.is_(None), _QE.quantity), else_=0)), 0)
).where(
    _QE.defect_code_id == bindparam("defect_code_id", type_=_QE.defect_code_id.type),
    _QE.at > bindparam("since", type_=_QE.at.type),
    _QE.at <= bindparam("until", type_=_QE.at.type),
    or_(_scope_ws.is_(None), _QE.workstation_id == _scope_ws),
)

_station = Workstation.id == bindparam("workstation_id", type_=Workstation.id.type)
_NAMES = select(
    select(Workstation.code).where(_station).scalar_subquery(),
    select(Workstation.line_id).where(_station).scalar_subquery(),
    select(DefectCode.code)
    .where(DefectCode.id == bindparam("defect_code_id", type_=DefectCode.id.type))
    .scalar_subquery(),
)

ALERT_COLUMNS = (
    "rule_id",
    "kind",
    "scope",
    "workstation_id",
    "defect_code_id",
    "message",
    "value",
    "details",
    "at",
)
_OPEN = text("acknowledged_at IS NULL")
_INSERT_ALERT_PG = (
    pg_insert(alerts)
    .values(**bound(alerts, ALERT_COLUMNS))
    .on_conflict_do_nothing(index_elements=["rule_id", "scope"], index_where=_OPEN)
    .returning(alerts.c.id)
)
_INSERT_ALERT_SQLITE = (
    sqlite_insert(alerts)
    .values(**bound(alerts, ALERT_COLUMNS))
    .on_conflict_do_nothing(index_elements=["rule_id", "scope"], index_where=_OPEN)
    .returning(alerts.c.id)
)


def is_failure(event: dict[str, Any]) -> bool:
    """Whether a quality event can lower a yield: a failed inspection, or a batch's scrap
    (the items a batch step completion reports bad)."""
    if event["type"] == _INSPECTION:
        return bool(event["result"] == "fail")
    return event["type"] == _SCRAP and event.get("batch_id") is not None


async def evaluate(ex: Executor, event: dict[str, Any]) -> None:
    """Check the rules this quality event could make true; fire those that are."""
    failed_inspection = is_failure(event)
    workstation_id = event["workstation_id"]
    defect_code_id = event["defect_code_id"]
    if not ((failed_inspection and workstation_id is not None) or defect_code_id is not None):
        return
    params = {
        "workstation_id": workstation_id,
        "defect_code_id": defect_code_id,
        "failed_inspection": failed_inspection,
        "after_id": 0,
    }
    while (row := await ex.fetchrow(_NEXT_RULE, params)) is not None:
        rule = Rule(*row)
        params["after_id"] = rule.id
        if rule.kind == _YIELD:
            await _check_yield(ex, rule, workstation_id, event["at"])
        else:
            await _check_defects(ex, rule, defect_code_id, workstation_id, event["at"])


async def _check_yield(ex: Executor, rule: Rule, workstation_id: int, at: datetime) -> None:
    assert rule.window_units is not None and rule.threshold_pct is not None
    row = await ex.fetchrow(
        _YIELD_OF_LAST_ITEMS,
        {
            "workstation_id": workstation_id,
            "scan": rule.window_units * RESULTS_PER_UNIT,
            "units": rule.window_units,
        },
    )
    assert row is not None
    items, good, in_batches = int(row[0]), int(row[1]), int(row[2])
    if items < rule.window_units:
        return  # not enough history yet
    pct = 100.0 * good / items
    if pct >= rule.threshold_pct:
        return
    names = await _names(ex, workstation_id, None)
    what = f"{items} units" if not in_batches else f"{items} items ({in_batches} in batches)"
    await _fire(
        ex,
        rule,
        names,
        scope=f"ws:{workstation_id}",
        workstation_id=workstation_id,
        defect_code_id=None,
        value=pct,
        message=f"yield at {names.workstation} is {pct:.1f}% over the last {what} "
        f"(below {rule.threshold_pct:g}%)",
        # `units` counts items; `batch_items` says how many of them came from batches.
        details={"units": items, "passed": good, "threshold_pct": rule.threshold_pct}
        | ({"batch_items": in_batches} if in_batches else {}),
        at=at,
    )


async def _check_defects(
    ex: Executor, rule: Rule, defect_code_id: int, workstation_id: int | None, at: datetime
) -> None:
    assert rule.occurrences is not None and rule.window_minutes is not None
    count = int(
        await ex.fetchval(
            _DEFECT_OCCURRENCES,
            {
                "defect_code_id": defect_code_id,
                "since": at - timedelta(minutes=rule.window_minutes),
                "until": at,
                "scope_workstation_id": rule.workstation_id,
            },
        )
        or 0
    )
    if count < rule.occurrences:
        return
    names = await _names(ex, rule.workstation_id, defect_code_id)
    where = f" at {names.workstation}" if names.workstation else ""
    await _fire(
        ex,
        rule,
        names,
        scope=f"dc:{defect_code_id}",
        workstation_id=rule.workstation_id,
        defect_code_id=defect_code_id,
        value=float(count),
        message=f"defect {names.defect_code} recorded {count} times "
        f"in {rule.window_minutes} min{where}",
        details={"occurrences": count, "window_minutes": rule.window_minutes},
        at=at,
    )


@dataclass(frozen=True, slots=True)
class _Names:
    workstation: str | None
    line_id: int | None
    defect_code: str | None


async def _names(ex: Executor, workstation_id: int | None, defect_code_id: int | None) -> _Names:
    row = await ex.fetchrow(
        _NAMES, {"workstation_id": workstation_id, "defect_code_id": defect_code_id}
    )
    assert row is not None
    return _Names(*row)


async def _fire(
    ex: Executor,
    rule: Rule,
    names: _Names,
    *,
    scope: str,
    workstation_id: int | None,
    defect_code_id: int | None,
    value: float,
    message: str,
    details: dict[str, Any],
    at: datetime,
) -> None:
    alert = {
        "rule_id": rule.id,
        "kind": rule.kind,
        "scope": scope,
        "workstation_id": workstation_id,
        "defect_code_id": defect_code_id,
        "message": message[:500],
        "value": value,
        "details": details,
        "at": at,
    }
    stmt = _INSERT_ALERT_PG if ex.postgres else _INSERT_ALERT_SQLITE
    alert_id = await ex.fetchval(stmt, alert)
    if alert_id is None:
        return  # this rule already has an open alert for this scope
    payload = jsonable(
        {
            "id": int(alert_id),
            "rule_id": rule.id,
            "rule": rule.name,
            "kind": rule.kind,
            "message": alert["message"],
            "workstation_id": workstation_id,
            "defect_code_id": defect_code_id,
            "defect_code": names.defect_code,
            "line_id": names.line_id,
            "value": value,
            "details": details,
            "at": at,
        }
    )
    # No unit fields: WIP counters skip it. `line_id` lets line-filtered boards get it.
    await outbox.append(ex, ALERT_EVENT, payload=payload, line_id=names.line_id, at=at)
