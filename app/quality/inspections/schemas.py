"""Request and response bodies for the quality log."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import ConfigDict, Field, StringConstraints

from app.kit.schemas import InputSchema, Notes, OutputSchema
from app.masterdata.schemas import DefectCodeRef, RefId
from app.models import QualityEventType


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
    batch_id: int | None = Field(None, description="batch, if about a batch")
    quantity: int = Field(
        1, description="how many items it concerns: 1 for a unit, the quantity for a batch"
    )
    order: str | None = Field(description="order number, if about a unit or batch")
    step: int | None = Field(description="route step")
    workstation_id: int | None = Field(description="workstation")
    defect_code: str | None = Field(description="defect code")
    measurement_id: int | None = Field(description="the measurement, for a measured inspection")
    notes: str | None = Field(description="free text")
    actor: str = Field(description="who recorded it")
    at: datetime = Field(description="when")
