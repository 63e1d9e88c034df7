"""The unit record (device history record) and the batch record, as the API shows them.

Everything in a record is attributable (an actor) and time-stamped; docs/records.md says which
table each section is rebuilt from.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import ConfigDict, Field

from app.kit.schemas import OutputSchema

Actor = Annotated[
    str,
    Field(description="who: `user:…`, `api_key:…`, `mqtt:…`, `system`", examples=["user:admin"]),
]


class RecordUnit(OutputSchema):
    serial: str = Field(description="unit serial", examples=["SMX-00001"])
    status: str = Field(
        description="`in_progress`, `completed` or `scrapped`", examples=["completed"]
    )
    step: int = Field(description="current step (0: not yet on the route; finished: the last)")
    rework_count: int = Field(description="how many times the unit was sent back")
    created_at: datetime = Field(description="when the unit was generated")
    finished_at: datetime | None = Field(description="when it completed or was scrapped")


class RecordOrder(OutputSchema):
    number: str = Field(description="order number", examples=["PO-0001"])
    external_ref: str | None = Field(description="the ERP's reference", examples=["SAP-4500012"])
    quantity: int = Field(description="quantity ordered")
    status: str = Field(description="order status", examples=["running"])


class RecordPart(OutputSchema):
    number: str = Field(description="part number", examples=["SMX-100"])
    name: str = Field(description="part name", examples=["Smart meter"])
    kind: str = Field(description="`product`, `component` or `material`", examples=["product"])
    uom: str = Field(description="unit of measure", examples=["pcs"])


class RecordRoute(OutputSchema):
    code: str = Field(description="route code", examples=["R-SMX"])
    revision: int = Field(description="the route revision the order pinned")


class RecordBomItem(OutputSchema):
    part: str = Field(description="component part number", examples=["SCR-M4"])
    name: str = Field(description="component part name", examples=["Screw M4"])
    quantity: float = Field(description="quantity per unit made")
    uom: str = Field(description="the component's unit of measure", examples=["pcs"])
    step: int | None = Field(description="route step where it is consumed (null: any)")


class RecordBom(OutputSchema):
    revision: int = Field(description="the BOM revision the order pinned")
    items: list[RecordBomItem] = Field(description="its components")


class RecordStay(OutputSchema):
    step: int = Field(description="route step seq")
    workstation: str | None = Field(description="workstation code", examples=["WS10"])
    entered_at: datetime = Field(description="when the unit entered the step")
    entered_by: str = Field(description="who moved it there", examples=["user:operator"])
    left_at: datetime | None = Field(description="when it left (null: still there)")
    left_by: str | None = Field(description="who finished the step", examples=["user:operator"])
    seconds: float | None = Field(description="time at the step (null: still there)")
    outcome: str | None = Field(
        description="how it left: the event type (`moved`, `gate_passed`, `reworked`, "
        "`completed`, `scrapped`, …); null while still there",
        examples=["moved"],
    )


class RecordMeasurement(OutputSchema):
    test: str = Field(description="test name", examples=["Torque"])
    unit: str = Field(description="unit of the value", examples=["Nm"])
    value: float | None = Field(description="the value of a scalar test (null: a series)")
    points: int = Field(description="how many values (1 for a scalar)")
    mean: float = Field(description="mean of the values")
    min: float = Field(description="smallest value")
    max: float = Field(description="largest value")
    lower_limit: float | None = Field(description="the lower limit it was judged against")
    upper_limit: float | None = Field(description="the upper limit it was judged against")
    result: Literal["pass", "fail"] = Field(description="the verdict")
    failed_gate: bool = Field(description="whether it failed the gate the unit waited at")
    source: str = Field(description="`operator`, `machine` or `import`", examples=["operator"])
    step: int = Field(description="route step where it was taken")
    workstation: str | None = Field(description="workstation code", examples=["WS10"])
    rework_count: int = Field(description="the unit's (batch: 0) rework count at the time")
    actor: Actor
    at: datetime = Field(description="when it was measured")


class RecordQualityEvent(OutputSchema):
    type: str = Field(
        description="`inspection`, `rework`, `scrap` or `observation`", examples=["inspection"]
    )
    result: Literal["pass", "fail"] | None = Field(description="inspection result, if any")
    quantity: int = Field(description="items concerned (1 for a unit)")
    step: int | None = Field(description="route step")
    workstation: str | None = Field(description="workstation code", examples=["WS10"])
    defect_code: str | None = Field(description="defect code", examples=["SCRATCH"])
    notes: str | None = Field(description="free text")
    actor: Actor
    at: datetime = Field(description="when")


class RecordLabour(OutputSchema):
    user: str = Field(description="who worked", examples=["jdoe"])
    step: int = Field(description="route step worked on")
    workstation: str | None = Field(description="workstation code", examples=["WS10"])
    on: datetime = Field(description="clocked on")
    off: datetime | None = Field(description="clocked off (null: still on)")
    hours: float | None = Field(description="hours worked (null: still on)")
    on_by: str = Field(description="who clocked on", examples=["user:jdoe"])
    off_by: str | None = Field(description="who (or what) clocked off", examples=["user:jdoe"])


class RecordLot(OutputSchema):
    lot_id: int = Field(description="lot id")
    lot: str = Field(description="lot code", examples=["L-2026-0042"])
    part: str = Field(description="the lot's part number", examples=["SCR-M4"])
    quantity: float = Field(description="quantity consumed")
    uom: str = Field(description="the part's unit of measure", examples=["pcs"])
    step: int = Field(description="route step where it was consumed")
    workstation: str | None = Field(description="workstation code", examples=["WS10"])
    actor: Actor
    at: datetime = Field(description="when it was consumed")


class ChildLot(OutputSchema):
    lot: str = Field(description="lot code", examples=["L-2026-0042"])
    part: str = Field(description="the lot's part number", examples=["SCR-M4"])
    quantity: float = Field(description="quantity consumed")


class RecordChild(OutputSchema):
    """A sub-assembly installed into the unit, with its own record summary (recursively)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "serial": "PCB-00017",
                    "part": "PCB-7",
                    "status": "completed",
                    "step": 1,
                    "installed_at": "2026-01-31T08:03:00Z",
                    "installed_by": "user:operator",
                    "removed_at": "2026-01-31T09:00:00Z",
                    "removed_by": "user:supervisor",
                    "removed_reason": "wrong variant",
                    "lots": [{"lot": "SOLDER-9", "part": "SN-100", "quantity": 0.2}],
                    "measurements_passed": 3,
                    "measurements_failed": 0,
                    "children": [],
                }
            ]
        }
    )

    serial: str = Field(description="the child's serial", examples=["PCB-00017"])
    part: str = Field(description="the child's part number", examples=["PCB-7"])
    status: str = Field(description="the child's status", examples=["completed"])
    step: int = Field(description="the parent's step it was installed at")
    installed_at: datetime = Field(description="when it was installed")
    installed_by: str = Field(description="who installed it", examples=["user:operator"])
    removed_at: datetime | None = Field(description="when it was removed (null: installed)")
    removed_by: str | None = Field(description="who removed it")
    removed_reason: str | None = Field(description="why it was removed")
    lots: list[ChildLot] = Field(description="lots the child consumed")
    measurements_passed: int = Field(description="the child's passing measurements")
    measurements_failed: int = Field(description="the child's failing measurements")
    children: list[RecordChild] = Field(description="the child's own sub-assemblies")


