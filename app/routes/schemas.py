"""Request and response bodies for routes and their revisions."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import ConfigDict, Field, JsonValue, Strict

from app.kit.schemas import Code, InputSchema, Name, OutputSchema, PatchSchema
from app.masterdata.schemas import RefId

MAX_STEPS = 200
MAX_REVISION = 2**31 - 1
MAX_CYCLE_S = 365 * 24 * 3600.0

_STEPS_EXAMPLE: list[JsonValue] = [
    {"name": "Mount rotor", "workstation_id": 1, "is_gate": False, "ideal_cycle_s": 42.0},
    {"name": "End-of-line test", "workstation_id": 2, "is_gate": True, "ideal_cycle_s": 60.0},
]


class StepIn(InputSchema):
    """One step of a route; its position in the list is its `seq` (1-based)."""

    name: Name = Field(description="what is done at this step (1-200 characters)")
    workstation_id: RefId = Field(description="id of the workstation that performs the step")
    is_gate: Annotated[bool, Strict()] = Field(
        False, description="a quality gate: units need a pass decision to move on"
    )
    ideal_cycle_s: Annotated[float, Strict()] | None = Field(
        None,
        gt=0,
        le=MAX_CYCLE_S,
        allow_inf_nan=False,
        description="ideal cycle time in seconds (> 0), used for OEE performance; optional",
    )


Steps = Annotated[list[StepIn], Field(min_length=1, max_length=MAX_STEPS)]


class RouteCreate(InputSchema):
    """A route for a part; its steps become revision 1."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"code": "R-SMX", "name": "SMX assembly", "part_id": 1, "steps": _STEPS_EXAMPLE}
            ]
        }
    )

    code: Code = Field(description="unique route code", examples=["R-SMX"])
    name: Name = Field(description="display name", examples=["SMX assembly"])
    part_id: RefId = Field(description="id of the part this route builds", examples=[1])
    steps: Steps = Field(description=f"the steps in order (1 to {MAX_STEPS})")


class RevisionCreate(InputSchema):
    """The complete step list of the next revision (earlier revisions never change)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"steps": _STEPS_EXAMPLE}]})

    steps: Steps = Field(description=f"the steps in order (1 to {MAX_STEPS})")


class RouteUpdate(PatchSchema):
    """Rename a route. Steps change only through a new revision."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"name": "SMX assembly v2"}]})

    code: Code | None = Field(None, description="new unique route code")
    name: Name | None = Field(None, description="new display name")


class StepOut(OutputSchema):
    seq: int = Field(description="position in the route, 1-based")
    name: str = Field(description="what is done at this step")
    workstation_id: int = Field(description="id of the workstation that performs the step")
    is_gate: bool = Field(description="a quality gate: units need a pass decision to move on")
    ideal_cycle_s: float | None = Field(description="ideal cycle time in seconds, if known")


class RouteOut(OutputSchema):
    """A route at its current revision."""

    id: int = Field(description="route id")
    code: str = Field(description="unique route code")
    name: str = Field(description="display name")
    part_id: int = Field(description="id of the part this route builds")
    revision: int = Field(description="the current revision (1, 2, …); new orders pin it")
    steps: list[StepOut] = Field(description="the current revision's steps, by `seq`")
    created_at: datetime = Field(description="when the route was created")
    updated_at: datetime = Field(description="when the route or its current revision changed")


class RouteRevisionOut(OutputSchema):
    """One immutable revision of a route."""

    route_id: int = Field(description="id of the route")
    revision: int = Field(description="revision number (1, 2, …)")
    steps: list[StepOut] = Field(description="the revision's steps, by `seq`")
    created_at: datetime = Field(description="when the revision was created")
    created_by: str = Field(description="who created it (`user:<name>` or `api_key:<name>`)")
