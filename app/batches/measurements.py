"""Sample measurements of a batch: judged against the test's limits like a unit's, stored
against the batch (`measurements.batch_id`), logged as an inspection quality event and in the
batch's history. A gate step of the batch completes only when each of its tests' latest sample
measurement passed (`app.quality.gates`, through the transition hooks)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, and_, bindparam, insert, select
from sqlalchemy.orm import aliased

from app.audit.recorder import audit_row
from app.auth.principal import Principal
from app.batches import repository as repo
from app.batches.errors import BatchFinished
from app.batches.schemas import BatchMeasurementOut
from app.db.binding import bound
from app.db.command import Command
from app.db.executor import Executor
from app.kit.errors import NotFound
from app.kit.time import utcnow
from app.models import (
    Batch,
    BatchEventType,
    BatchStatus,
    Measurement,
    Order,
    OrderStatus,
    RouteRevision,
    RouteStep,
    TestDefinition,
    ValueKind,
    Workstation,
)
from app.quality.alerts import rules as alert_rules
from app.quality.errors import TestNotOnRoute, WrongValueKind
from app.quality.inspections import repository as quality_repo
from app.quality.measurements import repository as measurement_repo
from app.quality.measurements.service import (
    check_source,
    measured_at,
    require_trusted_origin,
    summarize,
)
from app.transitions.errors import OrderNotRunnable

measurements = cast(Table, Measurement.__table__)
_step = aliased(RouteStep, name="test_step")
_station = aliased(Workstation, name="test_station")

# A unit's measurement columns, with the batch in place of the unit.
MEASUREMENT_COLUMNS = tuple(
    "batch_id" if c == "unit_id" else c for c in measurement_repo.MEASUREMENT_COLUMNS
)
_INSERT = (
    insert(measurements)
    .values(**bound(measurements, MEASUREMENT_COLUMNS))
    .returning(measurements.c.id)
)


def _context(by_id: bool) -> Any:
    names = (
        TestDefinition.id == bindparam("test_id", type_=TestDefinition.id.type)
        if by_id
        else TestDefinition.name == bindparam("test_name", type_=TestDefinition.name.type)
    )
    return (
        select(
            Batch.id,
            Batch.status,
            Batch.order_id,
            Order.number,
            Order.status,
            TestDefinition.id,
            TestDefinition.name,
            TestDefinition.unit,
            TestDefinition.kind,
            TestDefinition.lower_limit,
            TestDefinition.upper_limit,
            TestDefinition.step,
            _step.workstation_id,
            _station.line_id,
        )
        .select_from(Batch)
        .join(Order, Order.id == Batch.order_id)
        .join(RouteRevision, RouteRevision.id == Batch.route_revision_id)
        .outerjoin(TestDefinition, and_(TestDefinition.route_id == RouteRevision.route_id, names))
        .outerjoin(
            _step,
            and_(_step.revision_id == Batch.route_revision_id, _step.seq == TestDefinition.step),
        )
        .outerjoin(_station, _station.id == _step.workstation_id)
        .where(Batch.id == bindparam("batch_id", type_=Batch.id.type))
    )


_BY_ID = _context(True)
_BY_NAME = _context(False)


@dataclass(frozen=True, slots=True)
class _Context:
    batch_id: int
    status: str
    order_id: int
    order_number: str
    order_status: str
    test_id: int | None
    test_name: str | None
    test_unit: str | None
    kind: str | None
    lower_limit: float | None
    upper_limit: float | None
    test_step: int | None
    workstation_id: int | None
    line_id: int | None


async def _read(ex: Executor, batch_id: int, test: int | str) -> _Context | None:
    if isinstance(test, int):
        row = await ex.fetchrow(_BY_ID, {"batch_id": batch_id, "test_id": test})
    else:
        row = await ex.fetchrow(_BY_NAME, {"batch_id": batch_id, "test_name": test})
    return _Context(*row) if row else None


def _within(low: float, high: float, lower: float | None, upper: float | None) -> bool:
    return (lower is None or low >= lower) and (upper is None or high <= upper)


async def record(
    cmd: Command,
    principal: Principal,
    batch_id: int,
    *,
    test: int | str,
    value: float | None,
    values: list[float] | None,
    source: str,
    at: datetime | None,
) -> BatchMeasurementOut:
    """Record one sample measurement of the batch for a test on its route."""
    scalar, vector, summary = summarize(value, values)
    check_source(source)
    require_trusted_origin(principal, source, at)
    now = utcnow()
    at = measured_at(at, now)
    ctx = await _read(cmd.ex, batch_id, test)
    if ctx is None:
        raise NotFound(f"batch {batch_id} does not exist")
    if ctx.test_id is None or ctx.test_step is None or ctx.kind is None:
        raise TestNotOnRoute(
            f"test {test!r} is not defined on the route of batch {batch_id}", field="test"
        )
    if (ctx.kind == ValueKind.SCALAR.value) != (scalar is not None):
        wanted = "`value`" if ctx.kind == ValueKind.SCALAR.value else "`values`"
        raise WrongValueKind(f"{ctx.test_name} is a {ctx.kind} test: send {wanted}")
    if ctx.status != BatchStatus.IN_PROGRESS.value:
        raise BatchFinished(f"batch {batch_id} is already {ctx.status}", batch_status=ctx.status)
    if ctx.order_status != OrderStatus.RUNNING.value:
        raise OrderNotRunnable(
            f"order {ctx.order_number} is {ctx.order_status}; its batches cannot be worked on",
            order_status=ctx.order_status,
        )
    principal.require_station(ctx.workstation_id, ctx.line_id)
    result = (
        "pass" if _within(summary.low, summary.high, ctx.lower_limit, ctx.upper_limit) else "fail"
    )
    actor = principal.actor
    row = {
        "batch_id": batch_id,
        "order_id": ctx.order_id,
        "test_definition_id": ctx.test_id,
        "step": ctx.test_step,
        "workstation_id": ctx.workstation_id,
        "rework_count": 0,
        "value": scalar,
        "values": vector,
        "points": summary.points,
        "mean": summary.mean,
        "m2": summary.m2,
        "min_value": summary.low,
        "max_value": summary.high,
        "lower_limit": ctx.lower_limit,
        "upper_limit": ctx.upper_limit,
        "result": result,
        "source": source,
        "actor": actor,
        "at": at,
    }
    ex = cmd.ex
    measurement_id = int(await ex.fetchval(_INSERT, row))
    event = quality_repo.inspection_event(
        result=result,
        unit_id=None,
        batch_id=batch_id,
        order_id=ctx.order_id,
        step=ctx.test_step,
        workstation_id=ctx.workstation_id,
        measurement_id=measurement_id,
        actor=actor,
        at=at,
    )
    await quality_repo.insert_events(ex, [event])
    shown = f"{scalar:g}" if scalar is not None else f"{summary.points} values"
    await repo.insert_history(
        ex,
        {
            "batch_id": batch_id,
            "order_id": ctx.order_id,
            "type": BatchEventType.MEASURED.value,
            "step": ctx.test_step,
            "workstation_id": ctx.workstation_id,
            "quantity": None,
            "good": None,
            "scrap": None,
            "defect_code_id": None,
            "notes": f"{ctx.test_name}: {shown} {ctx.test_unit} ({result})",
            "actor": actor,
            "at": at,
        },
    )
    await cmd.audit(
        audit_row(
            actor=actor,
            entity_type="batch",
            entity_id=batch_id,
            action="measure",
            after={"measurement_id": measurement_id, "test": ctx.test_name, "result": result},
        )
    )
    await alert_rules.evaluate(ex, event)
    return BatchMeasurementOut(
        id=measurement_id,
        batch_id=batch_id,
        test_id=ctx.test_id,
        test=str(ctx.test_name),
        kind=ValueKind(ctx.kind),
        unit=str(ctx.test_unit),
        value=scalar,
        values=vector,
        lower_limit=ctx.lower_limit,
        upper_limit=ctx.upper_limit,
        result=result,
        source=source,
        step=ctx.test_step,
        workstation_id=ctx.workstation_id,
        actor=actor,
        at=at,
    )
