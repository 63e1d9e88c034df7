"""Queries over the audit log: filtered pages and a streamed CSV export.

There are no commands here on purpose: entries are only ever appended (by
`app.audit.recorder`), and the database refuses UPDATE and DELETE on the table.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import AsyncIterator
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from app.audit import repository
from app.audit.schemas import AuditFilters
from app.db.session import Database
from app.kit.errors import NotFound
from app.kit.pagination import PageParams
from app.models import AuditEntry

CSV_COLUMNS = ("id", "at", "actor", "entity_type", "entity_id", "action", "before", "after")
EXPORT_BATCH = 1000


async def list_entries(
    session: AsyncSession, filters: AuditFilters, params: PageParams
) -> tuple[list[AuditEntry], str | None]:
    return await repository.page(session, filters, params)


async def get_entry(session: AsyncSession, entry_id: int) -> AuditEntry:
    entry = await repository.get(session, entry_id)
    if entry is None:
        raise NotFound(f"audit entry {entry_id} does not exist")
    return entry


def _json_text(value: Any) -> str:
    if value is None:
        return ""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


async def export_csv(
    db: Database, filters: AuditFilters, *, batch_size: int = EXPORT_BATCH
) -> AsyncIterator[str]:
    """The filtered entries as CSV text, newest first, one chunk per batch.

    Each batch is read in its own short transaction (walking down the id keyset), so a large
    export neither holds a connection while the client reads nor loads everything at once.
    Entries written after the export started have higher ids and are not included.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    below_id: int | None = None
    while True:
        async with db.transaction(write=False) as session:
            rows = await repository.batch(session, filters, below_id, batch_size)
        for row in rows:
            writer.writerow(
                [
                    row.id,
                    row.at.isoformat(),
                    row.actor,
                    row.entity_type,
                    row.entity_id,
                    row.action,
                    _json_text(row.before),
                    _json_text(row.after),
                ]
            )
        chunk = buffer.getvalue()
        if chunk:
            yield chunk
        buffer.seek(0)
        buffer.truncate()
        if len(rows) < batch_size:
            return
        below_id = rows[-1].id
