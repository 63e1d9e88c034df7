"""The SQL of a gate check: what keeps a unit from passing its gate (SQLAlchemy Core)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import String, and_, bindparam, case, func, select

from app.db.executor import Executor
from app.models import Measurement, RouteRevision, TestDefinition

_latest = (
    select(Measurement.result)
    .where(
        Measurement.unit_id == bindparam("unit_id", type_=Measurement.unit_id.type),
        Measurement.test_definition_id == TestDefinition.id,
        Measurement.rework_count == bindparam("rework_count", type_=Measurement.rework_count.type),
    )
    .order_by(Measurement.id.desc())
    .limit(1)
    .correlate(TestDefinition)
    .scalar_subquery()
)
_tests = (
    select(TestDefinition.name, TestDefinition.required, _latest.label("latest"))
    .join(RouteRevision, RouteRevision.route_id == TestDefinition.route_id)
    .where(
        RouteRevision.id == bindparam("revision_id", type_=RouteRevision.id.type),
        TestDefinition.step == bindparam("step", type_=TestDefinition.step.type),
    )
    .subquery("t")
)
# Test names are plain text (no control characters), so a newline separates them safely.
_SEPARATOR = "\n"


def _gate_blockers(aggregate: Any) -> Any:
    """The step's tests that block a gate pass, from each test's latest measurement in the
    unit's current rework cycle: one query, one ix_measurements_gate probe per test."""
    separator = bindparam("separator", _SEPARATOR, type_=String)
    missing = and_(_tests.c.required, _tests.c.latest.is_(None))
    return select(
        aggregate(case((missing, _tests.c.name)), separator),
        aggregate(case((_tests.c.latest == "fail", _tests.c.name)), separator),
    )


_GATE_BLOCKERS_PG = _gate_blockers(func.string_agg)
_GATE_BLOCKERS_SQLITE = _gate_blockers(func.group_concat)


@dataclass(frozen=True, slots=True)
class GateBlockers:
    missing: list[str]  # required tests without a measurement in this rework cycle
    failed: list[str]  # tests whose latest measurement failed


def _names(joined: str | None) -> list[str]:
    return sorted(joined.split(_SEPARATOR)) if joined else []


async def gate_blockers(
    ex: Executor, *, unit_id: int, revision_id: int, step: int, rework_count: int
) -> GateBlockers:
    """What keeps a unit from passing the gate at `step` (nothing: both lists empty)."""
    row = await ex.fetchrow(
        _GATE_BLOCKERS_PG if ex.postgres else _GATE_BLOCKERS_SQLITE,
        {
            "unit_id": unit_id,
            "revision_id": revision_id,
            "step": step,
            "rework_count": rework_count,
        },
    )
    assert row is not None
    return GateBlockers(_names(row[0]), _names(row[1]))
