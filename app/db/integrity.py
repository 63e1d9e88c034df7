"""Turn constraint violations into domain errors a client can act on.

Services check what they can up front (for good messages); this catches what races past
those checks — the database constraint is the final word.
"""

from __future__ import annotations

from app.db.errors import IntegrityViolation, classify
from app.kit import errors


def translate(exc: BaseException, *, deleting: bool = False) -> errors.TaktError:
    """A constraint violation as a domain error. Reads the classified error (`classify`
    turns a driver's or SQLAlchemy's exception into one first); `deleting` says the change
    was a delete, where SQLite does not say which side of a foreign key failed."""
    error = classify(exc)
    conflict = errors.Conflict("the change conflicts with existing records", code="integrity_error")
    if not isinstance(error, IntegrityViolation):
        return conflict
    if error.rule == "unique":
        fields = error.key or ", ".join(error.columns)
        return errors.DuplicateKey(
            f"a record with the same {fields or 'key'} already exists", field=fields or None
        )
    if error.rule == "foreign_key":
        if not (deleting or error.on_delete):
            return errors.UnknownReference("a referenced record does not exist")
        # PostgreSQL names the referencing table; SQLite does not.
        table = error.table if error.on_delete else None
        by = table.replace("_", " ") if table else "other records"
        return errors.InUse(f"it is still referenced by {by}; remove those first")
    if error.rule in ("check", "not_null"):
        return errors.Invalid("a value violates a database rule", code="constraint_violation")
    return conflict
