"""The assistant's tools' arguments: their validation, and their MCP input schemas."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints


class Args(BaseModel):
    model_config = ConfigDict(extra="forbid")


SerialText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=3, max_length=64),
    Field(
        description="unit serial, e.g. `SMX-00042`; fewer digits are padded to the part's "
        "serial scheme (`SMX-42`)",
        examples=["SMX-00042"],
    ),
]
OrderText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=r"^PO-\d{4,}$"),
    Field(description="production order number", examples=["PO-0001"]),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class SerialArgs(Args):
    serial: SerialText


class WipArgs(Args):
    workstation: Name | None = Field(
        None, description='a workstation\'s code or name ("Station 2"): its count only'
    )
    line: Name | None = Field(None, description="a line's code, name or id: that line only")


class OrderArgs(Args):
    order: OrderText


class FailuresArgs(Args):
    day: Literal["today", "yesterday"] = Field(
        "today", description="the plant-local day (TAKT_TIMEZONE)"
    )


class GenerateArgs(Args):
    order: OrderText
    count: int = Field(ge=1, le=10_000, description="how many serialized units to create")


class MoveArgs(Args):
    serial: SerialText
    expected_step: int | None = Field(
        None, ge=0, le=10_000, description="the step the unit should be at (409 otherwise)"
    )


class GateArgs(Args):
    serial: SerialText
    result: Literal["pass", "fail"] = Field(description="the gate inspection's result")
    defect_code: Name | None = Field(None, description="a configured defect code")
    defect: Text | None = Field(
        None, description="a defect in words, matched to a defect code by its description"
    )
    notes: Text | None = Field(None, description="free text for the history")


class MeasureArgs(Args):
    serial: SerialText
    test: Name = Field(description="the test definition's name (any case), e.g. `Torque`")
    value: float | None = Field(None, description="the value of a scalar test")
    values: list[float] | None = Field(None, description="the values of a vector test")
    unit: Name | None = Field(None, description="the unit said with the value; checked")


class IssueArgs(Args):
    type: Name | None = Field(None, description="the issue type's code or name, e.g. `MAT`")
    title: Name = Field(description="short summary")
    order: OrderText | None = None
    serial: SerialText | None = None
    workstation: Name | None = Field(None, description="a workstation's code or name")
    line: Name | None = Field(None, description="a line's code, name or id")


class ScrapArgs(Args):
    serial: SerialText
    reason: Text = Field(description="why the unit is scrapped")
    defect_code: Name | None = Field(None, description="a configured defect code")
    defect: Text | None = Field(
        None, description="a defect in words, matched to a defect code by its description"
    )


class ReworkArgs(Args):
    serial: SerialText
    to_step: int = Field(ge=1, le=10_000, description="the step to redo (this or an earlier one)")
    defect_code: Name | None = Field(None, description="a configured defect code")
    notes: Text | None = Field(None, description="free text for the history")


class CancelArgs(Args):
    order: OrderText
    reason: Text | None = Field(None, description="why the order is cancelled")
