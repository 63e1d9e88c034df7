"""Shared Pydantic bases and field types."""

from __future__ import annotations

import re
from datetime import date
from types import UnionType
from typing import Annotated, Any, ClassVar, Union, get_args, get_origin

from fastapi import Path
from pydantic import (
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    Strict,
    StringConstraints,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema


class InputSchema(BaseModel):
    """Request bodies: unknown fields are an error, so a typo never silently does nothing.

    Strict: `true` or `"5"` where a number is due is a mistake, not 1 or 5 (nor `1` a boolean).
    FastAPI validates the parsed JSON in Python mode, where strict mode also refuses strings
    for enums, dates and times, which JSON can only send as strings: such fields are declared
    with `Parsed`, `IsoDate` or `IsoDatetime` below.
    """

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, strict=True)

    # Fields that take an integer and no float: JSON (and the JSON Schema the document is
    # written in) has numbers, not integers, so `5.0` is the integer 5 there, while strict
    # mode would refuse it; `5.5` stays an error.
    _integral: ClassVar[frozenset[str]] = frozenset()

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        cls._integral = frozenset(n for n, f in cls.model_fields.items() if _integral(f.annotation))

    @model_validator(mode="before")
    @classmethod
    def _integral_numbers(cls, data: Any) -> Any:
        if not cls._integral or not isinstance(data, dict):
            return data
        floats = [k for k in cls._integral if type(data.get(k)) in (float, list)]
        return {**data, **{k: _as_int(data[k]) for k in floats}} if floats else data


def _leaves(annotation: Any) -> list[Any]:
    """The types a field takes, through Annotated, unions and lists (list[int] → [int])."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _leaves(get_args(annotation)[0])
    if origin in (Union, UnionType, list):
        return [leaf for arg in get_args(annotation) for leaf in _leaves(arg)]
    return [annotation]


def _integral(annotation: Any) -> bool:
    leaves = _leaves(annotation)
    return int in leaves and float not in leaves


def _as_int(value: Any) -> Any:
    if type(value) is float and value.is_integer():
        return int(value)
    if type(value) is list:
        return [_as_int(v) for v in value]
    return value


# A field of a strict `InputSchema` whose JSON value is a string parsed into its type (an enum).
Parsed = Strict(False)
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def text_only(value: Any) -> Any:
    """Dates and times are ISO 8601 text: a number (or numeric text) is not a Unix timestamp."""
    if isinstance(value, date):  # datetime too: Python callers
        return value
    if not isinstance(value, str) or _NUMBER.fullmatch(value.strip()):
        raise ValueError("expected an ISO 8601 date or date-time string, not a number")
    return value


# ISO 8601 with an offset (`2026-01-31T08:00:00Z`); never a number.
IsoDatetime = Annotated[AwareDatetime, Strict(False), BeforeValidator(text_only)]
# ISO 8601 calendar date (`2026-12-01`); never a number.
IsoDate = Annotated[date, Strict(False), BeforeValidator(text_only)]


class PatchSchema(InputSchema):
    """Partial updates: omitted fields stay as they are; `null` only where a field allows it.

    The fields are optional in Python (`X | None = None`), so the JSON schema is told which
    fields take `null`: only those in `nullable`.
    """

    nullable: ClassVar[frozenset[str]] = frozenset()

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        schema = handler(core_schema)
        target = handler.resolve_ref_schema(schema)
        for name, prop in target.get("properties", {}).items():
            if name not in cls.nullable:
                not_null(prop)
        return schema

    @model_validator(mode="after")
    def _no_null_for_required(self) -> PatchSchema:
        for name in self.model_fields_set:
            if getattr(self, name) is None and name not in self.nullable:
                raise ValueError(f"{name} may not be null")
        return self

    def changes(self) -> dict[str, Any]:
        return self.model_dump(exclude_unset=True)


def not_null(prop: dict[str, Any]) -> None:
    """Drop the `null` branch (and the null default) of an optional field's schema."""
    options = prop.get("anyOf")
    if isinstance(options, list):
        rest = [o for o in options if o.get("type") != "null"]
        if len(rest) == 1:
            del prop["anyOf"]
            prop.update({k: v for k, v in rest[0].items() if k not in prop})
        else:
            prop["anyOf"] = rest
    if prop.get("default", 0) is None:
        del prop["default"]


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
# The same with something besides blanks: text is trimmed before it is checked, so " " is as
# empty as "" (the document says so with this pattern, not only with minLength).
NONBLANK_TEXT = r"^[^\x00-\x1f\x7f]*[^\s\x00-\x1f\x7f][^\x00-\x1f\x7f]*$"
Name = Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=NONBLANK_TEXT)]
MULTILINE_TEXT = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
Notes = Annotated[str, StringConstraints(max_length=2000, pattern=MULTILINE_TEXT)]
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID, description="record id")]


# A unit's serial as a path parameter.
Serial = Annotated[str, Path(max_length=64, description="unit serial", examples=["SMX-00001"])]
