"""Request and response bodies for shop-floor configuration."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import ConfigDict, Field, Strict, StringConstraints

from app.kit.schemas import MAX_ID, Code, InputSchema, Name, OutputSchema, PatchSchema
from app.models import PartKind, Severity

# A defect code named in a command's body.
DefectCodeRef = Annotated[
    str,
    StringConstraints(min_length=1, max_length=32),
    Field(description="a configured defect code", examples=["SCRATCH"]),
]

# References in request bodies are strict: `true` or `"7"` is a mistake, not the id 1 or 7.
RefId = Annotated[int, Strict(), Field(ge=1, le=MAX_ID)]

PartNumber = Annotated[
    str,
    StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-/]*$"),
]
SerialPrefix = Annotated[
    str, StringConstraints(min_length=1, max_length=20, pattern=r"^[A-Za-z0-9][A-Za-z0-9_\-]*$")
]
SerialDigits = Annotated[int, Strict(), Field(ge=1, le=12)]
Description = Annotated[str, StringConstraints(min_length=1, max_length=500)]
# A unit of measure: `pcs`, `kg`, `m`, `l`, `m2`, …
Uom = Annotated[
    str, StringConstraints(min_length=1, max_length=16, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.%/\-]*$")
]
_KIND = (
    "`product` (built on routes, serialized), `component` or `material` (received in lots, "
    "listed in BOMs)"
)


# -- lines ----------------------------------------------------------------------------------


class LineCreate(InputSchema):
    code: Code = Field(description="unique line code, used in MQTT topics", examples=["L1"])
    name: Name = Field(description="display name", examples=["Final assembly 1"])

    model_config = {"json_schema_extra": {"examples": [{"code": "L1", "name": "Final assembly 1"}]}}


class LineUpdate(PatchSchema):
    code: Code | None = Field(None, description="new unique line code")
    name: Name | None = Field(None, description="new display name")

    model_config = {"json_schema_extra": {"examples": [{"name": "Final assembly 1 (north)"}]}}


class LineOut(OutputSchema):
    id: int = Field(description="line id")
    code: str = Field(description="unique line code")
    name: str = Field(description="display name")
    created_at: datetime = Field(description="when the line was created")
    updated_at: datetime = Field(description="when the line last changed")


# -- workstations ---------------------------------------------------------------------------

# Machine-data settings (optional).
IdealCycle = Annotated[float, Strict(), Field(gt=0, le=1e9)]
SilenceTimeout = Annotated[int, Strict(), Field(gt=0, le=31_536_000)]
_IDEAL_CYCLE = (
    "the machine's planned run time per item in seconds (> 0), for OEE from machine counts"
)
_AUTO_ISSUE_TYPE = (
    "an issue type code: a machine reporting `down` opens such an issue (stored as given; "
    "checked against issue types once they exist)"
)
_SILENCE = (
    "seconds (> 0) of silence after which the machine is recorded as `down` (reason category "
    "`unqualified`)"
)


class WorkstationCreate(InputSchema):
    """A workstation (work center) on a line."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "code": "WS10",
                    "name": "Screwing",
                    "line_id": 1,
                    "ideal_cycle_s": 30.0,
                    "silence_timeout_s": 300,
                }
            ]
        }
    )

    code: Code = Field(
        description="workstation code, unique within its line; used in MQTT topics",
        examples=["WS10"],
    )
    name: Name = Field(description="display name", examples=["Screwing station"])
    line_id: RefId = Field(description="id of the line the workstation belongs to", examples=[1])
    ideal_cycle_s: IdealCycle | None = Field(None, description=_IDEAL_CYCLE)
    auto_issue_type: Code | None = Field(None, description=_AUTO_ISSUE_TYPE)
    silence_timeout_s: SilenceTimeout | None = Field(None, description=_SILENCE)


