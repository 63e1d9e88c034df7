"""Clock helpers: every timestamp Takt writes is timezone-aware UTC."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC)


def iso_utc(at: datetime) -> str:
    """ISO 8601 in UTC with a `Z`, as the API writes timestamps (naive: taken as UTC)."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return at.astimezone(UTC).isoformat().replace("+00:00", "Z")
