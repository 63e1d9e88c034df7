"""Response bodies for machine states and counts."""

from __future__ import annotations

from datetime import datetime

from pydantic import ConfigDict, Field

from app.kit.schemas import Code, InputSchema, OutputSchema
from app.models import MachineStateName


class MachineStateOut(OutputSchema):
    id: int = Field(description="interval id")
    workstation_id: int = Field(description="workstation")
    state: MachineStateName = Field(description="`running`, `idle`, `down`, `setup` or `off`")
    reason: str | None = Field(description="free-text reason the machine gave, if any")
    reason_id: int | None = Field(description="the configured downtime reason, if named")
    reason_code: str | None = Field(description="that downtime reason's code")
    started_at: datetime = Field(description="start of the interval")
    ended_at: datetime | None = Field(description="end of the interval (null: current state)")
    seconds: float = Field(description="length of the interval (until now while current)")
    actor: str = Field(description="the source: `mqtt:<topic>` or `mapping:<id>`")


class CountsOut(OutputSchema):
    workstation_id: int = Field(description="workstation")
    start: datetime | None = Field(description="from (inclusive), as requested")
    end: datetime | None = Field(description="to (exclusive), as requested")
    good: int = Field(description="good parts produced in the period (counter deltas)")
    reject: int = Field(description="rejected parts produced in the period")
    readings: int = Field(description="counter readings that added quantity")
    resets: int = Field(description="counter resets seen")


class StateReasonUpdate(InputSchema):
    """Name the downtime reason of a non-running machine-state interval."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"reason_code": "TOOL-BRK"}]})

    reason_code: Code | None = Field(
        description="a configured downtime reason's code; null clears the reason"
    )
