"""Pending confirmations of the assistant's destructive actions (scrap, rework, cancel)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, CheckConstraint, String
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, UTCDateTime

_JSON = JSON().with_variant(JSONB(), "postgresql")


class AssistantConfirmation(Base):
    """One confirmation token: single use (deleted when redeemed), bound to its caller and to
    the exact action (tool and resolved arguments), valid until `expires_at`. Only the token's
    SHA-256 is stored."""

    __tablename__ = "assistant_confirmations"
    __table_args__ = (CheckConstraint("principal_kind IN ('user', 'api_key')", name="kind"),)

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    principal_kind: Mapped[str] = mapped_column(String(16))
    principal_id: Mapped[int] = mapped_column(BigInteger)
    tool: Mapped[str] = mapped_column(String(64))
    arguments: Mapped[dict[str, Any]] = mapped_column(_JSON)
    summary: Mapped[str] = mapped_column(String(1000))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
