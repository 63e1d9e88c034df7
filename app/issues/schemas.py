"""Request and response bodies for issue types and issues."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import ConfigDict, Field, Strict, StringConstraints

from app.kit.schemas import (
    MAX_ID,
    MULTILINE_TEXT,
    NONBLANK_TEXT,
    Code,
    InputSchema,
    Name,
    OutputSchema,
    PatchSchema,
)
from app.masterdata.schemas import RefId
from app.models import IssueSeverity, IssueStatus

Title = Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=NONBLANK_TEXT)]
# Trimmed before it is checked: blanks alone are empty.
LongText = Annotated[str, StringConstraints(min_length=1, max_length=2000, pattern=MULTILINE_TEXT)]
OrderNumber = Annotated[str, StringConstraints(min_length=1, max_length=20)]
SerialRef = Annotated[str, StringConstraints(min_length=1, max_length=64)]
TypeCode = Annotated[str, StringConstraints(min_length=1, max_length=32)]
TypeId = Annotated[int, Strict(), Field(ge=1, le=MAX_ID)]

_SEVERITY = "`low`, `medium`, `high` or `critical`"


# -- issue types ----------------------------------------------------------------------------


class IssueTypeCreate(InputSchema):
    """A kind of issue. A `blocking` type's issues block the order they name (and, in a
    later release, the workstation or line they name) until resolved."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"code": "MAT", "name": "Material shortage", "blocking": True, "severity": "high"}
            ]
        }
    )

    code: Code = Field(description="unique type code", examples=["MAT"])
    name: Name = Field(description="display name", examples=["Material shortage"])
    blocking: bool = Field(description="whether its issues block what they name")
    severity: IssueSeverity = Field(strict=False, description=_SEVERITY, examples=["high"])


class IssueTypeUpdate(PatchSchema):
    """New values; `blocking` applies to issues opened afterwards (an open issue keeps what
    it blocks)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"severity": "critical"}]})

    code: Code | None = Field(None, description="new unique type code")
    name: Name | None = Field(None, description="new display name")
    blocking: bool | None = Field(None, description="whether issues opened from now block")
    severity: IssueSeverity | None = Field(None, strict=False, description=_SEVERITY)


class IssueTypeOut(OutputSchema):
    id: int = Field(description="issue type id")
    code: str = Field(description="unique type code", examples=["MAT"])
    name: str = Field(description="display name", examples=["Material shortage"])
    blocking: bool = Field(description="whether its issues block what they name")
    severity: IssueSeverity = Field(description=_SEVERITY, examples=["high"])
    created_at: datetime = Field(description="when the type was created")
    updated_at: datetime = Field(description="when the type last changed")


# -- issues ---------------------------------------------------------------------------------


class IssueCreate(InputSchema):
    """An issue raised on the shop floor. It names where it is (`line_id`, `workstation_id`)
    and what it concerns (`order`, `serial`); a serial also names its order."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "type": "MAT",
                    "title": "Screws M4 out of stock",
                    "description": "Bin at WS10 empty, reorder placed",
                    "order": "PO-0001",
                    "workstation_id": 1,
                }
            ]
        }
    )

    type: TypeId | TypeCode = Field(
        description="the issue type: its id or its code", examples=["MAT"]
    )
    title: Title = Field(description="short summary", examples=["Screws M4 out of stock"])
    description: LongText | None = Field(None, description="details")
    order: OrderNumber | None = Field(
        None, description="the order concerned (its number)", examples=["PO-0001"]
    )
    line_id: RefId | None = Field(None, description="the line where the issue is")
    workstation_id: RefId | None = Field(None, description="the workstation where it is")
    serial: SerialRef | None = Field(
        None, description="the unit concerned (also names its order)", examples=["SMX-00001"]
    )


class IssueResolve(InputSchema):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"resolution": "Screws restocked from stores"}]}
    )

    resolution: LongText = Field(description="what was done", examples=["Screws restocked"])


class IssueOut(OutputSchema):
    id: int = Field(description="issue id")
    type: str = Field(description="the issue type's code", examples=["MAT"])
    blocking: bool = Field(description="whether it blocks (its type's, when it was opened)")
    status: IssueStatus = Field(
        description="`open`, `acknowledged`, `resolved` or `closed`", examples=["open"]
    )
    title: str = Field(description="short summary", examples=["Screws M4 out of stock"])
    description: str | None = Field(description="details")
    order: str | None = Field(description="the order concerned", examples=["PO-0001"])
    line_id: int | None = Field(description="the line named, or the workstation's line")
    workstation_id: int | None = Field(description="the workstation named")
    serial: str | None = Field(description="the unit concerned", examples=["SMX-00001"])
    opened_by: str = Field(description="who opened it", examples=["user:operator"])
    opened_at: datetime = Field(description="when it was opened")
    acknowledged_by: str | None = Field(description="who acknowledged it")
    acknowledged_at: datetime | None = Field(description="when it was acknowledged")
    resolved_by: str | None = Field(description="who resolved it")
    resolved_at: datetime | None = Field(description="when it was resolved")
    resolution: str | None = Field(description="what was done", examples=["Screws restocked"])
    closed_by: str | None = Field(description="who closed it")
    closed_at: datetime | None = Field(description="when it was closed")
