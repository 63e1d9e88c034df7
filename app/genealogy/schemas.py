"""Request and response bodies of sub-assemblies, genealogy and where-used."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import ConfigDict, Field, StringConstraints

from app.kit.schemas import NONBLANK_TEXT, InputSchema, OutputSchema
from app.models import UnitStatus

ChildSerial = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=NONBLANK_TEXT)]


class InstallChild(InputSchema):
    """Install a completed unit into this (parent) unit at the parent's current step."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"child_serial": "PCB-00042"}]})

    child_serial: ChildSerial = Field(description="serial of the sub-assembly to install")


class RemoveChild(InputSchema):
    """Take an installed sub-assembly out of this (parent) unit."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"child_serial": "PCB-00042", "reason": "no boot"}]}
    )

    child_serial: ChildSerial = Field(description="serial of the installed sub-assembly")
    reason: Annotated[
        str, StringConstraints(min_length=1, max_length=500, pattern=NONBLANK_TEXT)
    ] = Field(description="why it is removed (kept in both units' histories and the audit log)")


class AssemblyOut(OutputSchema):
    """A child unit installed into a parent unit; `removed_at` set once it was taken out."""

    id: int = Field(description="assembly record id")
    parent: str = Field(description="the parent unit's serial", examples=["SMX-00001"])
    child: str = Field(description="the child unit's serial", examples=["PCB-00042"])
    child_part: str = Field(description="the child's part number", examples=["PCB-200"])
    step: int = Field(description="the parent's route step `seq` it was installed at")
    installed_at: datetime = Field(description="when it was installed")
    installed_by: str = Field(description="who installed it", examples=["user:operator"])
    removed_at: datetime | None = Field(description="when it was removed (null: installed)")
    removed_by: str | None = Field(description="who removed it", examples=[None])
    removed_reason: str | None = Field(description="why it was removed", examples=[None])


class GenealogyLot(OutputSchema):
    """A lot a unit consumed, with the quantity that unit consumed of it (summed)."""

    lot_id: int = Field(description="lot id")
    code: str = Field(description="the lot's code (unique per part)", examples=["L-2026-0117"])
    part: str = Field(description="the lot's part number", examples=["RES-10K"])
    quantity: float = Field(description="quantity of the lot consumed by this unit (summed)")
    supplier: str | None = Field(description="the lot's supplier", examples=["Acme Components"])


_LOT_EXAMPLE: dict[str, Any] = {
    "lot_id": 1,
    "code": "L-2026-0117",
    "part": "RES-10K",
    "quantity": 2.0,
    "supplier": "Acme Components",
}
_NODE_EXAMPLE: dict[str, Any] = {
    "serial": "SMX-00001",
    "part": "4711-100",
    "status": "in_progress",
    "installed_at": None,
    "lots": [_LOT_EXAMPLE],
    "children": [
        {
            "serial": "PCB-00042",
            "part": "PCB-200",
            "status": "completed",
            "installed_at": "2026-01-31T08:00:00Z",
            "lots": [{**_LOT_EXAMPLE, "lot_id": 2, "code": "L-2026-0120", "quantity": 1.0}],
            "children": [],
        }
    ],
}


class GenealogyNode(OutputSchema):
    """A unit in a genealogy tree: its lots and its installed children, recursively."""

    model_config = ConfigDict(json_schema_extra={"examples": [_NODE_EXAMPLE]})

    serial: str = Field(description="unit serial", examples=["SMX-00001"])
    part: str = Field(description="part number")
    status: UnitStatus = Field(description="the unit's status")
    installed_at: datetime | None = Field(
        None, description="when it was installed into its parent in this tree (null: the root)"
    )
    lots: list[GenealogyLot] = Field(description="lots this unit consumed itself")
    children: list[GenealogyNode] = Field(
        description="sub-assemblies installed in it now (removed ones are not part of it)"
    )


class WhereUsedKind(StrEnum):
    UNIT = "unit"
    BATCH = "batch"


class LotSummary(OutputSchema):
    id: int = Field(description="lot id")
    code: str = Field(description="the lot's code", examples=["L-2026-0117"])
    part: str = Field(description="the lot's part number", examples=["RES-10K"])
    supplier: str | None = Field(description="supplier", examples=["Acme Components"])
    quantity: float = Field(description="quantity received")
    remaining: float = Field(description="quantity not consumed yet")
    status: str = Field(description="`available`, `on_hold` or `consumed`", examples=["on_hold"])


class WhereUsedItem(OutputSchema):
    """A unit or batch that consumed the lot (`depth` 0, `via` `direct`), or a unit one of
    those is installed in now (`depth` ≥ 1, `via` the serial of the child it contains on
    the way down to the lot)."""

    kind: WhereUsedKind = Field(description="`unit` or `batch`")
    serial: str | None = Field(description="the unit's serial (null for a batch)")
    batch_id: int | None = Field(description="the batch's id (null for a unit)", examples=[None])
    part: str = Field(description="part number")
    order: str = Field(description="production order number")
    external_ref: str | None = Field(description="the order's ERP reference")
    status: str = Field(description="the unit's or batch's status", examples=["completed"])
    via: str = Field(
        description="`direct` (consumed the lot itself) or the serial of the installed child "
        "through which it contains the lot",
        examples=["direct"],
    )
    depth: int = Field(description="0: consumed the lot; n: n assembly levels above that")
    quantity: float | None = Field(
        description="quantity of the lot it consumed itself (null above depth 0)"
    )


class WhereUsed(OutputSchema):
    """The recall list of a lot: whole, not paginated (a recall needs every unit)."""

    lot: LotSummary
    items: list[WhereUsedItem] = Field(
        description="every affected unit and batch: by depth, then batches after units, "
        "then serial or batch id"
    )
    units: int = Field(description="how many units are listed")
    batches: int = Field(description="how many batches are listed")