class RecordIssue(OutputSchema):
    id: int = Field(description="issue id")
    relation: Literal["unit", "order", "workstation", "line"] = Field(
        description="why it is in the record: it names the unit, the unit or batch's order, "
        "or the workstation (or its whole line) while the unit or batch was there"
    )
    type: str = Field(description="issue type code", examples=["MAT"])
    title: str = Field(description="short summary", examples=["Screws M4 out of stock"])
    status: str = Field(
        description="`open`, `acknowledged`, `resolved` or `closed`", examples=["resolved"]
    )
    blocking: bool = Field(description="whether it blocked")
    workstation: str | None = Field(description="workstation code", examples=["WS10"])
    line: str | None = Field(description="line code", examples=["L1"])
    opened_by: str = Field(description="who opened it", examples=["user:operator"])
    opened_at: datetime = Field(description="when it was opened")
    acknowledged_by: str | None = Field(description="who acknowledged it")
    acknowledged_at: datetime | None = Field(description="when")
    resolved_by: str | None = Field(description="who resolved it")
    resolved_at: datetime | None = Field(description="when")
    resolution: str | None = Field(description="what was done")
    closed_by: str | None = Field(description="who closed it")
    closed_at: datetime | None = Field(description="when")


class RecordEvent(OutputSchema):
    type: str = Field(description="event type", examples=["moved"])
    from_step: int | None = Field(description="step before the event")
    to_step: int | None = Field(description="step after the event")
    workstation: str | None = Field(
        description="workstation of the event (where it ended for `completed`/`scrapped`)"
    )
    result: Literal["pass", "fail"] | None = Field(description="inspection result, if any")
    defect_code: str | None = Field(description="defect code, if any")
    notes: str | None = Field(description="free text")
    actor: Actor
    at: datetime = Field(description="when")


