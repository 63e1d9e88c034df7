"""Clock helpers: every timestamp Takt writes is timezone-aware UTC.

A command may run at a time of its own (`db.command(at=…)`, e.g. the simulator back-filling
history): for the command's duration `utcnow()` returns that instant, so domain code, deep
helpers and model defaults all take the command's time without being handed it. Outside
such a command it is the wall clock.
"""

from __future__ import annotations

from contextvars import ContextVar, Token
from datetime import UTC, datetime

_COMMAND_TIME: ContextVar[datetime | None] = ContextVar("takt_command_time", default=None)


def utcnow() -> datetime:
    at = _COMMAND_TIME.get()
    return datetime.now(UTC) if at is None else at


def set_command_time(at: datetime) -> Token[datetime | None]:
    """Make `utcnow()` return `at` (timezone-aware) until `reset_command_time(token)`."""
    if at.tzinfo is None:
        raise ValueError("a command's time must be timezone-aware")
    return _COMMAND_TIME.set(at.astimezone(UTC))


def reset_command_time(token: Token[datetime | None]) -> None:
    _COMMAND_TIME.reset(token)


def iso_utc(at: datetime) -> str:
    """ISO 8601 in UTC with a `Z`, as the API writes timestamps (naive: taken as UTC)."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return at.astimezone(UTC).isoformat().replace("+00:00", "Z")