class WorkstationUpdate(PatchSchema):
    """Rename a workstation. Its line is fixed: to move it, create one on the other line."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"name": "Screwing (torque-controlled)"}]}
    )

    nullable = frozenset({"ideal_cycle_s", "auto_issue_type", "silence_timeout_s"})

    code: Code | None = Field(None, description="new code, unique within the line")
    name: Name | None = Field(None, description="new display name")
    ideal_cycle_s: IdealCycle | None = Field(None, description=_IDEAL_CYCLE + "; null clears")
    auto_issue_type: Code | None = Field(None, description=_AUTO_ISSUE_TYPE + "; null clears")
    silence_timeout_s: SilenceTimeout | None = Field(None, description=_SILENCE + "; null clears")


class WorkstationOut(OutputSchema):
    id: int = Field(description="workstation id")
    code: str = Field(description="workstation code, unique within its line")
    name: str = Field(description="display name")
    line_id: int = Field(description="id of the line the workstation belongs to")
    ideal_cycle_s: float | None = Field(description=_IDEAL_CYCLE)
    auto_issue_type: str | None = Field(description=_AUTO_ISSUE_TYPE)
    silence_timeout_s: int | None = Field(description=_SILENCE)
    created_at: datetime = Field(description="when the workstation was created")
    updated_at: datetime = Field(description="when the workstation last changed")


# -- parts ----------------------------------------------------------------------------------


class PartCreate(InputSchema):
    """A part number and its serial scheme: serial = prefix + "-" + zero-padded counter."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "number": "4711-100",
                    "name": "Servo motor SMX",
                    "serial_prefix": "SMX",
                    "serial_digits": 5,
                }
            ]
        }
    )

    number: PartNumber = Field(
        description="unique part number as the ERP knows it: letters, digits, '_', '.', '-', '/'",
        examples=["4711-100"],
    )
    name: Name = Field(description="display name", examples=["Servo motor SMX"])
    serial_prefix: SerialPrefix = Field(
        description="unique serial prefix: letters, digits, '_', '-' (serials look like "
        "`SMX-00001`)",
        examples=["SMX"],
    )
    serial_digits: SerialDigits = Field(
        description="digits the serial counter is zero-padded to (1-12)", examples=[5]
    )
    kind: PartKind = Field(PartKind.PRODUCT, strict=False, description=_KIND)
    uom: Uom = Field("pcs", description="unit of measure of its quantities", examples=["pcs"])


class PartUpdate(PatchSchema):
    """Change a part. The serial scheme can change only until the first serial is issued."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"name": "Servo motor SMX, rev B"}]})

    number: PartNumber | None = Field(None, description="new unique part number")
    name: Name | None = Field(None, description="new display name")
    serial_prefix: SerialPrefix | None = Field(
        None, description="new unique serial prefix; 409 once serials have been issued"
    )
    serial_digits: SerialDigits | None = Field(
        None, description="new zero-padding width (1-12); 409 once serials have been issued"
    )
    kind: PartKind | None = Field(
        None,
        strict=False,
        description="new kind; 409 `in_use` to `product` while lots or BOMs use it",
    )
    uom: Uom | None = Field(None, description="new unit of measure")


class PartOut(OutputSchema):
    id: int = Field(description="part id")
    number: str = Field(description="unique part number")
    name: str = Field(description="display name")
    serial_prefix: str = Field(description="unique serial prefix")
    serial_digits: int = Field(description="digits the serial counter is zero-padded to")
    serial_counter: int = Field(
        description="serials issued so far (read-only; unit generation advances it)"
    )
    kind: PartKind = Field(description=_KIND)
    uom: str = Field(description="unit of measure of its quantities")
    created_at: datetime = Field(description="when the part was created")
    updated_at: datetime = Field(description="when the part last changed")


# -- defect codes ---------------------------------------------------------------------------


class DefectCodeCreate(InputSchema):
    """A defect code operators attach to gate failures, rework and scrap."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"code": "SCR-01", "description": "Screw missing", "severity": "major"}]
        }
    )

    code: Code = Field(description="unique defect code", examples=["SCR-01"])
    description: Description = Field(
        description="what the defect is (1-500 characters)", examples=["Screw missing"]
    )
    severity: Severity = Field(
        strict=False, description="`minor`, `major` or `critical`", examples=["major"]
    )


class DefectCodeUpdate(PatchSchema):
    model_config = ConfigDict(json_schema_extra={"examples": [{"severity": "critical"}]})

    code: Code | None = Field(None, description="new unique defect code")
    description: Description | None = Field(None, description="new description")
    severity: Severity | None = Field(None, strict=False, description="new severity")


class DefectCodeOut(OutputSchema):
    id: int = Field(description="defect code id")
    code: str = Field(description="unique defect code")
    description: str = Field(description="what the defect is")
    severity: Severity = Field(description="`minor`, `major` or `critical`")
    created_at: datetime = Field(description="when the defect code was created")
    updated_at: datetime = Field(description="when the defect code last changed")