class UnitRecord(OutputSchema):
    """The device history record of one unit: everything that happened to it."""

    unit: RecordUnit
    order: RecordOrder
    part: RecordPart
    route: RecordRoute
    bom_revision: RecordBom | None = Field(description="the BOM the order pinned (null: none)")
    stays: list[RecordStay] = Field(description="every stay at a route step, oldest first")
    measurements: list[RecordMeasurement] = Field(description="every measurement, oldest first")
    quality_events: list[RecordQualityEvent] = Field(description="the quality log, oldest first")
    labour: list[RecordLabour] = Field(description="labour entries, oldest first")
    lots: list[RecordLot] = Field(description="lots consumed, oldest first")
    children: list[RecordChild] = Field(
        description="sub-assemblies installed (open and removed), each with its summary"
    )
    issues: list[RecordIssue] = Field(description="issues touching the unit, oldest first")
    history: list[RecordEvent] = Field(description="the unit's history, oldest first")
    generated_at: datetime = Field(description="when this record was generated")
    generated_by: str = Field(description="who asked for it", examples=["user:admin"])


class RecordBatch(OutputSchema):
    id: int = Field(description="batch id")
    status: str = Field(
        description="`in_progress`, `completed` or `scrapped`", examples=["completed"]
    )
    quantity: int = Field(description="quantity the batch took of the order")
    good: int = Field(description="still good (passed by the last completed step)")
    scrap: int = Field(description="scrapped so far")
    step: int = Field(description="the step in progress or next (finished: the last)")
    notes: str | None = Field(description="free text")
    created_by: str = Field(description="who created it", examples=["user:supervisor"])
    created_at: datetime = Field(description="when it was created")
    finished_at: datetime | None = Field(description="when it finished")


class RecordBatchStep(OutputSchema):
    seq: int = Field(description="route step seq")
    name: str = Field(description="step name", examples=["Mixing"])
    workstation: str | None = Field(description="workstation code", examples=["WS10"])
    is_gate: bool = Field(description="whether the step is a quality gate")
    status: str = Field(description="`pending`, `in_progress` or `done`", examples=["done"])
    quantity_in: int | None = Field(description="what entered the step")
    good: int | None = Field(description="what passed it")
    scrap: int | None = Field(description="what was scrapped at it")
    defect_code: str | None = Field(description="defect code of the scrap")
    notes: str | None = Field(description="free text")
    started_at: datetime | None = Field(description="when it started")
    started_by: str | None = Field(description="who started it", examples=["user:operator"])
    completed_at: datetime | None = Field(description="when it completed")
    completed_by: str | None = Field(description="who completed it", examples=["user:operator"])
    seconds: float | None = Field(description="start to completion")


class RecordBatchEvent(OutputSchema):
    type: str = Field(description="event type", examples=["batch_step_completed"])
    step: int | None = Field(description="route step")
    workstation: str | None = Field(description="workstation code", examples=["WS10"])
    quantity: int | None = Field(description="quantity in (started) or created")
    good: int | None = Field(description="good (completed)")
    scrap: int | None = Field(description="scrap (completed)")
    defect_code: str | None = Field(description="defect code, if any")
    notes: str | None = Field(description="free text")
    actor: Actor
    at: datetime = Field(description="when")


class BatchRecord(OutputSchema):
    """The electronic batch record: everything that happened to one batch."""

    batch: RecordBatch
    order: RecordOrder
    part: RecordPart
    route: RecordRoute
    bom_revision: RecordBom | None = Field(description="the BOM the order pinned (null: none)")
    steps: list[RecordBatchStep] = Field(description="the batch's route steps, in order")
    measurements: list[RecordMeasurement] = Field(description="sample measurements, oldest first")
    quality_events: list[RecordQualityEvent] = Field(description="the quality log, oldest first")
    labour: list[RecordLabour] = Field(description="labour entries, oldest first")
    lots: list[RecordLot] = Field(description="lots consumed, oldest first")
    issues: list[RecordIssue] = Field(description="issues touching the batch, oldest first")
    history: list[RecordBatchEvent] = Field(description="the batch's history, oldest first")
    generated_at: datetime = Field(description="when this record was generated")
    generated_by: str = Field(description="who asked for it", examples=["user:admin"])
