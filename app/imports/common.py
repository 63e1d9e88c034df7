"""Set-based SQL helpers the import targets share."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Table, bindparam, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.audit.recorder import AUDIT_INSERT, audit_row, jsonable

IN_BATCH = 900  # bind parameters per IN list (SQLite's limit is far above; keeps plans small)


def batches(values: Iterable[Any], size: int = IN_BATCH) -> Iterable[list[Any]]:
    items = list(values)
    for start in range(0, len(items), size):
        yield items[start : start + size]


async def update_many(
    session: AsyncSession, table: Table, rows: Sequence[tuple[Any, dict[str, Any]]]
) -> None:
    """UPDATE rows by id, one executemany per set of changed columns."""
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row_id, values in rows:
        names = tuple(sorted(values))
        groups.setdefault(names, []).append(
            {"_id": row_id, **{f"_{k}": v for k, v in values.items()}}
        )
    for names, params in groups.items():
        stmt = (
            update(table)
            .where(table.c.id == bindparam("_id"))
            .values({name: bindparam(f"_{name}") for name in names})
        )
        await session.execute(stmt, params)


async def audit_many(
    session: AsyncSession,
    actor: str,
    entity_type: str,
    entries: Sequence[tuple[Any, str, dict[str, Any] | None, dict[str, Any] | None]],
) -> None:
    """Audit entries (entity id, action, before, after) in one executemany."""
    if not entries:
        return
    await session.execute(
        AUDIT_INSERT,
        [
            audit_row(
                actor=actor,
                entity_type=entity_type,
                entity_id=entity_id,
                action=action,
                before=before,
                after=after,
            )
            for entity_id, action, before, after in entries
        ],
    )


def changed(
    current: dict[str, Any], wanted: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(before, after) of the fields whose wanted value differs from the current one."""
    keys = [k for k, v in wanted.items() if jsonable(current.get(k)) != jsonable(v)]
    return {k: current.get(k) for k in keys}, {k: wanted[k] for k in keys}
