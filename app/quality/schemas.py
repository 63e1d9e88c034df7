"""Request and response bodies for test definitions, measurements and quality events."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, Strict, StringConstraints, model_validator

from app.kit.schemas import (
    MAX_ID,
    NONBLANK_TEXT,
    InputSchema,
    IsoDatetime,
    Notes,
    OutputSchema,
    PatchSchema,
)
from app.masterdata.schemas import DefectCodeRef, RefId
from app.models import AlertKind, MeasurementSource, QualityEventType, ValueKind

MAX_POINTS = 10_000
# Far beyond any physical measurement, and small enough that sums of squares over millions of
# values stay finite in the statistics.
MAX_MAGNITUDE = 1e100
# Limits and values: finite numbers, no strings ("52" is a mistake), no NaN/inf.
Number = Annotated[float, Strict(), Field(allow_inf_nan=False, ge=-MAX_MAGNITUDE, le=MAX_MAGNITUDE)]
TestName = Annotated[
    str,
    StringConstraints(min_length=1, max_length=100, pattern=NONBLANK_TEXT),
    Field(description="test name, unique within its route", examples=["Torque"]),
]
UnitOfMeasure = Annotated[
    str,
    StringConstraints(min_length=1, max_length=32, pattern=NONBLANK_TEXT),
    Field(description="unit of measure", examples=["Nm"]),
]
TestRef = Annotated[int, Strict(), Field(ge=1, le=MAX_ID)] | TestName


# -- test definitions -----------------------------------------------------------------------


def _check_limits(lower: float | None, upper: float | None) -> None:
    if lower is None and upper is None:
        raise ValueError("give lower_limit, upper_limit or both (one may be open, not both)")
    if lower is not None and upper is not None and lower > upper:
        raise ValueError("lower_limit must not be above upper_limit")


class TestDefinitionCreate(InputSchema):
    """A test performed at one step of a route. Limits are inclusive; one may be open."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "name": "Torque",
                    "route_id": 1,
                    "step": 3,
                    "unit": "Nm",
                    "lower_limit": 45,
                    "upper_limit": 55,
                    "kind": "scalar",
                    "required": True,
                }
            ]
        }
    )

    name: TestName
    route_id: RefId = Field(description="id of the route the test belongs to", examples=[1])
    step: Annotated[int, Strict()] = Field(
        ge=1, le=10_000, description="the route step (`seq`, 1-based) where the test is done"
    )
    unit: UnitOfMeasure
    lower_limit: Number | None = Field(None, description="lowest passing value (inclusive)")
    upper_limit: Number | None = Field(None, description="highest passing value (inclusive)")
    kind: ValueKind = Field(
        ValueKind.SCALAR,
        strict=False,
        description="`scalar` (one value) or `vector` (a series of values)",
    )
    required: Annotated[bool, Strict()] | None = Field(
        None,
        description="a gate at this step refuses `pass` until this test has passed. Only a "
        "gate enforces it: `true` is refused (422) where the step is not a gate in the "
        "route's current revision. Default: whether the step is a gate",
    )

    @model_validator(mode="after")
    def _limits(self) -> TestDefinitionCreate:
        _check_limits(self.lower_limit, self.upper_limit)
        return self


class TestDefinitionUpdate(PatchSchema):
    """Change a test's name, unit, limits or whether it is required. Its route, step and kind
    stay: measurements keep meaning what they meant (they store the limits they were judged
    against)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"upper_limit": 56}]})
    nullable = frozenset({"lower_limit", "upper_limit"})

    name: TestName | None = Field(None, description="new name, unique within the route")
    unit: UnitOfMeasure | None = Field(None, description="new unit of measure")
    lower_limit: Number | None = Field(None, description="lowest passing value (null: open)")
    upper_limit: Number | None = Field(None, description="highest passing value (null: open)")
    required: Annotated[bool, Strict()] | None = Field(
        None,
        description="whether a gate at this step needs this test to pass; `true` is refused "
        "(422) where the step is not a gate in the route's current revision",
    )


class TestDefinitionOut(OutputSchema):
    id: int = Field(description="test definition id")
    name: str = Field(description="test name, unique within its route")
    route_id: int = Field(description="id of the route")
    step: int = Field(description="route step (`seq`) where the test is done")
    unit: str = Field(description="unit of measure")
    lower_limit: float | None = Field(description="lowest passing value (inclusive); null: open")
    upper_limit: float | None = Field(description="highest passing value (inclusive); null: open")
    kind: ValueKind = Field(description="`scalar` or `vector`")
    required: bool = Field(description="a gate at this step needs this test to pass")
    created_at: datetime = Field(description="when the test was defined")
    updated_at: datetime = Field(description="when the definition last changed")


# -- measurements ---------------------------------------------------------------------------


class MeasurementIn(InputSchema):
    """A measured value (scalar test) or series of values (vector test) for one test."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"test": "Torque", "value": 52.1},
                {"test": 7, "values": [1.2, 1.3, 1.25]},
            ]
        }
    )

    test: TestRef = Field(description="test definition id, or its name on the unit's route")
    value: Number | None = Field(None, description="the value, for a scalar test")
    values: list[Number] | None = Field(
        None,
        min_length=1,
        max_length=MAX_POINTS,
        description=f"the values, for a vector test (1 to {MAX_POINTS})",
    )
    source: MeasurementSource | None = Field(
        None,
        strict=False,
        description="`operator`, `machine` or `import`; default `operator` for users and "
        "`machine` for API keys",
    )
    at: IsoDatetime | None = Field(
        None, description="when it was measured (default: now); not in the future"
    )

    @model_validator(mode="after")
    def _one_of(self) -> MeasurementIn:
        if (self.value is None) == (self.values is None):
            raise ValueError("give exactly one of `value` (scalar test) or `values` (vector)")
        return self


