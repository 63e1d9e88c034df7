"""Domain errors of imports (codes are part of the API contract)."""

from __future__ import annotations

from app.kit.errors import Invalid


class InvalidFile(Invalid):
    """The upload is not a readable CSV or XLSX file (not UTF-8, binary, a fake workbook,
    empty, no header row)."""

    code = "invalid_file"
    title = "Invalid file"


class MissingColumns(Invalid):
    """The header row lacks columns the target needs (listed in `columns`)."""

    code = "missing_columns"
    title = "Missing columns"


class ImportRejected(Invalid):
    """At least one row is invalid: nothing was written; every error is listed."""

    code = "import_invalid"
    title = "Import rejected"
