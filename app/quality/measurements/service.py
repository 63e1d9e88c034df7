"""Recording a measurement: the quality command on the hot path.

`record_measurement` is what every transport calls (REST, MQTT batches, imports): Core
statements on an `Executor`, two round trips on PostgreSQL for a passing measurement. It
reads the unit without locking it — a measurement changes no unit state — and locks it only
when a failing result must fail the gate the unit is waiting at.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from app.auth.principal import Principal
from app.db.command import Command
from app.kit.errors import Invalid, NotFound
from app.kit.time import utcnow
from app.models import (
    Awaiting,
    EventType,
    MeasurementSource,
    OrderStatus,
    UnitStatus,
    UserKind,
    ValueKind,
)
from app.quality.alerts import rules
from app.quality.definitions.schemas import MAX_MAGNITUDE
from app.quality.errors import NotFinite, TestNotOnRoute, WrongValueKind
from app.quality.inspections.repository import inspection_event
from app.quality.measurements import repository as repo
from app.quality.measurements import single_statement
from app.quality.measurements.schemas import MAX_POINTS, MeasurementOut
from app.transitions import pipeline
from app.transitions.errors import OrderNotRunnable, UnitFinished

# Clocks on the shop floor drift; a timestamp further ahead than this is a mistake.
MAX_CLOCK_SKEW = timedelta(minutes=5)
_SOURCES = frozenset(s.value for s in MeasurementSource)
_RUNNING = OrderStatus.RUNNING.value
_IN_PROGRESS = UnitStatus.IN_PROGRESS.value
_AT_GATE = Awaiting.GATE_DECISION.value


@dataclass(frozen=True, slots=True)
class Summary:
    """The value(s) of a measurement reduced to what statistics need."""

    points: int
    mean: float
    m2: float  # sum of squared deviations from the mean
    low: float
    high: float


def _finite(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise Invalid(f"{where} must be a number", field=where)
    try:
        number = float(value)
    except OverflowError as exc:  # an int beyond float range
        raise NotFinite(f"{where} is out of range", field=where) from exc
    if not math.isfinite(number):
        raise NotFinite(f"{where} must be a finite number (not NaN or infinity)", field=where)
    if abs(number) > MAX_MAGNITUDE:
        raise NotFinite(f"{where} is out of range (|x| <= {MAX_MAGNITUDE:g})", field=where)
    return number


def summarize(value: Any, values: Any) -> tuple[float | None, list[float] | None, Summary]:
    """Check the measured value(s) and summarise them (Invalid on anything not finite)."""
    if (value is None) == (values is None):
        raise Invalid("give exactly one of `value` (scalar test) or `values` (vector test)")
    if value is not None:
        x = _finite(value, "value")
        return x, None, Summary(1, x, 0.0, x, x)
    if not isinstance(values, list | tuple) or not 1 <= len(values) <= MAX_POINTS:
        raise Invalid(f"`values` must be a list of 1 to {MAX_POINTS} numbers", field="values")
    points = [_finite(v, f"values.{i}") for i, v in enumerate(values)]
    mean = math.fsum(points) / len(points)
    m2 = math.fsum((x - mean) * (x - mean) for x in points)
    return None, points, Summary(len(points), mean, m2, min(points), max(points))


def measured_at(at: datetime | None, now: datetime) -> datetime:
    """When a measurement was taken: `at` (in UTC; not in the future), or now."""
    if at is None:
        return now
    if at.tzinfo is None or at > now + MAX_CLOCK_SKEW:
        raise Invalid("`at` must be a time with a UTC offset, not in the future", field="at")
    try:
        return at.astimezone(UTC)
    except OverflowError as exc:  # e.g. 0001-01-01T00:00:00+05:00
        raise Invalid("`at` is out of range in UTC", field="at") from exc


def check_source(source: str) -> None:
    if source not in _SOURCES:
        raise Invalid(f"source must be one of {', '.join(sorted(_SOURCES))}", field="source")


def _shown(value: float | None, values: list[float] | None) -> str:
    """How the history shows the measured value(s)."""
    return f"{value:g}" if value is not None else f"{len(values or [])} values"


def require_trusted_origin(principal: Principal | None, source: str, at: datetime | None) -> None:
    """Only machines and imports say where a measurement comes from and when it was taken:
    a person (a `person` user account, admins included) records it as `operator`, now.
    Machines are trusted — API keys, MQTT (a workstation-bound machine principal) and
    workstation accounts (the station itself, e.g. a test stand); a person's `source` other
    than `operator` or any `at` is refused (422) rather than silently replaced, so a client
    learns it at once."""
    if principal is None or principal.kind != "user" or principal.user_kind != UserKind.PERSON:
        return
    problems = []
    if source != MeasurementSource.OPERATOR.value:
        problems.append(
            (
                "source",
                "only machines and imports set `source`; people record `operator` measurements",
            )
        )
    if at is not None:
        problems.append(
            ("at", "only machines and imports set `at`; a person's measurement is taken now")
        )
    if problems:
        field, msg = problems[0]
        raise Invalid(
            f"body.{field}: {msg}"
            + (f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""),
            errors=[{"loc": ["body", f], "msg": m} for f, m in problems],
        )


def _refuse(
    ctx: repo.MeasurementContext, serial: str, test: int | str, scalar: float | None
) -> None:
    """Raise why this unit cannot be measured for this test, if it cannot."""
    if ctx.test_id is None:
        raise TestNotOnRoute(
            f"test {test!r} is not defined on the route of unit {serial}", field="test"
        )
    if (ctx.kind == ValueKind.SCALAR.value) != (scalar is not None):
        wanted = "`value`" if ctx.kind == ValueKind.SCALAR.value else "`values`"
        raise WrongValueKind(f"{ctx.test_name} is a {ctx.kind} test: send {wanted}")
    if ctx.status != _IN_PROGRESS:
        raise UnitFinished(f"unit {serial} is already {ctx.status}", unit_status=ctx.status)
    if ctx.order_status != _RUNNING:
        raise OrderNotRunnable(
            f"order {ctx.order_number} is {ctx.order_status}; its units cannot be worked on",
            order_status=ctx.order_status,
        )


async def record_measurement(
    cmd: Command,
    *,
    actor: str,
    serial: str,
    test: int | str,
    value: float | None,
    values: list[float] | None,
    source: str,
    at: datetime | None = None,
    principal: Principal | None = None,
) -> MeasurementOut:
    """Evaluate and store one measurement of a unit, with its `measured` history row and its
    inspection quality event. A failing result for the gate the unit waits at fails that gate
    (as `POST /units/{serial}/gate {"result": "fail"}` would).

    NotFound: unknown serial. Invalid (422): test not on the unit's route, scalar/vector
    mismatch, NaN/inf, unknown source, a time in the future. Conflict (409): the unit is
    finished or its order not running. `principal` (people) gets the operator line checks.
    """
    ex = cmd.ex
    scalar, vector, summary = summarize(value, values)
    check_source(source)
    require_trusted_origin(principal, source, at)
    now = utcnow()
    at = measured_at(at, now)

    measurement = {
        "value": scalar,
        "values": vector,
        "points": summary.points,
        "mean": summary.mean,
        "m2": summary.m2,
        "min_value": summary.low,
        "max_value": summary.high,
        "source": source,
        "actor": actor,
        "at": at,
    }
    if ex.postgres and (principal is None or not principal.is_restricted):
        # The common case (machines, supervisors): one round trip does everything — as its
        # own transaction where the command allows, unless it needs a follow-up.
        single = cmd.single_statement()
        measure = functools.partial(
            single_statement.measure_in_one,
            serial=serial,
            test=test,
            kind=ValueKind.SCALAR.value if scalar is not None else ValueKind.VECTOR.value,
            measurement=measurement,
            shown=_shown(scalar, vector),
            audit_at=now,
        )
        found = await measure(single, alone=True) if single is not None else None
        if single is None or (found is not None and found.deferred):
            found = await measure(ex, alone=False)
        if found is None:
            raise NotFound(f"unit {serial} does not exist")
        ctx = found.context
        if found.id is None or found.result is None:
            _refuse(ctx, serial, test, scalar)
            raise AssertionError(f"measurement of {serial} refused without a reason")
        measurement_id, result = found.id, found.result
    else:
        ctx_or_none = await repo.measurement_context(ex, serial, test)
        if ctx_or_none is None:
            raise NotFound(f"unit {serial} does not exist")
        ctx = ctx_or_none
        _refuse(ctx, serial, test, scalar)
        if principal is not None:
            principal.require_station(ctx.test_workstation_id, ctx.test_line_id)
        measurement_id, result = await repo.write_measurement(
            ex,
            measurement={
                "unit_id": ctx.unit_id,
                "order_id": ctx.order_id,
                "test_definition_id": ctx.test_id,
                "step": ctx.test_step,
                "workstation_id": ctx.test_workstation_id,
                "rework_count": ctx.rework_count,
                "lower_limit": ctx.lower_limit,
                "upper_limit": ctx.upper_limit,
                **measurement,
            },
            history={
                "unit_id": ctx.unit_id,
                "order_id": ctx.order_id,
                "type": EventType.MEASURED.value,
                "from_step": ctx.step,
                "to_step": ctx.step,
                "from_workstation_id": ctx.workstation_id,
                "to_workstation_id": ctx.workstation_id,
                "result": None,  # the measurement's
                "notes": f"{ctx.test_name}: {_shown(scalar, vector)}"
                + (f" {ctx.test_unit}" if scalar is not None else ""),
                "actor": actor,
                "at": at,
            },
            event=inspection_event(
                result=None,  # the measurement's
                unit_id=ctx.unit_id,
                order_id=ctx.order_id,
                step=ctx.test_step,
                workstation_id=ctx.test_workstation_id,
                actor=actor,
                at=at,
            ),
            audit={"at": now, "serial": ctx.serial, "test": ctx.test_name},
        )
    assert ctx.test_id is not None and ctx.test_step is not None and ctx.kind is not None
    event = inspection_event(
        result=result,
        unit_id=ctx.unit_id,
        order_id=ctx.order_id,
        step=ctx.test_step,
        workstation_id=ctx.test_workstation_id,
        actor=actor,
        at=at,
    )

    failed_gate = False
    if result == "fail" and ctx.awaiting == _AT_GATE and ctx.step == ctx.test_step:
        failed_gate = await pipeline.fail_gate_at(
            cmd, serial, ctx.test_step, actor, notes=f"{ctx.test_name} failed"
        )
        if failed_gate:  # stored, so the measurement reads the same later
            await repo.mark_failed_gate(ex, measurement_id)
    # After the gate failure, so dashboards see the unit's state change before any alert.
    await rules.evaluate(ex, event)

    return MeasurementOut(
        id=measurement_id,
        serial=ctx.serial,
        test_id=ctx.test_id,
        test=str(ctx.test_name),
        kind=ValueKind(ctx.kind),
        unit=str(ctx.test_unit),
        value=scalar,
        values=vector,
        lower_limit=ctx.lower_limit,
        upper_limit=ctx.upper_limit,
        result=result,
        source=MeasurementSource(source),
        step=ctx.test_step,
        workstation_id=ctx.test_workstation_id,
        rework_count=ctx.rework_count,
        actor=actor,
        at=at,
        failed_gate=failed_gate,
    )
