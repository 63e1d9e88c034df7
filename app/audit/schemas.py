"""Response bodies and filters for reading the audit log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import Field

from app.kit.schemas import OutputSchema


class AuditEntryOut(OutputSchema):
    id: int = Field(description="entry id; higher ids were written later")
    at: datetime = Field(description="when the change was made")
    actor: str = Field(
        description="who made it: `user:<username>`, `api_key:<name>` or `system`",
        examples=["user:admin"],
    )
    entity_type: str = Field(description="kind of record changed", examples=["line"])
    entity_id: str = Field(description="id of the record changed", examples=["1"])
    action: str = Field(description="what was done", examples=["create", "update", "delete"])
    before: dict[str, Any] | None = Field(
        description="the changed fields before the change; null for a creation"
    )
    after: dict[str, Any] | None = Field(
        description="the changed fields after the change; null for a deletion"
    )


@dataclass(frozen=True)
class AuditFilters:
    """Which entries to read; every filter given must match."""

    entity_type: str | None = None
    entity_id: str | None = None
    actor: str | None = None
    action: str | None = None
    since: datetime | None = None  # `from`: at >= since
    until: datetime | None = None  # `to`: at < until
