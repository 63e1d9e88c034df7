"""Request and response bodies for test definitions."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import ConfigDict, Field, Strict, StringConstraints, model_validator

from app.kit.schemas import NONBLANK_TEXT, InputSchema, OutputSchema, PatchSchema
from app.masterdata.schemas import RefId
from app.models import ValueKind

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
