"""Response bodies for machine states and counts."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from app.kit.schemas import OutputSchema
from app.models import MachineStateName


class MachineStateOut(OutputSchema):
    id: int = Field(description="interval id")
    workstation_id: int = Field(description="workstation")
    state: MachineStateName = Field(description="`running`, `idle`, `down`, `setup` or `off`")
    reason: str | None = Field(description="reason code the machine gave, if any")
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
