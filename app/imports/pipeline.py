"""The one import pipeline: read rows in chunks, convert and check them, match them on their
natural key, and write each chunk set-based — all in the caller's transaction.

Every target (`app.imports.orders`, `.parts`, `.lots`) supplies its fields and two steps:
`check` (a chunk's rows against the database, read with one query per kind of reference)
and `write` (the chunk's creates and updates as executemany statements, with their audit
entries). The pipeline does the rest the same way for all three: the layout of the header,
cell conversion, duplicates within the file, the capped error list, the counts, the lock
that serializes imports of a target on PostgreSQL, and the one audit entry of the import.

All or nothing: once a row is in error nothing more is written (the rest is still checked,
so every error is reported) and the caller's transaction is rolled back (`ImportRejected`).
A dry run checks everything and writes nothing.
"""

from __future__ import annotations

import asyncio
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any, Protocol, TypeVar
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ValidationError
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from app.audit.recorder import AUDIT_INSERT, audit_row
from app.imports.errors import ImportRejected, InvalidFile
from app.imports.fields import Collected, Field, Layout, RowError, layout, read_row
from app.imports.keys import SeenKeys
from app.imports.reader import Row, open_table

CHUNK_ROWS = 1000
MAX_ERRORS = 1000

Progress = Callable[[int], None]
M = TypeVar("M", bound=BaseModel)


@dataclass
class Parsed:
    """A data row: its number in the file, its values by field, its errors so far."""

    row: int
    values: dict[str, Any]
    errors: list[RowError] = field(default_factory=list)

    def error(self, name: str | None, code: str, message: str, lay: Layout) -> None:
        column = lay.column(name) if name is not None else None
        self.errors.append(RowError(self.row, column, code, message))


@dataclass
class Plan:
    """What a chunk's valid rows would do: records to create, and (id, key, before, after)
    of records to change (only the fields that differ)."""

    creates: list[tuple[Parsed, dict[str, Any]]] = field(default_factory=list)
    updates: list[tuple[Parsed, Any, dict[str, Any], dict[str, Any]]] = field(default_factory=list)
    unchanged: int = 0


@dataclass
class Context:
    session: AsyncSession
    actor: str
    zone: ZoneInfo
    layout: Layout
    dry_run: bool
    cache: dict[str, Any] = field(default_factory=dict)


class Target(Protocol):
    name: str
    fields: tuple[Field, ...]

    def key(self, values: dict[str, Any]) -> tuple[Any, ...]: ...

    def unique_in_file(self) -> tuple[str, ...]: ...

    async def check(self, ctx: Context, rows: list[Parsed]) -> Plan: ...

    async def write(self, ctx: Context, plan: Plan) -> None: ...


@dataclass
class Outcome:
    target: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    errors_total: int = 0
    dry_run: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": self.errors,
            "errors_total": self.errors_total,
            "dry_run": self.dry_run,
        }


