"""Quality: test definitions, measurements, quality events, alert rules and alerts.

Measurements and quality events are append-only production records (like unit history);
alerts change only to be acknowledged.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, BigId, TimestampMixin, UTCDateTime, partial_index
from app.kit.time import utcnow


class ValueKind(StrEnum):
    """What a test measures: one number, or a series of points (a curve, a profile)."""

    SCALAR = "scalar"
    VECTOR = "vector"


class MeasurementSource(StrEnum):
    OPERATOR = "operator"
    MACHINE = "machine"
    IMPORT = "import"


class QualityEventType(StrEnum):
    INSPECTION = "inspection"
    REWORK = "rework"
    SCRAP = "scrap"
    OBSERVATION = "observation"


class AlertKind(StrEnum):
    YIELD_BELOW = "yield_below"
    DEFECT_REPEAT = "defect_repeat"


def _in(values: type[StrEnum]) -> str:
    return ", ".join(f"'{v.value}'" for v in values)


_RESULT = "result IN ('pass', 'fail')"
# Quality events that end a unit's attempt at a step unsuccessfully: a failed gate decision,
# rework, scrap (first pass yield reads only these: app/analytics/quality/first_pass_yield.py).
ATTEMPT_FAILURE = (
    "type IN ('rework', 'scrap') "
    "OR (type = 'inspection' AND result = 'fail' AND measurement_id IS NULL)"
)


class TestDefinition(TimestampMixin, Base):
    """A test performed at one step of a route, with its limits (inclusive; one may be open)."""

    __test__ = False  # not a pytest test class
    __tablename__ = "test_definitions"
    __table_args__ = (
        UniqueConstraint("route_id", "name"),
        CheckConstraint(f"kind IN ({_in(ValueKind)})", name="kind"),
        CheckConstraint("step >= 1", name="step_positive"),
        CheckConstraint("lower_limit IS NOT NULL OR upper_limit IS NOT NULL", name="has_limit"),
        CheckConstraint(
            "lower_limit IS NULL OR upper_limit IS NULL OR lower_limit <= upper_limit",
            name="limits_ordered",
        ),
        Index("ix_test_definitions_route_id_step", "route_id", "step"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    route_id: Mapped[int] = mapped_column(ForeignKey("routes.id", ondelete="RESTRICT"))
    step: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(100))
    unit: Mapped[str] = mapped_column(String(32))
    lower_limit: Mapped[float | None] = mapped_column(Float, nullable=True)
    upper_limit: Mapped[float | None] = mapped_column(Float, nullable=True)
    kind: Mapped[str] = mapped_column(String(8), default=ValueKind.SCALAR.value)
    required: Mapped[bool] = mapped_column(Boolean, default=True)


class Measurement(Base):
    """One evaluated measurement of a unit (append-only).

    `points`, `mean`, `m2` (sum of squared deviations from `mean`), `min_value` and
    `max_value` summarise the value(s) so statistics over scalar and vector tests are one
    set-based, numerically stable aggregate (parallel variance) on both databases.
    `rework_count` is the unit's at measurement time: a gate counts only measurements taken
    since the unit's last rework.
    """

    __tablename__ = "measurements"
    __table_args__ = (
        CheckConstraint(_RESULT, name="result"),
        CheckConstraint(f"source IN ({_in(MeasurementSource)})", name="source"),
        CheckConstraint('(value IS NULL) <> ("values" IS NULL)', name="value_or_values"),
        CheckConstraint("(unit_id IS NULL) <> (batch_id IS NULL)", name="unit_or_batch"),
        CheckConstraint("points >= 1", name="points_positive"),
        # The gate check: the latest measurement of each test for the unit's rework cycle.
        Index("ix_measurements_gate", "unit_id", "test_definition_id", "rework_count", "id"),
        # A batch gate's check: the latest sample measurement of each test for the batch.
        partial_index(
            "ix_measurements_batch_gate",
            "batch_id",
            "test_definition_id",
            "id",
            where="batch_id IS NOT NULL",
        ),
        # A test's measurements in time order (SPC series, test statistics per test). Not a
        # covering index: including the summary columns made test statistics an index-only
        # scan but cost machine ingest (every measurement insert) about a fifth of its rate.
        Index("ix_measurements_test_definition_id_at", "test_definition_id", "at"),
        Index("ix_measurements_at", "at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    # A unit's measurement, or a batch's sample measurement (exactly one of the two).
    unit_id: Mapped[int | None] = mapped_column(
        ForeignKey("units.id", ondelete="RESTRICT"), nullable=True
    )
    batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("batches.id", ondelete="RESTRICT"), nullable=True
    )
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="RESTRICT"))
    test_definition_id: Mapped[int] = mapped_column(
        ForeignKey("test_definitions.id", ondelete="RESTRICT")
    )
    step: Mapped[int] = mapped_column(Integer)
    workstation_id: Mapped[int | None] = mapped_column(
        ForeignKey("workstations.id", ondelete="RESTRICT"), nullable=True
    )
    rework_count: Mapped[int] = mapped_column(Integer)
    value: Mapped[float | None] = mapped_column(Float, nullable=True)
    values: Mapped[list[float] | None] = mapped_column(
        JSON(none_as_null=True).with_variant(JSONB(none_as_null=True), "postgresql"),
        nullable=True,
    )
    points: Mapped[int] = mapped_column(Integer)
    mean: Mapped[float] = mapped_column(Float)
    m2: Mapped[float] = mapped_column(Float)
    min_value: Mapped[float] = mapped_column(Float)
    max_value: Mapped[float] = mapped_column(Float)
    lower_limit: Mapped[float | None] = mapped_column(Float, nullable=True)
    upper_limit: Mapped[float | None] = mapped_column(Float, nullable=True)
    result: Mapped[str] = mapped_column(String(8))
    source: Mapped[str] = mapped_column(String(16))
    actor: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Whether this measurement failed the gate its unit waited at (set in its transaction).
    failed_gate: Mapped[bool] = mapped_column(Boolean, server_default=false())


class QualityEvent(Base):
    """The quality log: inspections (measurements, gate decisions), rework, scrap and manual
    observations. Append-only."""

    __tablename__ = "quality_events"
    __table_args__ = (
        CheckConstraint(f"type IN ({_in(QualityEventType)})", name="type"),
        CheckConstraint(f"result IS NULL OR {_RESULT}", name="result"),
        CheckConstraint("quantity >= 1", name="quantity_positive"),
        Index("ix_quality_events_at", "at"),
        Index("ix_quality_events_workstation_id_id", "workstation_id", "id"),
        # Most events carry no defect code: only those that do are indexed.
        partial_index(
            "ix_quality_events_defect_code_id_at",
            "defect_code_id",
            "at",
            where="defect_code_id IS NOT NULL",
        ),
        Index("ix_quality_events_unit_id_id", "unit_id", "id"),
        partial_index(
            "ix_quality_events_batch_id_id", "batch_id", "id", where="batch_id IS NOT NULL"
        ),
        partial_index(
            "ix_quality_events_failures", "at", "unit_id", "step", "id", where=ATTEMPT_FAILURE
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    type: Mapped[str] = mapped_column(String(16))
    result: Mapped[str | None] = mapped_column(String(8), nullable=True)
    unit_id: Mapped[int | None] = mapped_column(
        ForeignKey("units.id", ondelete="RESTRICT"), nullable=True
    )
    batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("batches.id", ondelete="RESTRICT"), nullable=True
    )
    order_id: Mapped[int | None] = mapped_column(
        ForeignKey("orders.id", ondelete="RESTRICT"), nullable=True
    )
    # How many items the event concerns: 1 for a unit, the batch quantity inspected,
    # reworked or scrapped for a batch (Pareto and scrap analytics sum it).
    quantity: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    step: Mapped[int | None] = mapped_column(Integer, nullable=True)
    workstation_id: Mapped[int | None] = mapped_column(
        ForeignKey("workstations.id", ondelete="RESTRICT"), nullable=True
    )
    defect_code_id: Mapped[int | None] = mapped_column(
        ForeignKey("defect_codes.id", ondelete="RESTRICT"), nullable=True
    )
    measurement_id: Mapped[int | None] = mapped_column(
        ForeignKey("measurements.id", ondelete="RESTRICT"), nullable=True
    )
    notes: Mapped[str | None] = mapped_column(Text, nullable=True)
    actor: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class AlertRule(TimestampMixin, Base):
    """A condition checked on each quality event.

    `yield_below`: the yield of the last `window_units` units inspected at a workstation is
    below `threshold_pct`. `defect_repeat`: the same defect code is recorded `occurrences`
    times within `window_minutes`. `workstation_id` / `defect_code_id` narrow the scope.
    """

    __tablename__ = "alert_rules"
    __table_args__ = (
        CheckConstraint(f"kind IN ({_in(AlertKind)})", name="kind"),
        CheckConstraint(
            "(kind = 'yield_below' AND threshold_pct IS NOT NULL AND window_units IS NOT NULL)"
            " OR (kind = 'defect_repeat' AND occurrences IS NOT NULL"
            " AND window_minutes IS NOT NULL)",
            name="parameters",
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    workstation_id: Mapped[int | None] = mapped_column(
        ForeignKey("workstations.id", ondelete="RESTRICT"), nullable=True
    )
    defect_code_id: Mapped[int | None] = mapped_column(
        ForeignKey("defect_codes.id", ondelete="RESTRICT"), nullable=True
    )
    threshold_pct: Mapped[float | None] = mapped_column(Float, nullable=True)
    window_units: Mapped[int | None] = mapped_column(Integer, nullable=True)
    occurrences: Mapped[int | None] = mapped_column(Integer, nullable=True)
    window_minutes: Mapped[int | None] = mapped_column(Integer, nullable=True)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)


class Alert(Base):
    """A rule that fired. At most one open (unacknowledged) alert per rule and scope
    (workstation / defect code), enforced by a partial unique index."""

    __tablename__ = "alerts"
    __table_args__ = (
        CheckConstraint(f"kind IN ({_in(AlertKind)})", name="kind"),
        partial_index(
            "ix_alerts_open", "rule_id", "scope", where="acknowledged_at IS NULL", unique=True
        ),
        Index("ix_alerts_at", "at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    rule_id: Mapped[int] = mapped_column(ForeignKey("alert_rules.id", ondelete="RESTRICT"))
    kind: Mapped[str] = mapped_column(String(16))
    scope: Mapped[str] = mapped_column(String(64))
    workstation_id: Mapped[int | None] = mapped_column(
        ForeignKey("workstations.id", ondelete="RESTRICT"), nullable=True
    )
    defect_code_id: Mapped[int | None] = mapped_column(
        ForeignKey("defect_codes.id", ondelete="RESTRICT"), nullable=True
    )
    message: Mapped[str] = mapped_column(String(500))
    value: Mapped[float] = mapped_column(Float)
    details: Mapped[dict[str, Any] | None] = mapped_column(
        JSON().with_variant(JSONB(), "postgresql"), nullable=True
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    acknowledged_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
