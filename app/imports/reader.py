"""Reading an uploaded file as rows: CSV (any of `,` `;` tab `|`, UTF-8 with or without a
BOM) or XLSX (openpyxl in read-only mode). Both stream: the file object is read in chunks
(CSV) or row by row from the zip (XLSX), never into one bytes object.

`open_table` returns the header row and an iterator of (row number, cells); the row number
is the one a spreadsheet shows (the header is row 1). Blank rows are skipped. Anything that
is not what it claims to be is `InvalidFile` (422 `invalid_file`), never a crash.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from app.imports.errors import InvalidFile

DELIMITERS = (",", ";", "\t", "|")
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the legacy binary .xls
SNIFF_BYTES = 64 * 1024
MAX_HEADER_COLUMNS = 500

Cell = Any  # str (CSV), or what openpyxl gives: str, int, float, bool, date, datetime, None
Row = tuple[int, list[Cell]]


@dataclass
class Table:
    """A file's header (stripped names) and its data rows, read lazily."""

    kind: str  # "csv" or "xlsx"
    header: list[str]
    rows: Iterator[Row]


def open_table(source: IO[bytes], filename: str | None) -> Table:
    """The table in `source`: XLSX by its zip signature (or its name), else CSV."""
    head = source.read(8)
    source.seek(0)
    name = (filename or "").lower()
    if head.startswith(OLE_MAGIC):
        raise InvalidFile("a legacy .xls workbook: save it as .xlsx or CSV")
    if head.startswith(ZIP_MAGIC):
        return _xlsx(source)
    if name.endswith((".xlsx", ".xlsm")):
        raise InvalidFile(f"{filename} is not an XLSX workbook (not a zip archive)")
    return _csv(source)


def _csv(source: IO[bytes]) -> Table:
    sample = source.read(SNIFF_BYTES)
    source.seek(0)
    if not sample.strip():
        raise InvalidFile("the file is empty")
    if b"\x00" in sample:
        raise InvalidFile("the file is binary, not CSV text")
    first = _first_line(sample)
    delimiter = max(DELIMITERS, key=first.count)
    text = io.TextIOWrapper(source, encoding="utf-8-sig", errors="strict", newline="")
    reader = csv.reader(text, delimiter=delimiter)
    try:
        header = next(reader, None)
    except (UnicodeDecodeError, csv.Error) as exc:
        raise _unreadable(1, exc) from exc
    if header is None or not any(h.strip() for h in header):
        raise InvalidFile("the file has no header row")
    return Table("csv", _names(header), _csv_rows(reader))


def _first_line(sample: bytes) -> str:
    line = sample.split(b"\n", 1)[0]
    return codecs.decode(line, "utf-8", errors="replace")


def _csv_rows(reader: Any) -> Iterator[Row]:
    number = 1
    while True:
        try:
            cells = next(reader, None)
        except (UnicodeDecodeError, csv.Error) as exc:
            raise _unreadable(number + 1, exc) from exc
        if cells is None:
            return
        number += 1
        if any(c.strip() for c in cells):
            if any("\x00" in c for c in cells):
                raise InvalidFile(f"row {number} holds a NUL character: the file is binary")
            yield number, list(cells)


def _unreadable(row: int, exc: Exception) -> InvalidFile:
    if isinstance(exc, UnicodeDecodeError):
        return InvalidFile(f"the file is not UTF-8 text (from about row {row}): save it as UTF-8")
    return InvalidFile(f"row {row} is not valid CSV: {exc}")


def _xlsx(source: IO[bytes]) -> Table:
    from openpyxl import load_workbook  # a heavy import, only when a workbook comes

    try:
        book = load_workbook(source, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise InvalidFile(f"not a readable XLSX workbook: {exc}") from exc
    except Exception as exc:  # openpyxl raises many kinds on a broken archive
        raise InvalidFile(f"not a readable XLSX workbook: {type(exc).__name__}") from exc
    sheet = book.worksheets[0] if book.worksheets else None
    if sheet is None:
        raise InvalidFile("the workbook has no sheet")
    rows = _xlsx_rows(sheet.iter_rows(values_only=True))
    first = next(rows, None)
    if first is None:
        raise InvalidFile("the file is empty")
    _, header = first
    header = [("" if h is None else str(h)) for h in header]
    return Table("xlsx", _names(header), rows)


def _xlsx_rows(values: Iterator[tuple[Any, ...]]) -> Iterator[Row]:
    number = 0
    while True:
        try:
            cells = next(values, None)
        except Exception as exc:  # a corrupt sheet part inside a valid zip
            raise InvalidFile(f"row {number + 1} of the workbook is unreadable: {exc}") from exc
        if cells is None:
            return
        number += 1
        if any(c is not None and (not isinstance(c, str) or c.strip()) for c in cells):
            yield number, list(cells)


def _names(header: list[str]) -> list[str]:
    if len(header) > MAX_HEADER_COLUMNS:
        raise InvalidFile(f"the header has {len(header)} columns (at most {MAX_HEADER_COLUMNS})")
    return [h.strip() for h in header]
