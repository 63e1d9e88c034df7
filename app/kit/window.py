"""Time-window query parameters, the same for every list and report that takes them.

`from` is inclusive and `to` exclusive (the half-open window [from, to)), both ISO 8601 with
an offset (never a number: Pydantic would read one as a Unix timestamp) and either may be
left out; `from` after `to` is a 422, `from` equal to `to` an
empty window (nothing in it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, Query
from pydantic import AwareDatetime, BeforeValidator

from app.kit.errors import Invalid
from app.kit.schemas import text_only

Timestamp = Annotated[AwareDatetime, BeforeValidator(text_only)]


@dataclass(frozen=True)
class Window:
    """[since, until), either end open when None; in UTC."""

    since: datetime | None
    until: datetime | None


def invalid(name: str, msg: str) -> Invalid:
    """A 422 `validation_error` on the query parameter `name`."""
    return Invalid(f"query.{name}: {msg}", errors=[{"loc": ["query", name], "msg": msg}])


def check_order(since: datetime, until: datetime) -> None:
    """The window's one rule: `from` is not after `to` ([t, t) is an empty window)."""
    if since > until:
        raise invalid("to", "`to` must not be earlier than `from`")


def _utc(value: datetime | None, name: str) -> datetime | None:
    if value is None:
        return None
    try:
        return value.astimezone(UTC)
    except OverflowError as exc:  # e.g. 0001-01-01T00:00:00+05:00 has no UTC equivalent
        raise invalid(name, "the timestamp is out of range in UTC") from exc


async def time_window(
    since: Annotated[
        Timestamp | None,
        Query(
            alias="from",
            description="at or after this time: ISO 8601 with an offset (URL-encode `+` as "
            "`%2B`), e.g. `2026-01-31T08:00:00Z`",
        ),
    ] = None,
    until: Annotated[
        Timestamp | None,
        Query(alias="to", description="before this time: ISO 8601 with an offset"),
    ] = None,
) -> Window:
    start, end = _utc(since, "from"), _utc(until, "to")
    if start is not None and end is not None:
        check_order(start, end)
    return Window(start, end)


TimeWindow = Annotated[Window, Depends(time_window)]
