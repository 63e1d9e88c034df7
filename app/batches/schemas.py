"""Request and response bodies for quantity batches."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from app.kit.schemas import InputSchema, Notes, OutputSchema
from app.masterdata.schemas import DefectCodeRef
from app.models import BatchStatus, BatchStepStatus
from app.orders.schemas import MAX_QUANTITY
from app.quality.measurements.schemas import MeasuredValue


class CreateBatch(InputSchema):
    quantity: int = Field(
        ge=1, le=MAX_QUANTITY, description=f"quantity of the batch (1 to {MAX_QUANTITY})"
    )
    notes: Notes | None = Field(None, description="free text kept with the batch")

    model_config = {"json_schema_extra": {"examples": [{"quantity": 500, "notes": "lot A"}]}}


class CompleteStep(InputSchema):
    good: int = Field(ge=0, le=MAX_QUANTITY, description="quantity that passed the step")
    scrap: int = Field(0, ge=0, le=MAX_QUANTITY, description="quantity scrapped at the step")
    defect_code: DefectCodeRef | None = None
    notes: Notes | None = Field(None, description="free text recorded with the step")

    model_config = {
        "json_schema_extra": {
            "examples": [
                {"good": 480, "scrap": 20, "defect_code": "SCRATCH"},
                {"good": 500},
            ]
        }
    }


class BatchStepOut(OutputSchema):
    seq: int = Field(description="route step seq (1-based)")
    name: str = Field(description="step name")
    workstation_id: int = Field(description="workstation of the step")
    is_gate: bool = Field(description="a quality gate: its required tests must pass first")
    status: BatchStepStatus = Field(description="`pending`, `in_progress` or `done`")
    quantity_in: int | None = Field(
        description="quantity that entered the step (the previous step's good); null until "
        "the previous step is done"
    )
    good: int | None = Field(description="quantity that passed (once done)")
    scrap: int | None = Field(description="quantity scrapped (once done)")
    defect_code: str | None = Field(description="defect code of the scrap")
    notes: str | None = Field(description="notes of the completion")
    started_at: datetime | None = Field(description="when the step was started")
    started_by: str | None = Field(description="who started it")
    completed_at: datetime | None = Field(description="when it was completed")
    completed_by: str | None = Field(description="who completed it")
    seconds: float | None = Field(description="from start to completion")


class BatchOut(OutputSchema):
    id: int = Field(description="batch id")
    order: str = Field(description="order number", examples=["PO-0001"])
    quantity: int = Field(description="quantity the batch started with")
    status: BatchStatus = Field(
        description="`in_progress`; `completed` after its last step; `scrapped` when a step "
        "passed nothing"
    )
    step: int = Field(
        description="the step in progress or next to start; once finished, the step that "
        "finished it"
    )
    good: int = Field(description="quantity still good (all of it before the first step)")
    scrap: int = Field(description="quantity scrapped so far")
    notes: str | None = Field(description="notes given at creation")
    created_by: str = Field(description="who created the batch")
    created_at: datetime = Field(description="when it was created")
    updated_at: datetime = Field(description="when it last changed")
    finished_at: datetime | None = Field(description="when it completed or was scrapped")
    steps: list[BatchStepOut] = Field(description="its route steps, in order")


class BatchMeasurementOut(MeasuredValue):
    batch_id: int = Field(description="the batch sampled")
