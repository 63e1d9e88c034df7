"""SQL of webhook delivery: fanning events out into deliveries, claiming a webhook's due
deliveries, recording attempts.

Per-webhook order: a webhook's deliveries go out in `id` order (the order events were fanned
out, i.e. outbox `seq` order), and only the oldest undelivered one (its *head*) decides
whether the webhook is due. While the head waits for a retry every later delivery waits
too; a sender claims a run of deliveries from the head on, and marks them leased by moving
their `next_attempt_at` past the time it needs to send them, so no other process takes the
webhook meanwhile (and a process that dies mid-run leaves them to be claimed once the lease
has run out).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncConnection

from app.models import DeliveryStatus, Webhook, WebhookDelivery

webhooks = cast(Table, Webhook.__table__)
deliveries = cast(Table, WebhookDelivery.__table__)
D = DeliveryStatus
UNDELIVERED = (D.PENDING.value, D.FAILED.value)

_ACTIVE = select(webhooks.c.id, webhooks.c.events, webhooks.c.created_at).where(webhooks.c.active)

_FAN_OUT = {
    dialect: insert_(deliveries).on_conflict_do_nothing(
        index_elements=["webhook_id", "seq", "event_type"]
    )
    for dialect, insert_ in (("postgresql", pg_insert), ("sqlite", sqlite_insert))
}


async def active_webhooks(conn: AsyncConnection) -> list[tuple[int, list[str], datetime]]:
    """Active webhooks: id, subscribed events, since when."""
    return [(int(r[0]), list(r[1]), r[2]) for r in await conn.execute(_ACTIVE)]


# Senders in every process LISTEN here (PostgreSQL): deliveries were queued.
QUEUED_CHANNEL = "takt_webhooks"
_NOTIFY_QUEUED = select(func.pg_notify(QUEUED_CHANNEL, bindparam("seq")))


async def fan_out(conn: AsyncConnection, rows: list[dict[str, Any]]) -> None:
    """Queue deliveries; one already queued for the same (webhook, seq, type) is kept. On
    PostgreSQL the senders of every process are told when the transaction commits."""
    await conn.execute(_FAN_OUT[conn.dialect.name], rows)
    if conn.dialect.name == "postgresql":
        await conn.execute(_NOTIFY_QUEUED, {"seq": str(max(r["seq"] for r in rows))})


# -- claiming -----------------------------------------------------------------------------

_HEAD_DUE = (
    select(deliveries.c.next_attempt_at)
    .where(deliveries.c.webhook_id == webhooks.c.id, deliveries.c.status.in_(UNDELIVERED))
    .order_by(deliveries.c.id)
    .limit(1)
    .scalar_subquery()
)


def _due_webhooks(exclude: Sequence[int], *, lock: bool = True) -> Any:
    now = bindparam("now", type_=deliveries.c.next_attempt_at.type)
    stmt = select(webhooks.c.id).where(webhooks.c.active, now >= _HEAD_DUE)
    if exclude:
        stmt = stmt.where(webhooks.c.id.not_in(list(exclude)))
    stmt = stmt.order_by(webhooks.c.id).limit(bindparam("limit"))
    # Another process claiming the same webhook holds its row: skip it, never wait.
    return stmt.with_for_update(of=webhooks, skip_locked=True) if lock else stmt


async def anything_due(conn: AsyncConnection, now: datetime, *, exclude: Sequence[int]) -> bool:
    """Whether a claim would find something (a read: no write transaction while idle)."""
    found = await conn.execute(_due_webhooks(exclude, lock=False), {"now": now, "limit": 1})
    return found.first() is not None


_WEBHOOK = select(
    webhooks.c.url,
    webhooks.c.secret,
    webhooks.c.previous_secret,
    webhooks.c.previous_secret_expires_at,
).where(webhooks.c.id == bindparam("id"))

_RUN = (
    select(
        deliveries.c.id,
        deliveries.c.message_id,
        deliveries.c.payload,
        deliveries.c.attempts,
        deliveries.c.next_attempt_at,
    )
    .where(deliveries.c.webhook_id == bindparam("id"), deliveries.c.status.in_(UNDELIVERED))
    .order_by(deliveries.c.id)
    .limit(bindparam("limit"))
)
_LEASE = (
    update(deliveries)
    .where(deliveries.c.id.in_(bindparam("ids", expanding=True)))
    .values(next_attempt_at=bindparam("until", type_=deliveries.c.next_attempt_at.type))
)


@dataclass(slots=True)
class Pending:
    """One claimed delivery."""

    id: int
    message_id: str
    payload: dict[str, Any]
    attempts: int


@dataclass(slots=True)
class Claim:
    """A webhook's run of deliveries, oldest first, and how to sign them."""

    webhook_id: int
    url: str
    secrets: list[str]
    deliveries: list[Pending]


