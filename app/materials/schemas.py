"""Request and response bodies for BOMs, lots, consumption and material readiness."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import ConfigDict, Field, Strict, StringConstraints

from app.kit.schemas import NONBLANK_TEXT, InputSchema, IsoDatetime, OutputSchema
from app.masterdata.schemas import RefId
from app.models import LotStatus, PartKind

MAX_BOM_ITEMS = 500
MAX_STEP = 200
MAX_QUANTITY = 1e12

# Quantities are numbers in the part's unit of measure (`uom`): pieces, kg, m, …
Quantity = Annotated[float, Strict(), Field(gt=0, le=MAX_QUANTITY, allow_inf_nan=False)]
LotCode = Annotated[
    str,
    StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-/]*$"),
]
Supplier = Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=NONBLANK_TEXT)]
Reason = Annotated[str, StringConstraints(min_length=1, max_length=500, pattern=NONBLANK_TEXT)]
StepSeq = Annotated[int, Strict(), Field(ge=1, le=MAX_STEP)]


class PartRef(OutputSchema):
    """A part as other records name it."""

    id: int = Field(description="part id")
    number: str = Field(description="part number", examples=["RES-10K"])
    name: str = Field(description="display name", examples=["Resistor 10 kOhm"])
    kind: PartKind = Field(description="`product`, `component` or `material`")
    uom: str = Field(description="unit of measure of its quantities", examples=["pcs"])


# -- BOM ------------------------------------------------------------------------------------


class BomItemIn(InputSchema):
    """One component: `quantity` of it per unit made, consumed at route step `step` (any
    step when omitted)."""

    component_part_id: RefId = Field(
        description="id of the component or material part (not a `product`)", examples=[2]
    )
    quantity: Quantity = Field(
        description="quantity per unit made, in the component's unit of measure (> 0)",
        examples=[4],
    )
    step: StepSeq | None = Field(
        None,
        description="route step `seq` (1-based) where it is consumed; omitted: at any step",
        examples=[1],
    )


class BomRevisionCreate(InputSchema):
    """The complete item list of the part's next BOM revision (earlier ones never change)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "items": [
                        {"component_part_id": 2, "quantity": 4, "step": 1},
                        {"component_part_id": 3, "quantity": 0.25},
                    ]
                }
            ]
        }
    )

    items: Annotated[list[BomItemIn], Field(min_length=1, max_length=MAX_BOM_ITEMS)] = Field(
        description=f"the components (1 to {MAX_BOM_ITEMS}), each part at most once"
    )


class BomItemOut(OutputSchema):
    component_part_id: int = Field(description="id of the component part")
    component: PartRef = Field(description="the component part")
    quantity: float = Field(description="quantity per unit made")
    step: int | None = Field(description="route step where it is consumed; null: any step")


class BomOut(OutputSchema):
    """One immutable revision of a part's bill of materials."""

    part_id: int = Field(description="id of the part the BOM builds")
    revision: int = Field(description="revision number (1, 2, …); new orders pin the latest")
    items: list[BomItemOut] = Field(description="the components, in the order given")
    created_at: datetime = Field(description="when the revision was created")
    created_by: str = Field(description="who created it")


# -- lots -----------------------------------------------------------------------------------


class LotCreate(InputSchema):
    """A received quantity of a component or material part."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "part_id": 2,
                    "code": "L-2026-0042",
                    "quantity": 5000,
                    "supplier": "Acme Components",
                    "expires_at": "2027-06-30T00:00:00Z",
                }
            ]
        }
    )

    part_id: RefId = Field(description="id of the component or material part", examples=[2])
    code: LotCode = Field(
        description="lot code, unique per part: letters, digits, '_', '.', '-', '/'",
        examples=["L-2026-0042"],
    )
    quantity: Quantity = Field(description="quantity received (> 0)", examples=[5000])
    supplier: Supplier | None = Field(None, description="who supplied it", examples=["Acme"])
    expires_at: IsoDatetime | None = Field(
        None, description="expiry (ISO 8601 with an offset); from then on the lot is refused"
    )


class LotHold(InputSchema):
    model_config = ConfigDict(json_schema_extra={"examples": [{"reason": "supplier recall"}]})

    reason: Reason = Field(description="why the lot is held (recorded in the audit log)")


class LotRelease(InputSchema):
    model_config = ConfigDict(json_schema_extra={"examples": [{"reason": "test report OK"}]})

    reason: Reason | None = Field(None, description="why it is released (audit log)")


class LotOut(OutputSchema):
    id: int = Field(description="lot id")
    code: str = Field(description="lot code, unique per part", examples=["L-2026-0042"])
    part: PartRef = Field(description="the part received")
    quantity: float = Field(description="quantity received")
    remaining: float = Field(description="quantity not yet consumed (never below 0)")
    status: LotStatus = Field(
        description="`available`, `on_hold` or `consumed` (nothing remaining)"
    )
    expired: bool = Field(description="whether `expires_at` has passed (then it is refused)")
    supplier: str | None = Field(description="who supplied it")
    expires_at: datetime | None = Field(description="expiry, if any")
    hold_reason: str | None = Field(description="why it is on hold (while it is)")
    received_at: datetime = Field(description="when it was received")
    received_by: str = Field(description="who received it")


# -- consumption ----------------------------------------------------------------------------


class ConsumeIn(InputSchema):
    model_config = ConfigDict(json_schema_extra={"examples": [{"lot_id": 1, "quantity": 4}]})

    lot_id: RefId = Field(description="id of the lot consumed", examples=[1])
    quantity: Quantity = Field(
        description="quantity taken from the lot, in its part's unit of measure (> 0)",
        examples=[4],
    )


class ConsumptionOut(OutputSchema):
    """A quantity of a lot consumed by a unit or a batch at its current step (append-only)."""

    id: int = Field(description="consumption id")
    lot_id: int = Field(description="id of the lot")
    lot_code: str = Field(description="the lot's code", examples=["L-2026-0042"])
    part: PartRef = Field(description="the lot's part")
    quantity: float = Field(description="quantity consumed")
    serial: str | None = Field(description="the unit that consumed it (null for a batch)")
    batch_id: int | None = Field(description="the batch that consumed it (null for a unit)")
    order: str = Field(description="the order of the unit or batch", examples=["PO-0001"])
    step: int = Field(description="the route step it was consumed at")
    workstation_id: int | None = Field(description="the workstation of that step")
    actor: str = Field(description="who recorded it")
    at: datetime = Field(description="when")


# -- readiness ------------------------------------------------------------------------------


class MaterialLine(OutputSchema):
    component: PartRef = Field(description="the component part")
    step: int | None = Field(description="route step where it is consumed; null: any")
    per_unit: float = Field(description="BOM quantity per unit made")
    required: float = Field(description="per_unit x the order's quantity")
    consumed: float = Field(description="consumed so far by the order's units and batches")
    available: float = Field(
        description="Σ remaining of the part's available, unexpired lots (shared by all orders)"
    )
    short: float = Field(
        description="what is still missing: max(0, required - consumed - available)"
    )


class OrderMaterials(OutputSchema):
    """Material readiness of an order against its pinned BOM revision."""

    order: str = Field(description="order number", examples=["PO-0001"])
    quantity: int = Field(description="the order's quantity")
    bom_revision: int | None = Field(description="the pinned BOM revision; null: no BOM")
    items: list[MaterialLine] = Field(description="one line per BOM item")
    short: bool = Field(description="whether any item is short")
