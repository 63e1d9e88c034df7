"""Statement builders whose SQL differs between SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from app.db.base import Base


def insert_ignoring_conflicts(session: AsyncSession, model: type[Base]) -> Any:
    """`INSERT … ON CONFLICT DO NOTHING` for the session's dialect."""
    if is_postgres(session):
        return postgresql.insert(model).on_conflict_do_nothing()
    return sqlite.insert(model).on_conflict_do_nothing()


def is_postgres(session: AsyncSession) -> bool:
    return session.get_bind().dialect.name == "postgresql"
