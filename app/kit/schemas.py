"""Shared Pydantic bases and field types."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar

from fastapi import Path
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator


class InputSchema(BaseModel):
    """Request bodies: unknown fields are an error, so a typo never silently does nothing."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class PatchSchema(InputSchema):
    """Partial updates: omitted fields stay as they are; `null` only where a field allows it."""

    nullable: ClassVar[frozenset[str]] = frozenset()

    @model_validator(mode="after")
    def _no_null_for_required(self) -> PatchSchema:
        for name in self.model_fields_set:
            if getattr(self, name) is None and name not in self.nullable:
                raise ValueError(f"{name} may not be null")
        return self

    def changes(self) -> dict[str, Any]:
        return self.model_dump(exclude_unset=True)


class OutputSchema(BaseModel):
    model_config = ConfigDict(from_attributes=True)


Code = Annotated[
    str,
    StringConstraints(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$"),
    Field(description="short identifier: letters, digits, '_', '.', '-'", examples=["L1"]),
]
# Text a person types: no control characters (PostgreSQL refuses NUL in text, and none of
# them belongs in a name); notes may span lines.
PLAIN_TEXT = r"^[^\x00-\x1f\x7f]*$"
Name = Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=PLAIN_TEXT)]
MULTILINE_TEXT = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
Notes = Annotated[str, StringConstraints(max_length=2000, pattern=MULTILINE_TEXT)]
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID, description="record id")]


# A unit's serial as a path parameter.
Serial = Annotated[str, Path(max_length=64, description="unit serial", examples=["SMX-00001"])]
