"""Keyset (cursor) pagination: `?limit=&cursor=` → `{"items": [...], "next_cursor": ...}`."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel, Field
from sqlalchemy import ColumnElement, Select
from sqlalchemy.orm import InstrumentedAttribute

from app.kit.errors import BadRequest
from app.kit.schemas import MAX_ID

T = TypeVar("T")
K = TypeVar("K")
# A SELECT of any row shape (SQLAlchemy 2.1 types rows as variadic tuples).
AnySelect = Select[*tuple[Any, ...]]

DEFAULT_LIMIT = 50
MAX_LIMIT = 500


class Page(BaseModel, Generic[T]):
    items: list[T] = Field(description="this page of results")
    next_cursor: str | None = Field(
        None, description="pass as `?cursor=` for the next page; null on the last page"
    )


@dataclass(frozen=True)
class PageParams:
    limit: int
    cursor: str | None


async def page_params(
    limit: Annotated[
        int, Query(ge=1, le=MAX_LIMIT, description=f"page size (max {MAX_LIMIT})")
    ] = DEFAULT_LIMIT,
    cursor: Annotated[
        str | None, Query(max_length=200, description="opaque cursor from `next_cursor`")
    ] = None,
) -> PageParams:
    return PageParams(limit=limit, cursor=cursor)


Paging = Annotated[PageParams, Depends(page_params)]


def encode_cursor(key: Any) -> str:
    raw = json.dumps(key, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> Any:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        return json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise BadRequest("the cursor is not one this server issued", code="invalid_cursor") from exc


def parse_cursor(params: PageParams, parse: Callable[[Any], K]) -> K | None:
    """The key a cursor holds, read by `parse` from the decoded JSON (None without a cursor).
    `parse` raises TypeError, ValueError or OverflowError on anything this server would not
    have issued: that is 400 `invalid_cursor`, never a value that reaches the database."""
    if params.cursor is None:
        return None
    key = decode_cursor(params.cursor)
    try:
        return parse(key)
    except (TypeError, ValueError, OverflowError) as exc:
        raise BadRequest("the cursor is not one this server issued", code="invalid_cursor") from exc


def key_int(value: Any, low: int = 0, high: int = MAX_ID) -> int:
    """An integer of a cursor key, within [low, high] (ids: a BIGINT)."""
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise ValueError(f"not an integer in [{low}, {high}]: {value!r}")
    return value


def key_date(value: Any) -> date:
    """A date of a cursor key (ISO 8601 text)."""
    if not isinstance(value, str):
        raise TypeError(f"not a date: {value!r}")
    return date.fromisoformat(value)


def key_datetime(value: Any) -> datetime:
    """A timestamp of a cursor key (ISO 8601 text with an offset), in UTC."""
    if not isinstance(value, str):
        raise TypeError(f"not a timestamp: {value!r}")
    when = datetime.fromisoformat(value)
    if when.tzinfo is None:
        raise ValueError(f"a timestamp without an offset: {value!r}")
    return when.astimezone(UTC)


def cursor_id(params: PageParams) -> int | None:
    """The id a cursor points past, for lists ordered by id."""
    if params.cursor is None:
        return None
    key = decode_cursor(params.cursor)
    if not isinstance(key, int) or isinstance(key, bool):
        raise BadRequest("the cursor is not one this server issued", code="invalid_cursor")
    return key


def keyset(
    stmt: AnySelect,
    id_column: ColumnElement[int] | InstrumentedAttribute[int],
    params: PageParams,
    *,
    descending: bool = False,
) -> AnySelect:
    """Order by id, skip past the cursor, fetch one extra row to know if there is a next page."""
    after = cursor_id(params)
    if after is not None:
        stmt = stmt.where(id_column < after if descending else id_column > after)
    order = id_column.desc() if descending else id_column.asc()
    return stmt.order_by(order).limit(params.limit + 1)


def page_of(rows: Sequence[T], params: PageParams, id_of: Any) -> tuple[list[T], str | None]:
    """Split the extra row off a keyset query result and build the next cursor."""
    items = list(rows[: params.limit])
    next_cursor = encode_cursor(id_of(items[-1])) if len(rows) > params.limit else None
    return items, next_cursor