class MeasurementOut(OutputSchema):
    id: int = Field(description="measurement id")
    serial: str = Field(description="unit serial")
    test_id: int = Field(description="test definition id")
    test: str = Field(description="test name")
    kind: ValueKind = Field(description="`scalar` or `vector`")
    unit: str = Field(description="unit of measure")
    value: float | None = Field(description="the value (scalar test)")
    values: list[float] | None = Field(description="the values (vector test)")
    lower_limit: float | None = Field(description="lower limit the result was judged against")
    upper_limit: float | None = Field(description="upper limit the result was judged against")
    result: Literal["pass", "fail"] = Field(
        description="`pass` when the value (every value of a vector) is within the limits"
    )
    source: MeasurementSource = Field(description="`operator`, `machine` or `import`")
    step: int = Field(description="route step of the test")
    workstation_id: int | None = Field(description="workstation of that step")
    rework_count: int = Field(
        description="the unit's rework count when measured; gates count only measurements "
        "taken since the last rework"
    )
    actor: str = Field(description="who recorded it")
    at: datetime = Field(description="when it was measured")
    failed_gate: bool = Field(
        False,
        description="true when this failing result failed the gate the unit was waiting at "
        "(the unit now awaits `disposition`)",
    )


class SpcPoint(OutputSchema):
    """One measurement in time order, for control charts."""

    id: int = Field(description="measurement id")
    serial: str = Field(description="unit serial")
    test_id: int = Field(description="test definition id")
    value: float | None = Field(description="the value (scalar test)")
    values: list[float] | None = Field(description="the values (vector test)")
    mean: float = Field(description="the value, or the mean of the values")
    lower_limit: float | None = Field(description="lower limit at the time")
    upper_limit: float | None = Field(description="upper limit at the time")
    result: Literal["pass", "fail"] = Field(description="`pass` or `fail`")
    workstation_id: int | None = Field(description="workstation of the test's step")
    at: datetime = Field(description="when it was measured")


# -- quality events -------------------------------------------------------------------------


