"""Users, their line assignments, API keys, and instance-wide secrets."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, Boolean, CheckConstraint, ForeignKey, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, BigId, TimestampMixin, UTCDateTime
from app.kit.time import utcnow


class Role(StrEnum):
    ADMIN = "admin"
    SUPERVISOR = "supervisor"
    OPERATOR = "operator"


class UserKind(StrEnum):
    PERSON = "person"
    WORKSTATION = "workstation"


class User(TimestampMixin, Base):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role IN ('admin', 'supervisor', 'operator')", name="role"),
        CheckConstraint("kind IN ('person', 'workstation')", name="kind"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16), default=UserKind.PERSON.value)
    full_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    # A workstation account may be bound to one workstation; it may then act only there.
    workstation_id: Mapped[int | None] = mapped_column(
        ForeignKey("workstations.id", ondelete="RESTRICT"), nullable=True
    )
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # In every token issued to the user; a password change or (de)activation moves it on,
    # so older tokens are refused (`app.auth.principal`).
    token_generation: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class UserLine(Base):
    """Lines an operator is assigned to (and may execute units on)."""

    __tablename__ = "user_lines"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    line_id: Mapped[int] = mapped_column(
        ForeignKey("lines.id", ondelete="RESTRICT"), primary_key=True, index=True
    )


class ApiKey(Base):
    """An API key for integrations; only a SHA-256 hash of the secret is stored."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    prefix: Mapped[str] = mapped_column(String(16))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scopes: Mapped[list[str]] = mapped_column(JSON)
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, server_default=func.current_timestamp()
    )
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class InstanceSetting(Base):
    """Settings generated once per installation and shared by every server process."""

    __tablename__ = "instance_settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class LoginThrottle(Base):
    """Failed logins of one username, one client address or one (username, address) pair
    (`app.auth.logins`). Keys are hashes: neither names nor addresses are kept in clear."""

    __tablename__ = "login_throttle"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer)
    last_failure: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    blocked_until: Mapped[datetime] = mapped_column(UTCDateTime())
