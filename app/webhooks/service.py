"""Commands and queries of webhooks: CRUD, secret rotation, the delivery log, redelivery
and test pings. Secrets are returned only by creation and rotation, never listed."""

from __future__ import annotations

import secrets as random_tokens
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.audit import crud as audited
from app.audit.recorder import record
from app.auth.principal import Principal
from app.kit import crud
from app.kit.errors import Conflict, unknown
from app.kit.pagination import PageParams, keyset, page_of
from app.kit.time import utcnow
from app.models import DeliveryStatus, Webhook, WebhookDelivery
from app.realtime.messages import iso
from app.webhooks import signing, urls
from app.webhooks.events import PING, envelope
from app.webhooks.schemas import WebhookCreate, WebhookUpdate

ENTITY = "webhook"
AUDITED = ("url", "events", "description", "active")
# After a rotation, deliveries are signed with both secrets for this long, so receivers can
# switch to the new one without rejecting anything.
PREVIOUS_SECRET_HOURS = 24


async def create_webhook(
    session: AsyncSession, principal: Principal, data: WebhookCreate, *, allow_private: bool
) -> tuple[Webhook, str]:
    """A new webhook and its secret (the only time it is shown, but for a rotation)."""
    await urls.check(data.url, allow_private=allow_private)
    secret = signing.new_secret()
    webhook = Webhook(
        url=data.url,
        events=sorted(set(data.events)),
        description=data.description,
        active=data.active,
        secret=secret,
        created_by=principal.actor,
    )
    await audited.create(session, principal, webhook, entity_type=ENTITY, audited=AUDITED)
    return webhook, secret


async def get_webhook(session: AsyncSession, webhook_id: int, *, lock: bool = False) -> Webhook:
    if not lock:
        return await crud.get_or_404(session, Webhook, webhook_id, "webhook")
    found = await session.scalar(
        select(Webhook)
        .where(Webhook.id == webhook_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if found is None:
        await crud.get_or_404(session, Webhook, webhook_id, "webhook")  # raises
    assert found is not None
    return found


async def list_webhooks(
    session: AsyncSession, params: PageParams, *, active: bool | None = None
) -> tuple[list[Webhook], str | None]:
    stmt = select(Webhook)
    if active is not None:
        stmt = stmt.where(Webhook.active.is_(active))
    return await crud.list_page(session, stmt, Webhook, params)


async def update_webhook(
    session: AsyncSession,
    principal: Principal,
    webhook_id: int,
    data: WebhookUpdate,
    *,
    allow_private: bool,
) -> Webhook:
    """Change a webhook. Reactivating one (`active: true`) clears its failure count."""
    values: dict[str, Any] = data.model_dump(exclude_unset=True)
    for name in ("url", "events", "active"):
        if name in values and values[name] is None:
            del values[name]  # null means "unchanged" for required fields
    if "url" in values:
        await urls.check(values["url"], allow_private=allow_private)
    if "events" in values:
        values["events"] = sorted(set(values["events"]))
    webhook = await get_webhook(session, webhook_id, lock=True)
    if values.get("active") and not webhook.active:
        webhook.consecutive_failures = 0
        webhook.deactivated_reason = None
        webhook.deactivated_at = None
    return await audited.update(session, principal, webhook, values, entity_type=ENTITY)


async def delete_webhook(session: AsyncSession, principal: Principal, webhook_id: int) -> None:
    """Delete a webhook with its delivery log."""
    webhook = await get_webhook(session, webhook_id, lock=True)
    await audited.delete(session, principal, webhook, entity_type=ENTITY, audited=AUDITED)


async def rotate_secret(
    session: AsyncSession, principal: Principal, webhook_id: int
) -> tuple[Webhook, str]:
    """A new secret; the old one keeps signing (beside it) for PREVIOUS_SECRET_HOURS."""
    webhook = await get_webhook(session, webhook_id, lock=True)
    secret = signing.new_secret()
    webhook.previous_secret = webhook.secret
    webhook.previous_secret_expires_at = utcnow() + timedelta(hours=PREVIOUS_SECRET_HOURS)
    webhook.secret = secret
    await crud.flush(session)
    await record(
        session,
        actor=principal.actor,
        entity_type=ENTITY,
        entity_id=webhook.id,
        action="rotate_secret",
        after={"previous_secret_expires_at": iso(webhook.previous_secret_expires_at)},
    )
    return webhook, secret


# -- deliveries ---------------------------------------------------------------------------


async def list_deliveries(
    session: AsyncSession,
    webhook_id: int,
    params: PageParams,
    *,
    status: str | None = None,
    event_type: str | None = None,
    seq: int | None = None,
) -> tuple[list[WebhookDelivery], str | None]:
    """The delivery log of a webhook, newest first."""
    await get_webhook(session, webhook_id)
    stmt = select(WebhookDelivery).where(WebhookDelivery.webhook_id == webhook_id)
    if status is not None:
        stmt = stmt.where(WebhookDelivery.status == status)
    if event_type is not None:
        stmt = stmt.where(WebhookDelivery.event_type == event_type)
    if seq is not None:
        stmt = stmt.where(WebhookDelivery.seq == seq)
    rows = (await session.scalars(keyset(stmt, WebhookDelivery.id, params, descending=True))).all()
    return page_of(rows, params, lambda d: d.id)


async def get_delivery(session: AsyncSession, webhook_id: int, delivery_id: int) -> WebhookDelivery:
    found = await session.get(WebhookDelivery, delivery_id)
    if found is None or found.webhook_id != webhook_id:
        await get_webhook(session, webhook_id)
        raise unknown("delivery", delivery_id)
    return found


def _queue(
    webhook_id: int, message_id: str, event_type: str, payload: dict[str, Any]
) -> WebhookDelivery:
    now = utcnow()
    return WebhookDelivery(
        webhook_id=webhook_id,
        seq=None,
        message_id=message_id,
        event_type=event_type,
        payload=payload,
        status=DeliveryStatus.PENDING.value,
        attempts=0,
        next_attempt_at=now,
        created_at=now,
    )


async def redeliver(
    session: AsyncSession, principal: Principal, webhook_id: int, delivery_id: int
) -> WebhookDelivery:
    """Queue the delivery's message again (same `webhook-id` and body), behind the webhook's
    other undelivered deliveries. Refused (409) for an inactive webhook."""
    original = await get_delivery(session, webhook_id, delivery_id)
    webhook = await get_webhook(session, webhook_id)
    if not webhook.active:
        raise Conflict(
            f"webhook {webhook_id} is inactive: reactivate it first", code="webhook_inactive"
        )
    again = _queue(webhook_id, original.message_id, original.event_type, original.payload)
    again.redelivery_of = original.id
    session.add(again)
    await crud.flush(session)
    await record(
        session,
        actor=principal.actor,
        entity_type=ENTITY,
        entity_id=webhook_id,
        action="redeliver",
        after={"delivery_id": original.id, "redelivery_id": again.id},
    )
    return again


async def ping(session: AsyncSession, principal: Principal, webhook_id: int) -> WebhookDelivery:
    """Queue a test delivery (`webhook.test`), signed and retried like any other."""
    webhook = await get_webhook(session, webhook_id)
    if not webhook.active:
        raise Conflict(
            f"webhook {webhook_id} is inactive: reactivate it first", code="webhook_inactive"
        )
    now = utcnow()
    body = envelope(PING, iso(now), {"webhook_id": webhook_id, "test": True})
    delivery = _queue(webhook_id, "msg_" + random_tokens.token_hex(12), PING, body)
    session.add(delivery)
    await crud.flush(session)
    return delivery