class ObservationIn(InputSchema):
    """A manual quality observation; it changes no unit state."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"workstation_id": 3, "defect_code": "SCRATCH", "notes": "scratches on housings"}
            ]
        }
    )

    notes: Annotated[Notes, StringConstraints(min_length=1)] = Field(
        description="what was observed"
    )
    serial: Annotated[str, StringConstraints(min_length=1, max_length=64)] | None = Field(
        None, description="the unit concerned, if any"
    )
    workstation_id: RefId | None = Field(
        None, description="where (default: the unit's current workstation)"
    )
    defect_code: DefectCodeRef | None = Field(None, description="the defect observed, if any")


class QualityEventOut(OutputSchema):
    id: int = Field(description="quality event id")
    type: QualityEventType = Field(
        description="`inspection` (measurement or gate decision), `rework`, `scrap`, `observation`"
    )
    result: Literal["pass", "fail"] | None = Field(description="inspection result")
    serial: str | None = Field(description="unit serial, if about a unit")
    order: str | None = Field(description="order number, if about a unit")
    step: int | None = Field(description="route step")
    workstation_id: int | None = Field(description="workstation")
    defect_code: str | None = Field(description="defect code")
    measurement_id: int | None = Field(description="the measurement, for a measured inspection")
    notes: str | None = Field(description="free text")
    actor: str = Field(description="who recorded it")
    at: datetime = Field(description="when")


# -- alert rules and alerts -----------------------------------------------------------------

Percent = Annotated[float, Strict(), Field(gt=0, le=100, allow_inf_nan=False)]
WindowUnits = Annotated[int, Strict(), Field(ge=1, le=10_000)]
Occurrences = Annotated[int, Strict(), Field(ge=1, le=10_000)]
WindowMinutes = Annotated[int, Strict(), Field(ge=1, le=7 * 24 * 60)]
RuleName = Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=NONBLANK_TEXT)]

_YIELD_PARAMETERS = ("threshold_pct", "window_units")
_DEFECT_PARAMETERS = ("occurrences", "window_minutes")


def check_rule_parameters(kind: AlertKind, given: dict[str, object]) -> None:
    """Each kind takes its own parameters, both of them, and no others."""
    wanted, other = (
        (_YIELD_PARAMETERS, _DEFECT_PARAMETERS)
        if kind == AlertKind.YIELD_BELOW
        else (_DEFECT_PARAMETERS, _YIELD_PARAMETERS)
    )
    missing = [p for p in wanted if given.get(p) is None]
    if missing:
        raise ValueError(f"a {kind.value} rule needs {' and '.join(missing)}")
    extra = [p for p in other if given.get(p) is not None]
    if extra:
        raise ValueError(f"a {kind.value} rule does not take {' or '.join(extra)}")


class AlertRuleCreate(InputSchema):
    """`yield_below`: fires when the yield of the last `window_units` units inspected at a
    workstation drops below `threshold_pct` (a unit counts as good when none of its recent
    inspections there failed). `defect_repeat`: fires when the same defect code is recorded
    `occurrences` times (distinct units) within `window_minutes`. `workstation_id` and
    `defect_code` narrow a rule; without them it watches every workstation / defect code,
    each separately."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "name": "EOL yield",
                    "kind": "yield_below",
                    "workstation_id": 3,
                    "threshold_pct": 90,
                    "window_units": 50,
                },
                {
                    "name": "Scratches",
                    "kind": "defect_repeat",
                    "defect_code": "SCRATCH",
                    "occurrences": 3,
                    "window_minutes": 60,
                },
            ]
        }
    )

    name: RuleName = Field(description="display name")
    kind: AlertKind = Field(strict=False, description="`yield_below` or `defect_repeat`")
    workstation_id: RefId | None = Field(None, description="only at this workstation")
    defect_code: DefectCodeRef | None = Field(
        None, description="only this defect code (`defect_repeat`)"
    )
    threshold_pct: Percent | None = Field(None, description="`yield_below`: threshold in %")
    window_units: WindowUnits | None = Field(
        None, description="`yield_below`: how many of the latest units to judge"
    )
    occurrences: Occurrences | None = Field(
        None, description="`defect_repeat`: how many units with the defect"
    )
    window_minutes: WindowMinutes | None = Field(
        None, description="`defect_repeat`: within how many minutes"
    )
    enabled: Annotated[bool, Strict()] = Field(True, description="evaluated only when enabled")

    @model_validator(mode="after")
    def _parameters(self) -> AlertRuleCreate:
        check_rule_parameters(self.kind, self.model_dump())
        if self.kind == AlertKind.YIELD_BELOW and self.defect_code is not None:
            raise ValueError("a yield_below rule does not take defect_code")
        return self


class AlertRuleUpdate(PatchSchema):
    """Rename, enable/disable or retune a rule (its kind and scope stay)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"enabled": False}]})

    name: RuleName | None = Field(None, description="display name")
    threshold_pct: Percent | None = Field(None, description="`yield_below`: threshold in %")
    window_units: WindowUnits | None = Field(None, description="`yield_below`: latest units")
    occurrences: Occurrences | None = Field(None, description="`defect_repeat`: units")
    window_minutes: WindowMinutes | None = Field(None, description="`defect_repeat`: minutes")
    enabled: Annotated[bool, Strict()] | None = Field(None, description="evaluate the rule")


class AlertRuleOut(OutputSchema):
    id: int = Field(description="rule id")
    name: str = Field(description="display name")
    kind: AlertKind = Field(description="`yield_below` or `defect_repeat`")
    workstation_id: int | None = Field(description="only at this workstation (null: any)")
    defect_code: str | None = Field(description="only this defect code (null: any)")
    threshold_pct: float | None = Field(description="`yield_below`: threshold in %")
    window_units: int | None = Field(description="`yield_below`: latest units judged")
    occurrences: int | None = Field(description="`defect_repeat`: units with the defect")
    window_minutes: int | None = Field(description="`defect_repeat`: within minutes")
    enabled: bool = Field(description="evaluated only when enabled")
    created_at: datetime = Field(description="when the rule was created")
    updated_at: datetime = Field(description="when the rule last changed")


class AlertOut(OutputSchema):
    id: int = Field(description="alert id")
    rule_id: int = Field(description="the rule that fired")
    rule: str = Field(description="its name")
    kind: AlertKind = Field(description="`yield_below` or `defect_repeat`")
    message: str = Field(description="what happened, for people")
    workstation_id: int | None = Field(description="where (yield alerts, scoped rules)")
    defect_code: str | None = Field(description="which defect (`defect_repeat`)")
    value: float = Field(description="the yield in % or the number of occurrences")
    details: dict[str, Any] | None = Field(description="the figures behind the alert")
    at: datetime = Field(description="when the rule fired")
    acknowledged_at: datetime | None = Field(description="when acknowledged (null: open)")
    acknowledged_by: str | None = Field(description="who acknowledged it")
