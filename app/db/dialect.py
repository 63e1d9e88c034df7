"""Statement builders whose SQL differs between SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession

from app.db.base import Base


def insert_ignoring_conflicts(session: AsyncSession, model: type[Base]) -> Any:
    """`INSERT … ON CONFLICT DO NOTHING` for the session's dialect."""
    if is_postgres(session):
        return postgresql.insert(model).on_conflict_do_nothing()
    return sqlite.insert(model).on_conflict_do_nothing()


def is_postgres(session: AsyncSession) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def connect_arguments(database_url: str, application_name: str) -> dict[str, Any]:
    """asyncpg.connect() arguments for an SQLAlchemy `postgresql+asyncpg://` URL (for the
    dedicated LISTEN connections, which live outside SQLAlchemy's pool)."""
    url = make_url(database_url)
    arguments: dict[str, Any] = {
        "host": url.host,
        "port": url.port,
        "user": url.username,
        "password": url.password,
        "database": url.database,
        "server_settings": {"application_name": application_name},
    }
    ssl = url.query.get("ssl") or url.query.get("sslmode")
    if isinstance(ssl, str):
        arguments["ssl"] = ssl
    return {k: v for k, v in arguments.items() if v is not None}
