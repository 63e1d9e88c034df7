"""Request and response bodies of webhooks and their deliveries."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, ConfigDict, Field, StringConstraints, WithJsonSchema

from app.kit.schemas import InputSchema, OutputSchema
from app.webhooks.events import ALL, EVENT_NAMES


def _known_event(value: str) -> str:
    if value != ALL and value not in EVENT_NAMES:
        raise ValueError(f"unknown event {value!r}; known: {', '.join((*EVENT_NAMES, ALL))}")
    return value


EventName = Annotated[
    str,
    AfterValidator(_known_event),
    WithJsonSchema(
        {
            "type": "string",
            "enum": [*EVENT_NAMES, ALL],
            "description": "a webhook event type, or `*` for all of them",
        }
    ),
]
Url = Annotated[
    str,
    StringConstraints(min_length=8, max_length=2048, pattern=r"^[^\x00-\x20\x7f]+$"),
    Field(
        description="where deliveries are POSTed: http(s), a host resolving to a public "
        "address (unless TAKT_WEBHOOKS_ALLOW_PRIVATE=true)",
        examples=["https://erp.example.com/takt/webhooks"],
    ),
]
Events = Annotated[
    list[EventName],
    Field(min_length=1, max_length=len(EVENT_NAMES) + 1, description="event types to deliver"),
]
Description = Annotated[
    str,
    StringConstraints(max_length=500, pattern=r"^[^\x00-\x08\x0b-\x1f\x7f]*$"),
    Field(description="what the webhook is for"),
]

_EXAMPLE: dict[str, Any] = {
    "url": "https://erp.example.com/takt/webhooks",
    "events": ["unit.completed", "order.completed"],
    "description": "ERP production confirmations",
}


class WebhookCreate(InputSchema):
    model_config = ConfigDict(json_schema_extra={"examples": [_EXAMPLE]})

    url: Url
    events: Events
    description: Description | None = None
    active: bool = Field(True, description="deliver to it (false: events are not queued)")


class WebhookUpdate(InputSchema):
    model_config = ConfigDict(json_schema_extra={"examples": [{"active": True}, {"events": ["*"]}]})

    url: Url | None = None
    events: Events | None = None
    description: Description | None = None
    active: bool | None = Field(
        None,
        description="reactivate (true: its failure count starts again from 0) or pause it",
    )


class WebhookOut(OutputSchema):
    id: int = Field(description="webhook id")
    url: str = Field(description="where deliveries are POSTed")
    events: list[str] = Field(description="event types delivered (`*`: all)")
    description: str | None = Field(description="what the webhook is for")
    active: bool = Field(description="whether events are delivered to it")
    consecutive_failures: int = Field(description="failed attempts since the last success")
    deactivated_reason: str | None = Field(
        description="why it was deactivated automatically (410 Gone, too many failures)"
    )
    deactivated_at: datetime | None = Field(description="when it was deactivated")
    previous_secret_expires_at: datetime | None = Field(
        description="after a rotation, deliveries are also signed with the previous secret "
        "until then"
    )
    created_by: str = Field(description="who created it")
    created_at: datetime = Field(description="when it was created")
    updated_at: datetime = Field(description="when it last changed")


class WebhookCreated(WebhookOut):
    secret: str = Field(
        description="the signing secret (`whsec_…`): shown only in this response",
        examples=["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"],
    )


class WebhookSecret(OutputSchema):
    secret: str = Field(
        description="the new signing secret (`whsec_…`): shown only in this response",
        examples=["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"],
    )
    previous_secret_expires_at: datetime | None = Field(
        description="the previous secret also signs deliveries until then"
    )


DeliveryStatusName = Literal["pending", "failed", "succeeded", "dead"]


class DeliveryOut(OutputSchema):
    id: int = Field(description="delivery id")
    webhook_id: int = Field(description="the webhook")
    message_id: str = Field(description="`webhook-id` header: the same on every retry")
    seq: int | None = Field(
        description="the outbox event's sequence number (null: ping, redelivery)"
    )
    event_type: str = Field(description="webhook event type (`webhook.test` for a ping)")
    payload: dict[str, Any] = Field(description="the body sent: `{type, timestamp, data}`")
    status: DeliveryStatusName = Field(
        description="pending (not tried), failed (retry scheduled), succeeded, dead (given up)"
    )
    attempts: int = Field(description="attempts made")
    next_attempt_at: datetime | None = Field(description="when it is tried next (undelivered)")
    last_status_code: int | None = Field(description="HTTP status of the last attempt")
    last_error: str | None = Field(description="what went wrong on the last attempt")
    duration_ms: float | None = Field(description="duration of the last attempt")
    redelivery_of: int | None = Field(description="the delivery this one repeats")
    created_at: datetime = Field(description="when it was queued")
    delivered_at: datetime | None = Field(description="when a receiver accepted it")
