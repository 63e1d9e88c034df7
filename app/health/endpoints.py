"""`GET /health`: database reachability, schema revision, version (no authentication).

Open to anyone, so it says only *that* the database is unreachable: why (driver messages
name hosts, users, databases) goes to the log.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Literal

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field
from sqlalchemy import text

from app import __version__
from app.db import migrate
from app.db.session import Database

router = APIRouter(tags=["health"])
log = logging.getLogger("takt.health")
UNREACHABLE = "the database did not answer (details in the server log)"


class DatabaseHealth(BaseModel):
    ok: bool = Field(description="the database answered a query")
    dialect: str = Field(description="`sqlite` or `postgresql`")
    revision: str | None = Field(None, description="applied migration revision")
    error: str | None = Field(
        None, description="set when the database is not reachable (details only in the log)"
    )


class Health(BaseModel):
    status: Literal["ok", "degraded"] = Field(description="`ok` when every dependency is healthy")
    version: str = Field(description="Takt version")
    database: DatabaseHealth
    mqtt: str = Field(description="`disabled`, `connecting` or `connected`")


async def _database(db: Database) -> DatabaseHealth:
    try:
        async with asyncio.timeout(5):
            async with db.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
            revision = await migrate.current_revision(db.engine)
        return DatabaseHealth(ok=True, dialect=db.dialect, revision=revision)
    except Exception:  # reported, not raised: health must always answer
        log.warning("health check: the database is not reachable", exc_info=True)
        return DatabaseHealth(ok=False, dialect=db.dialect, error=UNREACHABLE)


@router.get("/health", response_model=Health, responses={503: {"model": Health}})
async def health(request: Request, response: Response) -> Health:
    """Is the service able to work? 200 when healthy, 503 when the database is unreachable."""
    database = await _database(request.app.state.db)
    mqtt = getattr(request.app.state, "mqtt_status", lambda: "disabled")()
    ok = database.ok
    response.status_code = 200 if ok else 503
    return Health(
        status="ok" if ok else "degraded", version=__version__, database=database, mqtt=mqtt
    )
