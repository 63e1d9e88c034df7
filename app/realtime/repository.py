"""SQL the WIP hub needs besides the outbox's (`app.outbox.repository`)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from app.models import Workstation

_STATION_LINES = select(Workstation.id, Workstation.line_id)


async def station_lines(conn: AsyncConnection) -> dict[int, int]:
    """Every workstation's line (a workstation never changes line)."""
    return {int(r[0]): int(r[1]) for r in await conn.execute(_STATION_LINES)}
