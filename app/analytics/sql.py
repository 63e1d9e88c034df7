"""SQL pieces every report shares: the window's bound parameters, a flag that sums the same
on both databases, and the per-transaction settings analytics run with on PostgreSQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, case, text
from sqlalchemy.ext.asyncio import AsyncSession

from app.db.base import UTCDateTime

SINCE = bindparam("since", type_=UTCDateTime())
UNTIL = bindparam("until", type_=UTCDateTime())


def flag(condition: Any) -> Any:
    """A condition as 1/0, NULL counting as 0 (sums the same on both databases)."""
    return case((condition, 1), else_=0)


# Per-transaction settings for analytics on PostgreSQL (one round trip): JIT compilation
# costs more than these short aggregates take; sorts and hashes should stay in memory; and
# every statement is planned for its window (a generic plan, chosen after five executions of
# a prepared statement, cannot tell one day from a year of history).
_SETTINGS = text(
    "SELECT set_config('jit', 'off', true), set_config('work_mem', '64MB', true), "
    "set_config('plan_cache_mode', 'force_custom_plan', true)"
)


def is_postgres(session: AsyncSession) -> bool:
    return session.get_bind().dialect.name == "postgresql"


async def prepare(session: AsyncSession) -> None:
    """Per-transaction settings for analytics on PostgreSQL (`_SETTINGS`)."""
    if is_postgres(session):
        await session.execute(_SETTINGS)
