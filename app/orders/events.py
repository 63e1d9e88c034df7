"""The event orders publish on the outbox (`app.outbox`): an order changed status.

Payload: `{"order", "from", "to", "action", "at"}` (`action`: the order action, `block` /
`unblock` for blocking issues, `auto_complete` for the completion rule). Written in the
transaction of the change, by every path that changes an order's status; webhooks map it to
`order.status_changed` (and `order.completed` when `to` is `complete`).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from app.db.command import TOPICS_KEY
from app.db.dialect import is_postgres
from app.db.executor import Executor, SAExecutor
from app.kit.time import utcnow
from app.outbox import repository as outbox

ORDER_STATUS_EVENT = "order_status"


def iso(at: datetime) -> str:
    """ISO 8601 in UTC with a `Z`, as the REST API writes timestamps."""
    return at.astimezone(UTC).isoformat().replace("+00:00", "Z")


def payload(number: str, was: str, now: str, action: str, at: datetime) -> dict[str, str]:
    return {"order": number, "from": was, "to": now, "action": action, "at": iso(at)}


async def emit_status(
    ex: Executor,
    number: str,
    was: str,
    now: str,
    action: str,
    *,
    line_id: int | None = None,
    at: datetime | None = None,
) -> None:
    """Append the order's status change to the outbox, in the command's transaction."""
    at = at or utcnow()
    await outbox.append(
        ex,
        ORDER_STATUS_EVENT,
        payload=payload(number, was, now, action, at),
        line_id=line_id,
        at=at,
    )


async def emit_status_on(
    session: AsyncSession,
    number: str,
    was: str,
    now: str,
    action: str,
    *,
    line_id: int | None = None,
) -> None:
    """`emit_status` on a command's ORM session."""
    topics: set[str] = session.info.setdefault(TOPICS_KEY, set())
    ex = SAExecutor(session, is_postgres(session), topics)
    await emit_status(ex, number, was, now, action, line_id=line_id)