async def claim(
    conn: AsyncConnection,
    now: datetime,
    until: datetime,
    *,
    exclude: Sequence[int],
    webhooks_: int,
    run: int,
) -> list[Claim]:
    """Claim up to `run` deliveries of each of up to `webhooks_` due webhooks (not in
    `exclude`), leased until `until`."""
    ids = [
        int(r[0])
        for r in await conn.execute(_due_webhooks(exclude), {"now": now, "limit": webhooks_})
    ]
    claims: list[Claim] = []
    for webhook_id in ids:
        # A statement of its own, after the webhook's row lock: on PostgreSQL it sees what
        # a process that held the lock before committed (its leases).
        rows = (await conn.execute(_RUN, {"id": webhook_id, "limit": run})).all()
        if not rows or rows[0].next_attempt_at > now:
            continue
        hook = (await conn.execute(_WEBHOOK, {"id": webhook_id})).one()
        secrets = [hook.secret]
        expires = hook.previous_secret_expires_at
        if hook.previous_secret and expires is not None and expires > now:
            secrets.append(hook.previous_secret)
        await conn.execute(_LEASE, {"ids": [r.id for r in rows], "until": until})
        claims.append(
            Claim(
                webhook_id,
                hook.url,
                secrets,
                [Pending(r.id, r.message_id, _as_dict(r.payload), r.attempts) for r in rows],
            )
        )
    return claims


def _as_dict(value: Any) -> dict[str, Any]:
    if isinstance(value, str | bytes):
        import json

        value = json.loads(value)
    return cast(dict[str, Any], value)


# -- recording attempts -------------------------------------------------------------------


@dataclass(slots=True)
class Attempt:
    """The outcome of sending one delivery."""

    delivery: Pending
    ok: bool
    status_code: int | None
    error: str | None
    duration_ms: float
    at: datetime
    gone: bool = False  # 410: the receiver says the endpoint is gone for good


_SUCCEEDED = (
    update(deliveries)
    .where(deliveries.c.id == bindparam("d_id"))
    .values(
        status=D.SUCCEEDED.value,
        attempts=deliveries.c.attempts + 1,
        last_status_code=bindparam("code"),
        last_error=None,
        duration_ms=bindparam("ms"),
        delivered_at=bindparam("at"),
    )
)
_FAILED = (
    update(deliveries)
    .where(deliveries.c.id == bindparam("d_id"))
    .values(
        status=bindparam("status"),
        attempts=deliveries.c.attempts + 1,
        last_status_code=bindparam("code"),
        last_error=bindparam("error"),
        duration_ms=bindparam("ms"),
        next_attempt_at=bindparam("next"),
    )
)
_RESET_SUCCESSES = (
    update(webhooks).where(webhooks.c.id == bindparam("w_id")).values(consecutive_failures=0)
)
_COUNT_FAILURE = (
    update(webhooks)
    .where(webhooks.c.id == bindparam("w_id"))
    .values(consecutive_failures=webhooks.c.consecutive_failures + 1)
    .returning(webhooks.c.consecutive_failures)
)
_DEACTIVATE = (
    update(webhooks)
    .where(webhooks.c.id == bindparam("w_id"), webhooks.c.active)
    .values(
        active=False,
        deactivated_reason=bindparam("reason"),
        deactivated_at=bindparam("at"),
        updated_at=bindparam("at"),
    )
)


async def record_successes(conn: AsyncConnection, webhook_id: int, done: list[Attempt]) -> None:
    await conn.execute(
        _SUCCEEDED,
        [
            {"d_id": a.delivery.id, "code": a.status_code, "ms": a.duration_ms, "at": a.at}
            for a in done
        ],
    )
    await conn.execute(_RESET_SUCCESSES, {"w_id": webhook_id})


async def record_failure(
    conn: AsyncConnection, webhook_id: int, attempt: Attempt, *, dead: bool, next_at: datetime
) -> int:
    """Record a failed attempt; returns the webhook's consecutive failures."""
    await conn.execute(
        _FAILED,
        {
            "d_id": attempt.delivery.id,
            "status": D.DEAD.value if dead else D.FAILED.value,
            "code": attempt.status_code,
            "error": attempt.error,
            "ms": attempt.duration_ms,
            "next": next_at,
        },
    )
    return int((await conn.execute(_COUNT_FAILURE, {"w_id": webhook_id})).scalar_one())


async def deactivate(conn: AsyncConnection, webhook_id: int, reason: str, at: datetime) -> None:
    await conn.execute(_DEACTIVATE, {"w_id": webhook_id, "reason": reason, "at": at})


async def release(conn: AsyncConnection, ids: list[int], at: datetime) -> None:
    """Deliveries claimed but not sent: due again at `at` (after their head)."""
    if ids:
        await conn.execute(_LEASE, {"ids": ids, "until": at})
