"""Writing audit entries. Every state-changing command calls `record` in its own transaction."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, cast

from sqlalchemy import Table, insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.db.binding import bound
from app.db.executor import Executor
from app.kit.time import utcnow
from app.models import AuditEntry


def jsonable(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, list | tuple | set | frozenset):
        items = [jsonable(v) for v in value]
        return sorted(items) if isinstance(value, set | frozenset) else items
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    return value


def fields_of(obj: object, names: tuple[str, ...]) -> dict[str, Any]:
    """The named attributes of a model instance, JSON-ready."""
    return {name: jsonable(getattr(obj, name)) for name in names}


def changes(
    before: Mapping[str, Any], after: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the fields whose value changed, as (before, after)."""
    keys = [k for k in after if jsonable(before.get(k)) != jsonable(after.get(k))]
    return ({k: jsonable(before.get(k)) for k in keys}, {k: jsonable(after[k]) for k in keys})


def audit_row(
    *,
    actor: str,
    entity_type: str,
    entity_id: object,
    action: str,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    return {
        "at": utcnow(),
        "actor": actor,
        "entity_type": entity_type,
        "entity_id": str(entity_id),
        "action": action,
        "before": jsonable(before) if before is not None else None,
        "after": jsonable(after) if after is not None else None,
    }


AUDIT_COLUMNS = ("at", "actor", "entity_type", "entity_id", "action", "before", "after")
# Explicit bind parameters: the hot-path executor compiles statements without seeing values.
AUDIT_INSERT = insert(AuditEntry).values(bound(cast(Table, AuditEntry.__table__), AUDIT_COLUMNS))


async def append(ex: Executor, row: dict[str, Any]) -> None:
    """Append one audit entry (built with `audit_row`) through a hot-path executor."""
    await ex.execute(AUDIT_INSERT, [row])


async def record(
    session: AsyncSession,
    *,
    actor: str,
    entity_type: str,
    entity_id: object,
    action: str,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> None:
    """Append one audit entry in the caller's transaction."""
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
        ],
    )
