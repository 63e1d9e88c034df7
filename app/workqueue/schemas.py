"""Response bodies of the work queue."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import Field

from app.kit.schemas import OutputSchema
from app.models import OrderStatus


class QueueKind(StrEnum):
    UNIT = "unit"
    BATCH = "batch"


class QueueAwaiting(StrEnum):
    """What a queue item waits for."""

    MOVE = "move"
    GATE_DECISION = "gate_decision"
    DISPOSITION = "disposition"
    ARRIVAL = "arrival"
    START = "start"
    COMPLETE = "complete"


# At the workstation's step, a unit awaits what its `awaiting` says; one step before, arrival.
UNIT_AWAITING = frozenset(
    {QueueAwaiting.MOVE, QueueAwaiting.GATE_DECISION, QueueAwaiting.DISPOSITION}
)
BATCH_AWAITING = frozenset({QueueAwaiting.START, QueueAwaiting.COMPLETE})

AWAITING_DESCRIPTION = (
    "what the item waits for: a unit at this workstation's step `move`, `gate_decision` or "
    "`disposition` (its own `awaiting`); a unit at the step before `arrival`; a batch whose "
    "step here is ready `start`, one whose step here is in progress `complete`"
)


class QueueItem(OutputSchema):
    """A unit or batch waiting at a workstation or arriving next."""

    kind: QueueKind = Field(description="`unit` (serialized) or `batch` (a quantity)")
    serial: str | None = Field(description="the unit's serial; null for a batch")
    batch_id: int | None = Field(description="the batch's id; null for a unit", examples=[None])
    order: str = Field(description="order number")
    order_status: OrderStatus = Field(
        description="the order's status: `running`, or `paused`/`blocked` (its items wait but "
        "cannot be worked on until it runs again)",
        examples=["running"],
    )
    priority: int = Field(description="the order's priority, 1 (highest) to 5", examples=[2])
    due_date: date | None = Field(description="the order's due date", examples=["2026-12-01"])
    part: str = Field(description="part number")
    awaiting: QueueAwaiting = Field(description=AWAITING_DESCRIPTION)
    step: int = Field(
        description="the item's current route step (for an arriving unit the step before this "
        "workstation's, 0 before the route)",
        examples=[2],
    )
    station_step: int = Field(
        description="the route step at this workstation the item is at or arrives at",
        examples=[2],
    )
    step_name: str = Field(description="that step's name", examples=["Final test"])
    quantity: int = Field(description="1 for a unit, the step's input quantity for a batch")
    since: datetime = Field(
        description="since when it waits: a unit's last change (entering its step, a failed "
        "gate, its creation at step 0); a batch step's start, else the previous step's "
        "completion, else the batch's creation"
    )
