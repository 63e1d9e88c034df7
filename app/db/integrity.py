"""Turn constraint violations into domain errors a client can act on.

Services check what they can up front (for good messages); this catches what races past
those checks — the database constraint is the final word.
"""

from __future__ import annotations

import re

from sqlalchemy.exc import IntegrityError

from app.kit import errors

_PG_KEY = re.compile(r"Key \((?P<cols>[^)]+)\)=\((?P<vals>.*?)\)")
_SQLITE_UNIQUE = re.compile(r"UNIQUE constraint failed: (?P<cols>[\w., ]+)")
_PG_TABLE = re.compile(r'on table "(?P<table>\w+)"\s*$', re.MULTILINE)


def _message(exc: BaseException) -> str:
    if isinstance(exc, IntegrityError):
        return str(exc.orig) if exc.orig is not None else str(exc)
    detail = getattr(exc, "detail", None)  # asyncpg keeps DETAIL apart from the message
    return f"{exc}\nDETAIL:  {detail}" if detail else str(exc)


def translate(exc: BaseException, *, deleting: bool = False) -> errors.TaktError:
    """A constraint violation (SQLAlchemy's IntegrityError or asyncpg's own) as a domain error."""
    message = _message(exc)
    lowered = message.lower()
    if "unique" in lowered or "duplicate key" in lowered:
        fields = ""
        if m := _PG_KEY.search(message):
            fields = f"{m.group('cols')} = {m.group('vals')}"
        elif m := _SQLITE_UNIQUE.search(message):
            fields = ", ".join(c.split(".")[-1] for c in m.group("cols").split(","))
        return errors.DuplicateKey(
            f"a record with the same {fields or 'key'} already exists", field=fields or None
        )
    if "foreign key" in lowered:
        if deleting or "update or delete on table" in lowered:
            table = m.group("table") if (m := _PG_TABLE.search(message)) else None
            by = f" by {table.replace('_', ' ')}" if table else " by other records"
            return errors.InUse(f"it is still referenced{by}; remove those first")
        return errors.UnknownReference("a referenced record does not exist")
    if "check constraint" in lowered or "not null" in lowered or "null value" in lowered:
        return errors.Invalid("a value violates a database rule", code="constraint_violation")
    return errors.Conflict("the change conflicts with existing records", code="integrity_error")
