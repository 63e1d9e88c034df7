"""Request and response bodies of imports and their mapping profiles."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import ConfigDict, Field, StringConstraints, model_validator

from app.kit.problems import Problem, ValidationIssue
from app.kit.schemas import InputSchema, OutputSchema, PatchSchema


class ImportTarget(StrEnum):
    """What an import creates or updates: `orders` (matched by `external_ref`), `parts` (by
    `number`), `lots` (by `part` and `code`)."""

    ORDERS = "orders"
    PARTS = "parts"
    LOTS = "lots"


MappingName = Annotated[
    str, StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
]
Header = Annotated[str, StringConstraints(min_length=1, max_length=200)]
FieldName = Annotated[str, StringConstraints(min_length=1, max_length=64)]
DefaultValue = Annotated[str, StringConstraints(max_length=200)] | int | float
DateFormat = Annotated[str, StringConstraints(min_length=2, max_length=64, pattern=r"%")]

_COLUMNS = "field → the column header holding it (fields not named: the header equal to the field)"
_DEFAULTS = "field → value used where the file has no such column or the cell is blank"
_DATE_FORMAT = (
    "strptime format of dates and times in the file, e.g. `%d.%m.%Y`; ISO 8601 without one"
)

_EXAMPLE: dict[str, Any] = {
    "name": "sap-orders",
    "target": "orders",
    "columns": {"external_ref": "Auftrag", "part": "Material", "quantity": "Menge"},
    "defaults": {"priority": 3},
    "date_format": "%d.%m.%Y",
}


def known_fields(target: ImportTarget) -> tuple[str, ...]:
    from app.imports.service import TARGETS

    return tuple(f.name for f in TARGETS[target.value].fields)


def _check_fields(target: ImportTarget, names: list[str]) -> None:
    fields = known_fields(target)
    unknown = [n for n in names if n not in fields]
    if unknown:
        raise ValueError(
            f"unknown field(s) {', '.join(unknown)} of {target.value}: known are "
            + ", ".join(fields)
        )


class ImportMappingCreate(InputSchema):
    """A named mapping profile: how a file's columns map to the target's fields."""

    model_config = ConfigDict(json_schema_extra={"examples": [_EXAMPLE]})

    name: MappingName = Field(description="unique name (the CLI's `--mapping NAME`)")
    target: ImportTarget = Field(strict=False, description="`orders`, `parts` or `lots`")
    columns: dict[FieldName, Header] = Field(default_factory=dict, description=_COLUMNS)
    defaults: dict[FieldName, DefaultValue] = Field(default_factory=dict, description=_DEFAULTS)
    date_format: DateFormat | None = Field(None, description=_DATE_FORMAT)

    @model_validator(mode="after")
    def _known(self) -> ImportMappingCreate:
        _check_fields(self.target, [*self.columns, *self.defaults])
        return self


class ImportMappingUpdate(PatchSchema):
    nullable = frozenset({"date_format"})
    model_config = ConfigDict(json_schema_extra={"examples": [{"date_format": "%Y-%m-%d"}]})

    name: MappingName | None = Field(None, description="new unique name")
    columns: dict[FieldName, Header] | None = Field(None, description=_COLUMNS)
    defaults: dict[FieldName, DefaultValue] | None = Field(None, description=_DEFAULTS)
    date_format: DateFormat | None = Field(None, description=_DATE_FORMAT + "; null to clear")


class ImportMappingOut(OutputSchema):
    id: int = Field(description="mapping id")
    name: str = Field(description="unique name")
    target: ImportTarget = Field(description="`orders`, `parts` or `lots`")
    columns: dict[str, str] = Field(description=_COLUMNS)
    defaults: dict[str, Any] = Field(description=_DEFAULTS)
    date_format: str | None = Field(description=_DATE_FORMAT)
    created_at: datetime = Field(description="when the mapping was created")
    updated_at: datetime = Field(description="when the mapping last changed")


class RowErrorOut(OutputSchema):
    row: int = Field(description="row number in the file (the header is row 1)", examples=[7])
    column: str | None = Field(
        description="the column header (null: the row as a whole)", examples=["Menge"]
    )
    code: str = Field(
        description="`required`, `invalid_number`, `invalid_date`, `invalid_value`, "
        "`unknown_part`, `unknown_route`, `unknown_line`, `duplicate_in_file`, `duplicate`, "
        "`order_not_editable`, … (docs/imports.md)",
        examples=["invalid_number"],
    )
    message: str = Field(
        description="what is wrong, for a person", examples=["expected a whole number, got 'ten'"]
    )


class ImportResult(OutputSchema):
    target: ImportTarget = Field(description="what was imported")
    rows: int = Field(description="data rows read (blank rows are skipped)")
    created: int = Field(description="records created (a dry run: that would be created)")
    updated: int = Field(description="records changed (a dry run: that would be changed)")
    unchanged: int = Field(description="rows matching a record that already has their values")
    errors: list[RowErrorOut] = Field(description="row errors (empty on success)")
    errors_total: int = Field(description="row errors in all (the list stops at 1,000)")
    dry_run: bool = Field(description="whether nothing was written")


class ImportProblem(Problem):
    """An import refused: `import_invalid` (with the counts and every row error, nothing
    written), `invalid_file`, `missing_columns` (with `columns`), `mapping_target_mismatch`,
    or `validation_error` (a form field, with `errors` by `loc`)."""

    errors: list[RowErrorOut | ValidationIssue] | None = Field(  # type: ignore[assignment]
        None, description="`import_invalid`: the row errors (the first 1,000); else by field"
    )
    columns: list[str] | None = Field(None, description="`missing_columns`: the missing headers")
    target: ImportTarget | None = Field(None, description="`import_invalid`: the target")
    rows: int | None = Field(None, description="`import_invalid`: data rows read")
    created: int | None = Field(None, description="`import_invalid`: records it would create")
    updated: int | None = Field(None, description="`import_invalid`: records it would change")
    unchanged: int | None = Field(None, description="`import_invalid`: rows changing nothing")
    errors_total: int | None = Field(None, description="`import_invalid`: row errors in all")
    dry_run: bool | None = Field(None, description="`import_invalid`: whether it was a dry run")

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "type": "urn:takt:problem:import_invalid",
                    "title": "Import rejected",
                    "status": 422,
                    "detail": "1 error in 120 rows: nothing was imported",
                    "code": "import_invalid",
                    "target": "orders",
                    "rows": 120,
                    "created": 100,
                    "updated": 19,
                    "unchanged": 0,
                    "errors": [
                        {
                            "row": 7,
                            "column": "Menge",
                            "code": "invalid_number",
                            "message": "expected a whole number, got 'ten'",
                        }
                    ],
                    "errors_total": 1,
                    "dry_run": False,
                }
            ]
        }
    }