async def run(
    session: AsyncSession,
    target: Target,
    source: IO[bytes],
    *,
    filename: str | None,
    actor: str,
    zone: ZoneInfo,
    columns: dict[str, str] | None = None,
    defaults: dict[str, Any] | None = None,
    date_format: str | None = None,
    mapping_name: str | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> Outcome:
    """Import `source` into `target` in the session's transaction. Raises InvalidFile /
    MissingColumns for a file it cannot use, ImportRejected (with the outcome) for row
    errors; the caller rolls back on either."""
    table = await asyncio.to_thread(open_table, source, filename)
    lay = layout(
        target.fields,
        table.header,
        columns=columns,
        defaults=defaults,
        date_format=date_format,
        zone=zone,
    )
    await _serialize(session, target.name)
    ctx = Context(session, actor, zone, lay, dry_run)
    outcome = Outcome(target.name, dry_run=dry_run)
    collected = Collected(MAX_ERRORS)
    seen = {name: SeenKeys() for name in ("key", *target.unique_in_file())}
    while True:
        chunk = await asyncio.to_thread(_next_chunk, table.rows)
        if not chunk:
            break
        parsed = [_parse(lay, target, row, cells, seen) for row, cells in chunk]
        plan = await target.check(ctx, [p for p in parsed if not p.errors])
        collected.add([e for p in parsed for e in p.errors])
        outcome.rows += len(parsed)
        outcome.created += len(plan.creates)
        outcome.updated += len(plan.updates)
        outcome.unchanged += plan.unchanged
        if not dry_run and collected.total == 0:
            await target.write(ctx, plan)
        if progress is not None:
            progress(len(parsed))
    if outcome.rows == 0:
        raise InvalidFile("the file has a header row but no data rows")
    # In the file's order: by row, then by column from left to right.
    position = {lay.column(name): lay.index.get(name, len(lay.index)) for name in lay.fields}
    collected.items.sort(key=lambda e: (e.row, position.get(e.column or "", -1)))
    outcome.errors = [e.as_dict() for e in collected.items]
    outcome.errors_total = collected.total
    if collected.total:
        shown = (
            f" (the first {len(collected.items)} listed)" if collected.total > MAX_ERRORS else ""
        )
        raise ImportRejected(
            f"{collected.total} error{'s' if collected.total > 1 else ''} in "
            f"{outcome.rows} rows{shown}: nothing was imported",
            **outcome.as_dict(),
        )
    if not dry_run:
        await session.execute(
            AUDIT_INSERT,
            [
                audit_row(
                    actor=actor,
                    entity_type="import",
                    entity_id=target.name,
                    action="import",
                    after={
                        "file": filename,
                        "format": table.kind,
                        "mapping": mapping_name,
                        "rows": outcome.rows,
                        "created": outcome.created,
                        "updated": outcome.updated,
                        "unchanged": outcome.unchanged,
                    },
                )
            ],
        )
    return outcome


def _next_chunk(rows: Iterator[Row]) -> list[Row]:
    chunk: list[Row] = []
    for item in rows:
        chunk.append(item)
        if len(chunk) >= CHUNK_ROWS:
            break
    return chunk


def _parse(
    lay: Layout, target: Target, row: int, cells: list[Any], seen: dict[str, SeenKeys]
) -> Parsed:
    errors: list[RowError] = []
    values = read_row(lay, row, cells, errors)
    parsed = Parsed(row, values, errors)
    keys = [f for f in target.fields if f.key]
    for f in keys:
        if f.name not in values and not any(e.column == lay.column(f.name) for e in errors):
            parsed.error(f.name, "required", f"{lay.column(f.name)} is required", lay)
    if any(f.name not in values for f in keys):
        return parsed
    # A row whose other cells are wrong still claims its key: a later row with the same
    # key is a duplicate either way.
    first = seen["key"].claim(target.key(values), row)
    if first is not None:
        names = ", ".join(lay.column(f.name) for f in keys)
        parsed.error(keys[0].name, "duplicate_in_file", f"the same {names} as {_row(first)}", lay)
    for name in target.unique_in_file():
        value = values.get(name)
        if value is None:
            continue
        first = seen[name].claim(value, row)
        if first is not None:
            parsed.error(name, "duplicate_in_file", f"{value!r} is also in {_row(first)}", lay)
    return parsed


def _row(number: int) -> str:
    return f"row {number}" if number else "an earlier row"


def schema_errors(
    model: type[M],
    data: dict[str, Any],
    parsed: Parsed,
    lay: Layout,
    renamed: dict[str, str] | None = None,
) -> M | None:
    """Validate `data` with a create/update schema of the domain (the same rules as the
    single-record commands); its errors become row errors on their columns."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            name = str(err["loc"][0]) if err["loc"] else None
            name = (renamed or {}).get(name or "", name)
            code = "required" if err["type"] == "missing" else "invalid_value"
            column = lay.column(name) if name in lay.fields else name
            message = f"{column}: {err['msg']}" if column else str(err["msg"])
            parsed.errors.append(RowError(parsed.row, column, code, message))
        return None


async def _serialize(session: AsyncSession, target: str) -> None:
    """Imports of one target run one after the other on PostgreSQL (a transaction-level
    advisory lock), so two imports of the same file cannot both create a record: the second
    sees the first's rows, committed, and updates them. SQLite has one writer anyway."""
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        lock = zlib.crc32(f"takt.import.{target}".encode())
        await session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": lock})
