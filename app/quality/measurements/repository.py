"""Hot-path SQL for measurements (SQLAlchemy Core), and `verdict`: pass or fail.

A measurement is one statement on PostgreSQL (`single_statement`), or two for a caller whose
station must be checked in between: one reads the unit with the test it names (and the
test's step), one writes the measurement, the unit's `measured` history row, the inspection
quality event and the audit entry together (data-modifying CTEs). SQLite runs the writes as
separate statements. Every statement is a module-level constant (see app.db.executor).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import (
    String,
    Table,
    and_,
    bindparam,
    case,
    func,
    insert,
    literal,
    literal_column,
    or_,
    select,
    update,
)
from sqlalchemy import cast as sql_cast
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import aliased

from app.audit.recorder import AUDIT_COLUMNS, AUDIT_INSERT
from app.db.binding import bound
from app.db.executor import Executor
from app.models import (
    AuditEntry,
    Measurement,
    Order,
    RouteRevision,
    RouteStep,
    TestDefinition,
    Unit,
    UnitEvent,
    Workstation,
)
from app.quality.inspections.repository import EVENT_COLUMNS, quality_events

measurements = cast(Table, Measurement.__table__)
unit_events = cast(Table, UnitEvent.__table__)
audit_log = cast(Table, AuditEntry.__table__)


def verdict(low: Any, high: Any, lower: Any, upper: Any) -> Any:
    """Pass or fail against limits — the one definition, as SQL, evaluated where the
    measurement is written: `pass` when its smallest value `low` and largest `high` (one
    value: the same) are within the limits, inclusive; a missing limit does not bound."""
    passes = and_(or_(lower.is_(None), low >= lower), or_(upper.is_(None), high <= upper))
    return case((passes, literal("pass")), else_=literal("fail"))


# -- the measurement's context ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MeasurementContext:
    """The unit (read, not locked) and the test it names, if that test is on its route."""

    unit_id: int
    serial: str
    order_id: int
    order_number: str
    order_status: str
    status: str
    step: int
    awaiting: str | None
    workstation_id: int | None
    rework_count: int
    test_id: int | None
    test_name: str | None
    test_unit: str | None
    kind: str | None
    lower_limit: float | None
    upper_limit: float | None
    test_step: int | None
    test_workstation_id: int | None
    test_line_id: int | None


_step = aliased(RouteStep, name="ts")
_station = aliased(Workstation, name="tw")


def context_query(by_id: bool) -> Any:
    names = (
        TestDefinition.id == bindparam("test_id", type_=TestDefinition.id.type)
        if by_id
        else TestDefinition.name == bindparam("test_name", type_=TestDefinition.name.type)
    )
    return (
        select(
            Unit.id.label("unit_id"),
            Unit.serial.label("serial"),
            Unit.order_id.label("order_id"),
            Order.number.label("order_number"),
            Order.status.label("order_status"),
            Unit.status.label("status"),
            Unit.step.label("step"),
            Unit.awaiting.label("awaiting"),
            Unit.workstation_id.label("workstation_id"),
            Unit.rework_count.label("rework_count"),
            TestDefinition.id.label("test_id"),
            TestDefinition.name.label("test_name"),
            TestDefinition.unit.label("test_unit"),
            TestDefinition.kind.label("kind"),
            TestDefinition.lower_limit.label("lower_limit"),
            TestDefinition.upper_limit.label("upper_limit"),
            TestDefinition.step.label("test_step"),
            _step.workstation_id.label("test_workstation_id"),
            _station.line_id.label("test_line_id"),
        )
        .select_from(Unit)
        .join(Order, Order.id == Unit.order_id)
        .join(RouteRevision, RouteRevision.id == Unit.route_revision_id)
        .outerjoin(TestDefinition, and_(TestDefinition.route_id == RouteRevision.route_id, names))
        .outerjoin(
            _step,
            and_(_step.revision_id == Unit.route_revision_id, _step.seq == TestDefinition.step),
        )
        .outerjoin(_station, _station.id == _step.workstation_id)
        .where(Unit.serial == bindparam("serial", type_=Unit.serial.type))
    )


_CONTEXT_BY_ID = context_query(by_id=True)
_CONTEXT_BY_NAME = context_query(by_id=False)


def test_param(test: int | str) -> dict[str, Any]:
    return {"test_id": test} if isinstance(test, int) else {"test_name": test}


def context_of(row: Sequence[Any]) -> MeasurementContext:
    context = MeasurementContext(*row[:19])
    if context.test_id is not None and context.test_workstation_id is None:
        # The route has the test but this revision has no such step.
        return MeasurementContext(*row[:10], *([None] * 9))
    return context


async def measurement_context(
    ex: Executor, serial: str, test: int | str
) -> MeasurementContext | None:
    """None when the unit does not exist; `test_id` None when the test is not on its route
    (or its step is not in the unit's route revision)."""
    stmt = _CONTEXT_BY_ID if isinstance(test, int) else _CONTEXT_BY_NAME
    row = await ex.fetchrow(stmt, {"serial": serial, **test_param(test)})
    return None if row is None else context_of(row)


# -- writing a measurement ----------------------------------------------------------------

MEASUREMENT_COLUMNS = (
    "unit_id",
    "order_id",
    "test_definition_id",
    "step",
    "workstation_id",
    "rework_count",
    "value",
    "values",
    "points",
    "mean",
    "m2",
    "min_value",
    "max_value",
    "lower_limit",
    "upper_limit",
    "result",
    "source",
    "actor",
    "at",
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
    "notes",
    "actor",
    "at",
)


def param(name: str, column: Any) -> Any:
    return bindparam(name, type_=column.type)


_JUDGED = verdict(
    param("m_min_value", measurements.c.min_value),
    param("m_max_value", measurements.c.max_value),
    param("m_lower_limit", measurements.c.lower_limit),
    param("m_upper_limit", measurements.c.upper_limit),
)
_INSERT_MEASUREMENT = (
    insert(measurements)
    .values(
        **bound(measurements, [c for c in MEASUREMENT_COLUMNS if c != "result"], "m_"),
        result=_JUDGED,
    )
    .returning(measurements.c.id, measurements.c.result)
)
_INSERT_HISTORY = insert(unit_events).values(**bound(unit_events, HISTORY_COLUMNS, "h_"))
_INSERT_INSPECTION = insert(quality_events).values(**bound(quality_events, EVENT_COLUMNS, "q_"))


# The audit entry of a measurement: who recorded which measurement (its id), with what
# result and source; `after` is built in SQL, where the result is decided.
MEASUREMENT_ENTITY = "measurement"
MEASUREMENT_ACTION = "record"


def audit_insert(m: Any, after: Any, *joined: Any) -> Any:
    """INSERT of the measurement's audit entry as a data-modifying CTE (PostgreSQL)."""
    source = m
    for other in joined:
        source = source.join(other, literal(True))
    return insert(audit_log).from_select(
        list(AUDIT_COLUMNS),
        select(
            param("a_at", audit_log.c.at),
            param("m_actor", audit_log.c.actor),
            literal_column(f"'{MEASUREMENT_ENTITY}'"),
            sql_cast(m.c.id, String),
            literal_column(f"'{MEASUREMENT_ACTION}'"),
            literal(None, audit_log.c.before.type),
            after,
        ).select_from(source),
    )


def json_object(*pairs: tuple[str, Any]) -> Any:
    """jsonb_build_object over constant keys (PostgreSQL)."""
    args: list[Any] = []
    for key, value in pairs:
        args += [literal_column(f"'{key}'"), value]
    return func.jsonb_build_object(*args, type_=JSONB)


def measurement_audit(
    *, at: Any, actor: str, measurement_id: int, serial: str, test: str, result: str, source: str
) -> dict[str, Any]:
    """The same audit entry as a row (SQLite, where the statements run one by one)."""
    return {
        "at": at,
        "actor": actor,
        "entity_type": MEASUREMENT_ENTITY,
        "entity_id": str(measurement_id),
        "action": MEASUREMENT_ACTION,
        "before": None,
        "after": {"serial": serial, "test": test, "result": result, "source": source},
    }


def _combined_statement() -> Any:
    """All three writes in one PostgreSQL statement (the history row and the event take the
    measurement's id and result from its INSERT); returns the measurement's id and result."""
    m = _INSERT_MEASUREMENT.cte("m")

    def row(table: Table, columns: Sequence[str], prefix: str) -> Any:
        taken = {"result": m.c.result, "measurement_id": m.c.id}
        return select(
            *(taken.get(c, param(f"{prefix}{c}", table.c[c])).label(c) for c in columns)
        ).select_from(m)

    h = insert(unit_events).from_select(
        list(HISTORY_COLUMNS), row(unit_events, HISTORY_COLUMNS, "h_")
    )
    q = insert(quality_events).from_select(
        list(EVENT_COLUMNS), row(quality_events, EVENT_COLUMNS, "q_")
    )
    # The serial, test name and source are known here; the result only in SQL.
    after = sql_cast(param("a_after", audit_log.c.after), JSONB).op("||", return_type=JSONB)(
        json_object(("result", m.c.result))
    )
    a = audit_insert(m, after)
    return select(m.c.id, m.c.result).add_cte(h.cte("h"), q.cte("q"), a.cte("a"))


_WRITE_MEASUREMENT = _combined_statement()


def prefixed(prefix: str, row: dict[str, Any]) -> dict[str, Any]:
    return {f"{prefix}{k}": v for k, v in row.items()}


async def write_measurement(
    ex: Executor,
    measurement: dict[str, Any],
    history: dict[str, Any],
    event: dict[str, Any],
    audit: dict[str, Any],
) -> tuple[int, str]:
    """Judge the measurement against its limits (`verdict`) and insert it, its history row,
    its inspection event with that result and its audit entry (`audit`: `at`, `serial`,
    `test`); returns its id and result."""
    params = prefixed("m_", measurement)
    if ex.postgres:
        params.update(prefixed("h_", history))
        params.update(prefixed("q_", event))
        params["a_at"] = audit["at"]
        params["a_after"] = {
            "serial": audit["serial"],
            "test": audit["test"],
            "source": measurement["source"],
        }
        row = await ex.fetchrow(_WRITE_MEASUREMENT, params)
        assert row is not None
        return int(row[0]), str(row[1])
    row = await ex.fetchrow(_INSERT_MEASUREMENT, params)
    assert row is not None
    measurement_id, result = int(row[0]), str(row[1])
    await ex.execute(_INSERT_HISTORY, prefixed("h_", {**history, "result": result}))
    await ex.execute(
        _INSERT_INSPECTION,
        prefixed("q_", {**event, "result": result, "measurement_id": measurement_id}),
    )
    row_audit = measurement_audit(
        at=audit["at"],
        actor=measurement["actor"],
        measurement_id=measurement_id,
        serial=audit["serial"],
        test=audit["test"],
        result=result,
        source=measurement["source"],
    )
    await ex.execute(AUDIT_INSERT, [row_audit])
    return measurement_id, result


_MARK_FAILED_GATE = (
    update(measurements)
    .where(measurements.c.id == bindparam("measurement_id", type_=measurements.c.id.type))
    .values(failed_gate=True)
)


async def mark_failed_gate(ex: Executor, measurement_id: int) -> None:
    """Record that the measurement failed its unit's gate (in the measurement's transaction,
    on the rare path where it did)."""
    await ex.execute(_MARK_FAILED_GATE, {"measurement_id": measurement_id})
