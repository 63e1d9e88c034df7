"""The migrations and the models describe the same schema; the OpenAPI file is current."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.ext.asyncio import create_async_engine

from app.cli import DEFAULT_OPENAPI_PATH, openapi_document
from app.db import migrate
from app.models import Base

ROOT = Path(__file__).resolve().parents[2]


async def test_models_match_migrations(database_url: str) -> None:
    engine = create_async_engine(database_url)
    try:
        async with engine.connect() as conn:
            diff = await conn.run_sync(
                lambda c: compare_metadata(
                    MigrationContext.configure(c, opts={"compare_type": True}), Base.metadata
                )
            )
            assert (
                await conn.run_sync(lambda c: MigrationContext.configure(c).get_current_revision())
                == migrate.head_revision()
            )
    finally:
        await engine.dispose()
    assert diff == [], f"models and migrations differ; write a migration: {diff}"


def test_openapi_document_is_committed() -> None:
    committed = (ROOT / DEFAULT_OPENAPI_PATH).read_text(encoding="utf-8")
    assert committed == openapi_document(), (
        "openapi/openapi.json is stale: run `takt openapi` and commit the result"
    )
