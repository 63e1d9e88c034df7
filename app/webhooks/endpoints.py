"""HTTP routes for webhooks (admins only): CRUD, secret rotation, the delivery log,
redelivery and test pings."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response, status

from app.auth.principal import ConfigAdmin
from app.db.session import DbSession, after_commit
from app.kit.pagination import Page, Paging
from app.kit.problems import problem_responses
from app.kit.routing import CommandRoute
from app.kit.schemas import MAX_ID
from app.webhooks import service
from app.webhooks.schemas import (
    DeliveryOut,
    DeliveryStatusName,
    WebhookCreate,
    WebhookCreated,
    WebhookOut,
    WebhookSecret,
    WebhookUpdate,
)

router = APIRouter(
    prefix="/webhooks",
    tags=["webhooks"],
    responses=problem_responses(401, 403),
    route_class=CommandRoute,
)

WebhookId = Annotated[int, Path(ge=1, le=MAX_ID, description="webhook id")]
DeliveryId = Annotated[int, Path(ge=1, le=MAX_ID, description="delivery id")]


def _allow_private(request: Request) -> bool:
    return bool(request.app.state.settings.webhooks_allow_private)


def _wake_worker(request: Request, session: DbSession) -> None:
    """After commit, tell this process's sender there is something to send."""
    worker = getattr(request.app.state, "webhooks", None)
    if worker is not None:
        after_commit(session, worker.wake)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=WebhookCreated,
    responses=problem_responses(422),
)
async def create_webhook(
    request: Request,
    body: WebhookCreate,
    session: DbSession,
    principal: ConfigAdmin,
    response: Response,
) -> WebhookCreated:
    """Create a webhook. The response carries its signing `secret` (`whsec_…`): shown only
    this once (and by `rotate-secret`). A URL that is not http(s) is 422
    `invalid_webhook_url`; one whose host resolves to a loopback, private or link-local
    address 422 `private_address` (unless TAKT_WEBHOOKS_ALLOW_PRIVATE=true); an unknown
    event name 422 `validation_error`."""
    response.headers["Cache-Control"] = "no-store"
    webhook, secret = await service.create_webhook(
        session, principal, body, allow_private=_allow_private(request)
    )
    return WebhookCreated(**WebhookOut.model_validate(webhook).model_dump(), secret=secret)


@router.get("", response_model=Page[WebhookOut], responses=problem_responses(400, 422))
async def list_webhooks(
    session: DbSession,
    _: ConfigAdmin,
    paging: Paging,
    active: Annotated[bool | None, Query(description="only active (or inactive) ones")] = None,
) -> Page[WebhookOut]:
    """Webhooks, oldest first (never their secrets)."""
    items, cursor = await service.list_webhooks(session, paging, active=active)
    return Page(items=[WebhookOut.model_validate(x) for x in items], next_cursor=cursor)


@router.get("/{webhook_id}", response_model=WebhookOut, responses=problem_responses(404, 422))
async def get_webhook(webhook_id: WebhookId, session: DbSession, _: ConfigAdmin) -> WebhookOut:
    """One webhook."""
    return WebhookOut.model_validate(await service.get_webhook(session, webhook_id))


@router.patch("/{webhook_id}", response_model=WebhookOut, responses=problem_responses(404, 422))
async def update_webhook(
    request: Request,
    webhook_id: WebhookId,
    body: WebhookUpdate,
    session: DbSession,
    principal: ConfigAdmin,
) -> WebhookOut:
    """Change a webhook's URL, events, description or `active`. Reactivating a deactivated
    one clears its failure count; its undelivered deliveries are sent again."""
    webhook = await service.update_webhook(
        session, principal, webhook_id, body, allow_private=_allow_private(request)
    )
    _wake_worker(request, session)
    return WebhookOut.model_validate(webhook)


@router.delete(
    "/{webhook_id}", status_code=status.HTTP_204_NO_CONTENT, responses=problem_responses(404, 422)
)
async def delete_webhook(
    webhook_id: WebhookId, session: DbSession, principal: ConfigAdmin
) -> Response:
    """Delete a webhook and its delivery log."""
    await service.delete_webhook(session, principal, webhook_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/{webhook_id}/rotate-secret",
    response_model=WebhookSecret,
    responses=problem_responses(404, 422),
)
async def rotate_secret(
    webhook_id: WebhookId, session: DbSession, principal: ConfigAdmin, response: Response
) -> WebhookSecret:
    """A new signing secret, shown only in this response. For 24 hours deliveries carry two
    signatures (`webhook-signature: v1,<new> v1,<old>`), so a receiver switches without
    rejecting anything."""
    response.headers["Cache-Control"] = "no-store"
    webhook, secret = await service.rotate_secret(session, principal, webhook_id)
    return WebhookSecret(
        secret=secret, previous_secret_expires_at=webhook.previous_secret_expires_at
    )


@router.get(
    "/{webhook_id}/deliveries",
    response_model=Page[DeliveryOut],
    responses=problem_responses(400, 404, 422),
)
async def list_deliveries(
    webhook_id: WebhookId,
    session: DbSession,
    _: ConfigAdmin,
    paging: Paging,
    status_: Annotated[DeliveryStatusName | None, Query(alias="status")] = None,
    event_type: Annotated[
        str | None, Query(max_length=40, description="webhook event type")
    ] = None,
    seq: Annotated[
        int | None, Query(ge=1, le=MAX_ID, description="the outbox event's sequence number")
    ] = None,
) -> Page[DeliveryOut]:
    """A webhook's delivery log, newest first: every attempt's outcome."""
    items, cursor = await service.list_deliveries(
        session, webhook_id, paging, status=status_, event_type=event_type, seq=seq
    )
    return Page(items=[DeliveryOut.model_validate(x) for x in items], next_cursor=cursor)


@router.post(
    "/{webhook_id}/deliveries/{delivery_id}/redeliver",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=DeliveryOut,
    responses=problem_responses(404, 409, 422),
)
async def redeliver(
    request: Request,
    webhook_id: WebhookId,
    delivery_id: DeliveryId,
    session: DbSession,
    principal: ConfigAdmin,
) -> DeliveryOut:
    """Send a delivery's message again (same `webhook-id` and body) as a new delivery,
    behind the webhook's other undelivered ones. 409 `webhook_inactive` while the webhook is
    inactive."""
    again = await service.redeliver(session, principal, webhook_id, delivery_id)
    _wake_worker(request, session)
    return DeliveryOut.model_validate(again)


@router.post(
    "/{webhook_id}/test",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=DeliveryOut,
    responses=problem_responses(404, 409, 422),
)
async def test_webhook(
    request: Request, webhook_id: WebhookId, session: DbSession, principal: ConfigAdmin
) -> DeliveryOut:
    """Queue a test ping (`webhook.test`), signed and retried like any delivery; follow it
    in the delivery log. 409 `webhook_inactive` while the webhook is inactive."""
    delivery = await service.ping(session, principal, webhook_id)
    _wake_worker(request, session)
    return DeliveryOut.model_validate(delivery)
