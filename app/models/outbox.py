"""The event outbox and the positions of its durable consumers (see `app.outbox`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Integer, String, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, BigId, UTCDateTime, partial_index
from app.kit.time import utcnow


class OutboxEvent(Base):
    """One event, written by a command in its own transaction with `seq` NULL; the sequencer
    numbers it after commit, gap-free and in commit order (see `app.outbox`, the README).

    `type` is the event's name, unique across domains (each domain's `events.py`). The unit
    columns are the WIP projection of unit events (`EventType`); other events carry `payload`
    (and `line_id`, for line-filtered WIP sockets)."""

    __tablename__ = "outbox_events"
    # Each row is inserted once and numbered once: as few index entries as the reads need
    # (numbered events by `seq`; pending ones by `id`).
    __table_args__ = (
        partial_index("ix_outbox_events_seq", "seq", where="seq IS NOT NULL", unique=True),
        partial_index("ix_outbox_events_pending", "id", where="seq IS NULL"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    seq: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    type: Mapped[str] = mapped_column(String(24))
    unit_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    serial: Mapped[str | None] = mapped_column(String(64), nullable=True)
    order_number: Mapped[str | None] = mapped_column(String(20), nullable=True)
    line_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    from_step: Mapped[int | None] = mapped_column(Integer, nullable=True)
    to_step: Mapped[int | None] = mapped_column(Integer, nullable=True)
    from_workstation_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    to_workstation_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    status: Mapped[str | None] = mapped_column(String(16), nullable=True)
    payload: Mapped[dict[str, Any] | None] = mapped_column(
        JSON().with_variant(JSONB(), "postgresql"), nullable=True
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class OutboxConsumer(Base):
    """A durable consumer's position: it has handled every event with `seq <= position`.
    Advanced in the same transaction as the consumer's effects; retention keeps every event
    above the lowest position."""

    __tablename__ = "outbox_consumers"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    position: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, server_default=func.current_timestamp()
    )
