"""WIP snapshot bodies."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from app.kit.schemas import MAX_ID


class WorkstationWip(BaseModel):
    workstation_id: int = Field(description="workstation id")
    code: str = Field(description="workstation code")
    name: str = Field(description="workstation name")
    line_id: int = Field(description="line of the workstation")
    count: int = Field(
        description="in-progress units whose current step is at this workstation, plus the "
        "`quantity_in` of batch steps in progress here"
    )


class WipSnapshot(BaseModel):
    seq: int = Field(description="sequence number of the last WIP event this snapshot includes")
    workstations: list[WorkstationWip] = Field(description="every workstation (of the line)")
    not_started: int = Field(description="in-progress units at step 0 (units only: no batches)")
    in_progress: int = Field(
        description="in-progress units at step 1 or later (units only: batch quantities are in "
        "the workstations' `count`)"
    )
    completed: int = Field(description="completed units (units only)")
    scrapped: int = Field(description="scrapped units (units only)")


class WipStreamQuery(BaseModel):
    """Query parameters of `WS /api/v1/wip/ws` (unknown ones are ignored, as on GET)."""

    model_config = ConfigDict(extra="ignore")

    since: int | None = Field(
        None,
        ge=0,
        le=MAX_ID,
        description="resume: replay every event after this `seq` instead of a snapshot",
    )
    line_id: int | None = Field(None, ge=1, le=MAX_ID, description="only this line")
    token: str | None = Field(
        None,
        min_length=1,
        max_length=4096,
        description="bearer token; browsers had better offer the subprotocols "
        '["takt.bearer", token] instead: a query string ends up in logs',
    )
