"""Request and response bodies for unit execution."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from app.kit.schemas import InputSchema, Notes, OutputSchema
from app.masterdata.schemas import DefectCodeRef
from app.models import Awaiting, EventType, UnitStatus

MAX_GENERATE = 10_000

StepNumber = Annotated[int, Field(ge=0, le=10_000, description="route step seq (0 = not started)")]


class GenerateUnits(InputSchema):
    count: int = Field(ge=1, le=MAX_GENERATE, description=f"units to create (1 to {MAX_GENERATE})")

    model_config = {"json_schema_extra": {"examples": [{"count": 10}]}}


class MoveUnit(InputSchema):
    expected_step: StepNumber | None = Field(
        None, description="refuse (409 `step_mismatch`) unless the unit is at this step"
    )
    notes: Notes | None = Field(None, description="free text recorded in the history")

    model_config = {"json_schema_extra": {"examples": [{"expected_step": 1}]}}


class GateDecision(InputSchema):
    result: Literal["pass", "fail"] = Field(description="inspection result")
    defect_code: DefectCodeRef | None = None
    notes: Notes | None = Field(None, description="free text recorded in the history")

    model_config = {
        "json_schema_extra": {"examples": [{"result": "fail", "defect_code": "SCRATCH"}]}
    }


class ReworkUnit(InputSchema):
    to_step: int = Field(ge=1, le=10_000, description="step to redo (this or an earlier step)")
    defect_code: DefectCodeRef | None = None
    notes: Notes | None = Field(None, description="free text recorded in the history")

    model_config = {"json_schema_extra": {"examples": [{"to_step": 2, "defect_code": "SCRATCH"}]}}


class ScrapUnit(InputSchema):
    reason: Annotated[str, StringConstraints(min_length=1, max_length=500)] = Field(
        description="why the unit is scrapped"
    )
    defect_code: DefectCodeRef | None = None

    model_config = {"json_schema_extra": {"examples": [{"reason": "cracked housing"}]}}


class UnitOut(OutputSchema):
    serial: str = Field(description="serial number", examples=["SMX-00001"])
    order: str = Field(description="production order number", examples=["PO-0001"])
    part: str = Field(description="part number")
    status: UnitStatus = Field(description="`in_progress`, `completed` or `scrapped`")
    step: int = Field(description="current route step seq; 0 = not yet entered the route")
    workstation: str | None = Field(description="code of the current step's workstation")
    workstation_id: int | None = Field(description="id of the current step's workstation")
    awaiting: Awaiting | None = Field(
        description="what the unit waits for: `move`, `gate_decision`, `disposition` "
        "(failed a gate: rework or scrap); null when finished"
    )
    rework_count: int = Field(description="how many times the unit was sent back")
    created_at: datetime = Field(description="when the unit was created")
    updated_at: datetime = Field(description="when the unit last changed")


class GeneratedUnits(OutputSchema):
    items: list[UnitOut] = Field(description="the units created, in serial order")


class HistoryEntry(OutputSchema):
    type: EventType = Field(description="event type")
    step: int | None = Field(
        description="the step the unit is at after the event (for `completed`/`scrapped`: the "
        "step it finished at)"
    )
    workstation: str | None = Field(description="workstation code of `step`")
    from_step: int | None = Field(description="step before the event (null for `created`)")
    to_step: int | None = Field(description="step after the event")
    result: Literal["pass", "fail"] | None = Field(description="inspection result, if any")
    defect_code: str | None = Field(description="defect code, if any")
    notes: str | None = Field(description="free text")
    actor: str = Field(description="who did it: `user:…`, `api_key:…`, `mqtt:…`, `system`")
    at: datetime = Field(description="when")


class StepVisit(OutputSchema):
    step: int = Field(description="route step seq")
    workstation: str | None = Field(description="workstation code")
    entered_at: datetime = Field(description="when the unit entered the step")
    left_at: datetime | None = Field(description="when it left (null: still there)")
    seconds: float | None = Field(description="time at the step")
    left_by: str | None = Field(
        description="who finished the step (moved, passed, reworked, scrapped it)"
    )
    outcome: str | None = Field(description="how the unit left: the event type")
