"""The SQL of a gate check: what keeps a unit from passing its gate (SQLAlchemy Core)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, func, literal, select

from app.db.dialect import joined_strings
from app.models import Measurement, RouteRevision, TestDefinition

# Test names are plain text (no control characters), so a newline separates them safely
# (`joined_strings`).
_SEPARATOR = "\n"
_MISSING, _FAILED = "m", "f"


def _blockers(latest: Any) -> Any:
    """The blocker a test is, given its `latest` result (NULL: it blocks nothing)."""
    # The latest result is looked up once per test (a CASE on it, not conditions repeating it).
    blocker = case(
        {
            "fail": literal(_FAILED) + TestDefinition.name,
            "none": case((TestDefinition.required, literal(_MISSING) + TestDefinition.name)),
        },
        value=func.coalesce(latest, "none"),
    )
    return blocker


def blockers_of(unit: Any) -> Any:
    """The tests of `unit`'s current step that block a gate pass, from each test's latest
    measurement in the unit's current rework cycle, as one SQL string (see `GateBlockers.of`):
    a scalar subquery correlated to `unit` (a FROM clause with the unit's columns), one
    ix_measurements_gate probe per test of the step."""
    latest = (
        select(Measurement.result)
        .where(
            Measurement.unit_id == unit.c.id,
            Measurement.test_definition_id == TestDefinition.id,
            Measurement.rework_count == unit.c.rework_count,
        )
        .order_by(Measurement.id.desc())
        .limit(1)
        .correlate(TestDefinition, unit)
        .scalar_subquery()
    )
    return (
        select(joined_strings(_blockers(latest)))
        .select_from(TestDefinition)
        .join(RouteRevision, RouteRevision.route_id == TestDefinition.route_id)
        .where(RouteRevision.id == unit.c.route_revision_id, TestDefinition.step == unit.c.step)
        .correlate(unit)
        .scalar_subquery()
    )


def batch_blockers_of(batch: Any) -> Any:
    """`blockers_of` for a batch at the step its command names (`batch.c.seq`): each test's
    latest sample measurement of the batch (a batch has no rework cycles)."""
    latest = (
        select(Measurement.result)
        .where(
            Measurement.batch_id == batch.c.id,
            Measurement.test_definition_id == TestDefinition.id,
        )
        .order_by(Measurement.id.desc())
        .limit(1)
        .correlate(TestDefinition, batch)
        .scalar_subquery()
    )
    return (
        select(joined_strings(_blockers(latest)))
        .select_from(TestDefinition)
        .join(RouteRevision, RouteRevision.route_id == TestDefinition.route_id)
        .where(RouteRevision.id == batch.c.route_revision_id, TestDefinition.step == batch.c.seq)
        .correlate(batch)
        .scalar_subquery()
    )


@dataclass(frozen=True, slots=True)
class GateBlockers:
    missing: list[str]  # required tests without a measurement in this rework cycle
    failed: list[str]  # tests whose latest measurement failed

    @classmethod
    def of(cls, joined: str | None) -> GateBlockers:
        """Parse what `blockers_of` returned."""
        names = joined.split(_SEPARATOR) if joined else []
        return cls(
            sorted(n[1:] for n in names if n.startswith(_MISSING)),
            sorted(n[1:] for n in names if n.startswith(_FAILED)),
        )
