"""Domain errors. Services raise these; `app.kit.problems` maps them to problem+json.

Services never name HTTP statuses: each error belongs to a *kind* (not found, conflict,
invalid, …) and carries a stable machine-readable `code`.
"""

from __future__ import annotations

from typing import Any, ClassVar


class TaktError(Exception):
    """Base of every error a client can act on."""

    code: ClassVar[str] = "error"
    title: ClassVar[str] = "Error"

    def __init__(self, detail: str, *, code: str | None = None, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        if code is not None:
            self.code = code  # type: ignore[misc]
        self.extra = extra


class NotFound(TaktError):
    code = "not_found"
    title = "Not found"


class Conflict(TaktError):
    """The request conflicts with the current state (illegal transition, duplicate key, …)."""

    code = "conflict"
    title = "Conflict"


class Invalid(TaktError):
    """The payload is well-formed but invalid (unknown reference, value out of range, …)."""

    code = "validation_error"
    title = "Invalid request"


class BadRequest(TaktError):
    """The request is malformed (bad cursor, unparseable body)."""

    code = "bad_request"
    title = "Malformed request"


class Unauthenticated(TaktError):
    code = "not_authenticated"
    title = "Not authenticated"


class Forbidden(TaktError):
    code = "forbidden"
    title = "Forbidden"


class ServiceUnavailable(TaktError):
    code = "unavailable"
    title = "Service unavailable"


# -- specific conflicts named by the API contract -------------------------------------------


class DuplicateKey(Conflict):
    code = "duplicate"
    title = "Duplicate key"


class InUse(Conflict):
    code = "in_use"
    title = "Referenced by other records"


class IllegalTransition(Conflict):
    code = "illegal_transition"
    title = "Illegal state transition"


class UnknownReference(Invalid):
    """A payload field names a resource that does not exist."""

    code = "unknown_reference"
    title = "Unknown reference"


def unknown(entity: str, key: object) -> NotFound:
    return NotFound(f"{entity} {key!r} does not exist")
