"""Request and response bodies for labour booking and the labour report."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import ConfigDict, Field, StringConstraints, model_validator

from app.analytics.quality.schemas import Window
from app.kit.schemas import InputSchema, OutputSchema
from app.masterdata.schemas import RefId


class ClockOn(InputSchema):
    """Clock a person on to a job: a unit's or a batch's current step (exactly one of
    `serial` and `batch_id`)."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"serial": "SMX-00001"}, {"batch_id": 1, "user_id": 2}]}
    )

    serial: Annotated[str, StringConstraints(min_length=1, max_length=64)] | None = Field(
        None, description="the unit worked on (its current step)"
    )
    batch_id: RefId | None = Field(None, description="the batch worked on (its current step)")
    user_id: RefId | None = Field(
        None,
        description="who is clocked on (default: the caller). Someone else: supervisors and "
        "admins only",
    )

    @model_validator(mode="after")
    def _one_job(self) -> ClockOn:
        if (self.serial is None) == (self.batch_id is None):
            raise ValueError("give exactly one of `serial` and `batch_id`")
        return self


class LabourEntryOut(OutputSchema):
    id: int = Field(description="labour entry id")
    user_id: int = Field(description="the person's user id")
    user: str = Field(description="the person's username (when clocked on)")
    serial: str | None = Field(description="the unit, for a unit's job")
    batch_id: int | None = Field(description="the batch, for a batch's job")
    order: str = Field(description="order number")
    step: int = Field(description="route step `seq` worked on")
    workstation_id: int | None = Field(description="the step's workstation")
    started_at: datetime = Field(description="clocked on")
    ended_at: datetime | None = Field(description="clocked off (null while open)")
    seconds: float | None = Field(description="ended_at - started_at in seconds (null while open)")
    started_by: str = Field(description="who clocked the person on")
    ended_by: str | None = Field(
        description="who clocked the person off (the actor of the move or batch step "
        "completion that closed the entry)"
    )


class LabourGroup(StrEnum):
    USER = "user"
    ORDER = "order"
    STEP = "step"
    WORKSTATION = "workstation"


class LabourRow(OutputSchema):
    key: str = Field(
        description="the group: username, order number, `ROUTE/seq name`, or workstation code"
    )
    user_id: int | None = Field(None, description="group `user`: the person")
    order: str | None = Field(None, description="group `order`: the order number")
    route_id: int | None = Field(None, description="group `step`: the route")
    route: str | None = Field(None, description="group `step`: the route code")
    step: int | None = Field(None, description="group `step`: the step `seq`")
    step_name: str | None = Field(None, description="group `step`: the step name")
    workstation_id: int | None = Field(None, description="group `workstation`: its id")
    workstation: str | None = Field(None, description="group `workstation`: its code")
    entries: int = Field(description="labour entries closed in the window")
    hours: float = Field(description="Σ their durations, in hours")
    units: int = Field(
        description="units (for batches: good quantity) that finished their step in the "
        "window while the group was clocked on to them"
    )
    standard_hours: float = Field(
        description="`Σ ideal_cycle_s * units / 3600` over the route steps (steps without an ideal "
        "cycle time add nothing)"
    )
    efficiency: float | None = Field(description="standard_hours / hours (null: no hours)")


class LabourReport(Window):
    group_by: LabourGroup = Field(description="how rows are grouped")
    rows: list[LabourRow] = Field(description="one row per group with labour in the window")
