"""Programmatic Alembic: `takt serve` and the tests build the schema the same way.

In production the application should not own its tables (an owner can disable the audit
log's triggers or truncate it): migrate as the owner (`TAKT_MIGRATION_DATABASE_URL`) and
run as another role (`TAKT_DATABASE_URL`), which `upgrade_database` grants what it needs.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from app.config import Settings

ROOT = Path(__file__).resolve().parents[2]


def alembic_config(database_url: str) -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    # ConfigParser interpolation: a literal % in a password must be doubled.
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    config.attributes["configure_logging"] = False
    return config


def upgrade(database_url: str, revision: str = "head", *, app_role: str | None = None) -> None:
    """Apply migrations (blocking; call with no event loop running); then, on PostgreSQL
    with an `app_role`, grant that role what the application needs."""
    command.upgrade(alembic_config(database_url), revision)
    if app_role is not None and make_url(database_url).get_backend_name() == "postgresql":
        asyncio.run(grant_app_role(database_url, app_role))


def upgrade_database(settings: Settings, revision: str = "head") -> None:
    """Migrate as the tables' owner (`TAKT_MIGRATION_DATABASE_URL`, default the application's
    URL) and grant the application's role (`Settings.app_role`) its privileges."""
    upgrade(settings.migration_url, revision, app_role=settings.app_role)


# What the application role may do: read and write every table, use the sequences; the
# audit log only grows. Not owning the tables, it cannot disable their triggers, truncate
# them or change the schema. Run after every upgrade, so new tables are covered.
_GRANTS = (
    "GRANT USAGE ON SCHEMA {schema} TO {role}",
    "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {role}",
    "GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {schema} TO {role}",
    "REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM {role}",
)


async def grant_app_role(database_url: str, role: str) -> None:
    """Grant `role` the application's privileges on the migrated schema (PostgreSQL)."""
    engine = create_async_engine(database_url)
    try:
        async with engine.begin() as conn:
            quote = conn.dialect.identifier_preparer.quote
            schema = await conn.scalar(text("SELECT current_schema()"))
            for grant in _GRANTS:
                await conn.execute(text(grant.format(schema=quote(str(schema)), role=quote(role))))
    finally:
        await engine.dispose()


def head_revision() -> str | None:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return script.get_current_head()


async def current_revision(engine: AsyncEngine) -> str | None:
    async with engine.connect() as conn:
        return await conn.run_sync(_revision_of)


def _revision_of(connection: Connection) -> str | None:
    context = MigrationContext.configure(connection, opts={"transactional_ddl": False})
    return context.get_current_revision()
