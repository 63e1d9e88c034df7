"""Webhooks (Standard Webhooks): subscriptions and their delivery log (see `app.webhooks`)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    true,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, BigId, TimestampMixin, UTCDateTime, partial_index
from app.kit.time import utcnow


class DeliveryStatus(StrEnum):
    """`pending`: not tried yet; `failed`: the last attempt failed, another is scheduled;
    `succeeded`: a 2xx answer; `dead`: given up (attempts exhausted, or the receiver
    answered 410 Gone)."""

    PENDING = "pending"
    FAILED = "failed"
    SUCCEEDED = "succeeded"
    DEAD = "dead"


# Deliveries still owed to their receiver, in creation (= event) order per webhook.
UNDELIVERED = "status IN ('pending', 'failed')"
_JSON = JSON().with_variant(JSONB(), "postgresql")


class Webhook(TimestampMixin, Base):
    """A receiver URL and the event types it subscribes to. `secret` signs deliveries;
    after a rotation `previous_secret` also signs them until `previous_secret_expires_at`."""

    __tablename__ = "webhooks"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    url: Mapped[str] = mapped_column(String(2048))
    events: Mapped[list[str]] = mapped_column(_JSON)
    description: Mapped[str | None] = mapped_column(String(500), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    secret: Mapped[str] = mapped_column(String(100))
    previous_secret: Mapped[str | None] = mapped_column(String(100), nullable=True)
    previous_secret_expires_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime(), nullable=True
    )
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    deactivated_reason: Mapped[str | None] = mapped_column(String(200), nullable=True)
    deactivated_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    created_by: Mapped[str] = mapped_column(String(100))


class WebhookDelivery(Base):
    """One message to one webhook: an outbox event (`seq`), a test ping or a redelivery
    (`seq` NULL). At most one delivery per (webhook, event, webhook event type)."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        UniqueConstraint("webhook_id", "seq", "event_type"),
        CheckConstraint(
            f"status IN ({', '.join(repr(s.value) for s in DeliveryStatus)})", "status"
        ),
        # The senders' queue: each webhook's undelivered deliveries in order.
        partial_index("ix_webhook_deliveries_undelivered", "webhook_id", "id", where=UNDELIVERED),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    webhook_id: Mapped[int] = mapped_column(ForeignKey("webhooks.id", ondelete="CASCADE"))
    seq: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    message_id: Mapped[str] = mapped_column(String(64))
    event_type: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict[str, Any]] = mapped_column(_JSON)
    status: Mapped[str] = mapped_column(String(16), default=DeliveryStatus.PENDING.value)
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_status_code: Mapped[int | None] = mapped_column(Integer, nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    duration_ms: Mapped[float | None] = mapped_column(Float, nullable=True)
    redelivery_of: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
