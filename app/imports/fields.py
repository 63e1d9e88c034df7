"""Fields of an import target, how a mapping finds them in a file, and how a cell becomes a
value (or a row error a planner can act on).

A cell is converted by its field's kind: text, integer, number, date, datetime or a choice.
CSV cells are text; XLSX cells may already be numbers or dates. Dates are ISO 8601 unless
the mapping gives a strptime `date_format`; a datetime without an offset is plant-local
time (`TAKT_TIMEZONE`), a date where a datetime is due is its plant-local midnight.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from app.imports.errors import MissingColumns
from app.imports.reader import Cell


class Kind(StrEnum):
    TEXT = "text"
    INT = "int"
    NUMBER = "number"
    DATE = "date"
    DATETIME = "datetime"
    CHOICE = "choice"


@dataclass(frozen=True)
class Field:
    """A field of an import target. `key`: part of the natural key (its column must be in
    the file); `create`: needed to create a record (a row error `required` when missing)."""

    name: str
    kind: Kind
    description: str
    key: bool = False
    create: bool = False
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class RowError:
    row: int
    column: str | None
    code: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "code": self.code, "message": self.message}


class CellError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class Layout:
    """Where each field of the target is in the file (column index), or its default."""

    fields: dict[str, Field]
    index: dict[str, int]
    headers: dict[str, str]  # field → the column header (for error reports)
    defaults: dict[str, Any]
    date_format: str | None
    zone: ZoneInfo

    def column(self, name: str) -> str:
        return self.headers.get(name, name)

    def provided(self, name: str) -> bool:
        return name in self.index or name in self.defaults


def layout(
    fields: tuple[Field, ...],
    header: list[str],
    *,
    columns: dict[str, str] | None,
    defaults: dict[str, Any] | None,
    date_format: str | None,
    zone: ZoneInfo,
) -> Layout:
    """Match the header to the fields: a mapping's `columns` name the header of a field,
    otherwise the header equal to the field's name (case-insensitive) is used. The natural
    key's columns must be there (422 `missing_columns` listing what lacks)."""
    by_header = {h.casefold(): i for i, h in reversed(list(enumerate(header))) if h}
    index: dict[str, int] = {}
    headers: dict[str, str] = {}
    missing: list[str] = []
    for f in fields:
        wanted = (columns or {}).get(f.name, f.name)
        headers[f.name] = wanted
        found = by_header.get(wanted.casefold())
        if found is not None:
            index[f.name] = found
        elif f.key and f.name not in (defaults or {}):
            missing.append(wanted)
    if missing:
        raise MissingColumns(
            f"the header row lacks the column{'s' if len(missing) > 1 else ''} "
            + ", ".join(repr(m) for m in missing),
            columns=missing,
        )
    by_name = {f.name: f for f in fields}
    return Layout(by_name, index, headers, dict(defaults or {}), date_format, zone)


def read_row(lay: Layout, row: int, cells: list[Cell], errors: list[RowError]) -> dict[str, Any]:
    """The row's values by field: converted cells, else defaults; a blank cell is left out
    (on an update the field stays as it is). Conversion errors go to `errors`."""
    values: dict[str, Any] = {}
    for name, f in lay.fields.items():
        at = lay.index.get(name)
        raw = cells[at] if at is not None and at < len(cells) else None
        if _blank(raw):
            if name in lay.defaults:
                raw = lay.defaults[name]
            else:
                continue
        try:
            values[name] = convert(f, raw, lay.date_format, lay.zone)
        except CellError as exc:
            errors.append(RowError(row, lay.column(name), exc.code, exc.message))
    return values


def _blank(raw: Cell) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


_INT = re.compile(r"[+-]?\d+")
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def convert(f: Field, raw: Any, date_format: str | None, zone: ZoneInfo) -> Any:
    """One cell (or default) as the field's value; CellError with a stable code if not."""
    if f.kind is Kind.TEXT:
        if isinstance(raw, float) and raw.is_integer():
            return str(int(raw))  # a spreadsheet's 4711.0 is the part number 4711
        if isinstance(raw, datetime | date | bool):
            raise CellError("invalid_value", f"expected text, got {raw!r}")
        return str(raw).strip()
    if f.kind is Kind.CHOICE:
        text = str(raw).strip().casefold()
        if text not in f.choices:
            raise CellError("invalid_value", f"{raw!r} is not one of {', '.join(f.choices)}")
        return text
    if f.kind is Kind.INT:
        return _int(raw)
    if f.kind is Kind.NUMBER:
        return _number(raw)
    if f.kind is Kind.DATE:
        return _date(raw, date_format)
    return _datetime(raw, date_format, zone)


def _int(raw: Any) -> int:
    if isinstance(raw, bool):
        raise CellError("invalid_number", f"expected a whole number, got {raw!r}")
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    text = str(raw).strip()
    if _INT.fullmatch(text):
        return int(text)
    if _NUMBER.fullmatch(text) and float(text).is_integer():
        return int(float(text))
    raise CellError("invalid_number", f"expected a whole number, got {text!r}")


def _number(raw: Any) -> float:
    if isinstance(raw, bool):
        raise CellError("invalid_number", f"expected a number, got {raw!r}")
    if isinstance(raw, int | float):
        value = float(raw)
    else:
        text = str(raw).strip()
        if not _NUMBER.fullmatch(text):
            raise CellError("invalid_number", f"expected a number, got {text!r}")
        value = float(text)
    if value != value or value in (float("inf"), float("-inf")):
        raise CellError("invalid_number", f"expected a finite number, got {raw!r}")
    return value


def _parse(text: str, date_format: str | None) -> datetime | date:
    if date_format:
        return datetime.strptime(text, date_format)
    if len(text) == 10:
        return date.fromisoformat(text)
    return datetime.fromisoformat(text)


def _date(raw: Any, date_format: str | None) -> date:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    text = str(raw).strip()
    try:
        value = _parse(text, date_format)
    except ValueError as exc:
        raise CellError("invalid_date", _date_message(text, date_format)) from exc
    return value.date() if isinstance(value, datetime) else value


def _datetime(raw: Any, date_format: str | None, zone: ZoneInfo) -> datetime:
    if isinstance(raw, datetime):
        value: datetime | date = raw
    elif isinstance(raw, date):
        value = raw
    else:
        text = str(raw).strip()
        try:
            value = _parse(text, date_format)
        except ValueError as exc:
            raise CellError("invalid_date", _date_message(text, date_format)) from exc
    if not isinstance(value, datetime):
        value = datetime.combine(value, time())
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    return value


def _date_message(text: str, date_format: str | None) -> str:
    if date_format:
        return f"{text!r} does not match the date format {date_format!r}"
    return f"{text!r} is not an ISO 8601 date (YYYY-MM-DD, or YYYY-MM-DDTHH:MM[:SS][+HH:MM])"


@dataclass
class Collected:
    """Row errors, capped: the first `limit` kept, the rest only counted."""

    limit: int
    items: list[RowError] = field(default_factory=list)
    total: int = 0

    def add(self, errors: list[RowError]) -> None:
        self.total += len(errors)
        room = self.limit - len(self.items)
        if room > 0:
            self.items.extend(errors[:room])
