"""Request and response bodies for measurements."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import ConfigDict, Field, Strict, model_validator

from app.kit.schemas import MAX_ID, InputSchema, IsoDatetime, OutputSchema
from app.models import MeasurementSource, ValueKind
from app.quality.definitions.schemas import Number, TestName

MAX_POINTS = 10_000
TestRef = Annotated[int, Strict(), Field(ge=1, le=MAX_ID)] | TestName


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


class MeasuredValue(OutputSchema):
    """What every measurement says, of a unit or of a batch sample."""

    id: int = Field(description="measurement id")
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
    actor: str = Field(description="who recorded it")
    at: datetime = Field(description="when it was measured")


class MeasurementOut(MeasuredValue):
    serial: str = Field(description="unit serial")
    rework_count: int = Field(
        description="the unit's rework count when measured; gates count only measurements "
        "taken since the last rework"
    )
    failed_gate: bool = Field(
        False,
        description="true when this failing result failed the gate the unit was waiting at "
        "(the unit now awaits `disposition`)",
    )


class SpcPoint(OutputSchema):
    """One measurement in time order, for control charts."""

    id: int = Field(description="measurement id")
    serial: str | None = Field(description="unit serial (null for a batch sample)")
    batch_id: int | None = Field(description="the batch, for a batch's sample measurement")
    test_id: int = Field(description="test definition id")
    value: float | None = Field(description="the value (scalar test)")
    values: list[float] | None = Field(description="the values (vector test)")
    mean: float = Field(description="the value, or the mean of the values")
    lower_limit: float | None = Field(description="lower limit at the time")
    upper_limit: float | None = Field(description="upper limit at the time")
    result: Literal["pass", "fail"] = Field(description="`pass` or `fail`")
    workstation_id: int | None = Field(description="workstation of the test's step")
    at: datetime = Field(description="when it was measured")
