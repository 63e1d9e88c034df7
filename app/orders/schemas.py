"""Request and response bodies for production orders."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from app.kit.schemas import Id, InputSchema, IsoDate, IsoDatetime, OutputSchema, PatchSchema
from app.models import OrderStatus, Tracking

MAX_QUANTITY = 1_000_000

ExternalRef = Annotated[
    str,
    StringConstraints(min_length=1, max_length=64),
    Field(description="the ERP's own order number; unique when given", examples=["SAP-4500012"]),
]
Priority = Annotated[int, Field(ge=1, le=5, description="1 (highest) to 5 (lowest)")]
Quantity = Annotated[int, Field(ge=1, le=MAX_QUANTITY, description="units to build")]


class OrderSort(StrEnum):
    """How `GET /orders` sorts: a field, ascending, or descending with a `-` prefix. Ties
    are broken by id in the same direction; orders without a due date come last either way."""

    PRIORITY = "priority"
    PRIORITY_DESC = "-priority"
    DUE_DATE = "due_date"
    DUE_DATE_DESC = "-due_date"
    CREATED_AT = "created_at"
    CREATED_AT_DESC = "-created_at"

    @property
    def field(self) -> str:
        return self.value.lstrip("-")

    @property
    def descending(self) -> bool:
        return self.value.startswith("-")


class OrderCreate(InputSchema):
    part_id: Id = Field(description="part to build")
    quantity: Quantity
    route_id: Id | None = Field(
        None,
        description="route to follow; may be omitted when the part has exactly one route. "
        "The route's current revision is pinned to the order.",
    )
    priority: Priority = 3
    due_date: IsoDate | None = Field(None, description="when the order is due (YYYY-MM-DD)")
    planned_start: IsoDatetime | None = Field(
        None,
        description="when the order is planned to start (ISO 8601 with an offset); its "
        "plant-local date may not be after `due_date`",
    )
    line_id: Id | None = Field(None, description="line the order is planned on")
    external_ref: ExternalRef | None = None
    tracking: Tracking = Field(
        Tracking.SERIAL,
        strict=False,
        description="`serial`: serialized units (POST /orders/{number}/units); `batch`: "
        "quantity batches (POST /orders/{number}/batches)",
    )

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "part_id": 1,
                    "quantity": 100,
                    "priority": 2,
                    "due_date": "2026-12-01",
                    "planned_start": "2026-11-28T06:00:00+01:00",
                    "external_ref": "SAP-4500012",
                },
                {"part_id": 2, "quantity": 5000, "tracking": "batch", "priority": 3},
            ]
        }
    }


class OrderUpdate(PatchSchema):
    nullable = frozenset({"due_date", "planned_start", "line_id", "external_ref"})

    quantity: Quantity | None = None
    priority: Priority | None = None
    due_date: IsoDate | None = Field(None, description="new due date, or null to clear")
    planned_start: IsoDatetime | None = Field(
        None, description="new planned start (ISO 8601 with an offset), or null to clear"
    )
    line_id: Id | None = Field(None, description="new planned line, or null to clear")
    external_ref: ExternalRef | None = None

    model_config = {
        "json_schema_extra": {
            "examples": [{"quantity": 120, "priority": 1, "due_date": "2026-12-05"}]
        }
    }


class OrderActionBody(InputSchema):
    reason: Annotated[str, StringConstraints(max_length=500)] | None = Field(
        None, description="why (recorded in the audit log)", examples=["material shortage"]
    )
    open_units: Literal["scrap"] | None = Field(
        None,
        description="`complete` and `cancel` only: what happens to units still in progress. "
        "`scrap` scraps them (history `scrapped`, the order's `scrapped` counter); "
        "`cancel` always does, `complete` is 409 `units_in_progress` without it",
    )

    model_config = {
        "json_schema_extra": {
            "examples": [
                {"reason": "material shortage"},
                {"reason": "customer cancelled", "open_units": "scrap"},
            ]
        }
    }


class OrderOut(OutputSchema):
    id: int = Field(description="order id")
    number: str = Field(description="order number, PO-0001, PO-0002, …", examples=["PO-0001"])
    part_id: int = Field(description="part being built")
    route_id: int = Field(description="route followed")
    route_revision: int = Field(description="route revision pinned when the order was created")
    bom_revision: int | None = Field(
        None, description="the part's BOM revision pinned when the order was created; null: none"
    )
    quantity: int = Field(description="units to build")
    priority: int = Field(description="1 (highest) to 5 (lowest)")
    due_date: date | None = Field(description="due date")
    planned_start: datetime | None = Field(description="planned start (UTC)")
    line_id: int | None = Field(description="planned line")
    external_ref: str | None = Field(description="ERP order number")
    tracking: Tracking = Field(description="`serial` (units) or `batch` (quantity batches)")
    status: OrderStatus = Field(description="lifecycle status")
    started: int = Field(
        description="units generated so far (batch orders: the quantity of their batches)"
    )
    completed: int = Field(description="units (quantity) completed")
    scrapped: int = Field(description="units (quantity) scrapped")
    created_at: datetime = Field(description="when the order was created")
    updated_at: datetime = Field(description="when the order last changed")
    started_at: datetime | None = Field(description="when the order first started running")
    finished_at: datetime | None = Field(
        description="when the order became complete, cancelled or rejected"
    )
