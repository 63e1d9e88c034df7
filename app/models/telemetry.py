"""Machines over MQTT: mapping rules, the message ledger, dead letters, machine states and
counts.

`telemetry_messages` is the ledger of every message the consumer handled (applied or
dead-lettered), keyed by its de-duplication key, kept for the de-duplication window.
Dead letters stay until someone replays or discards them. Machine states are intervals per
workstation (at most one open); counts are the produced-quantity deltas derived from the
machines' cumulative counters, whose last reading per workstation is `machine_counters`.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, BigId, TimestampMixin, UTCDateTime, partial_index
from app.kit.time import utcnow

TELEMETRY_RULES_COUNTER = "telemetry_rules"  # bumped on every mapping change (cache version)

_Json = JSON().with_variant(JSONB(), "postgresql")


class TelemetryKind(StrEnum):
    """What a message does: the built-in topic kinds and the actions of mapping rules."""

    MEASUREMENT = "measurement"
    STATE = "state"
    COUNT = "count"
    EVENT = "event"


class MachineStateName(StrEnum):
    RUNNING = "running"
    IDLE = "idle"
    DOWN = "down"
    SETUP = "setup"
    OFF = "off"


class MessageOutcome(StrEnum):
    APPLIED = "applied"
    DEAD_LETTER = "dead_letter"


class DeadLetterStatus(StrEnum):
    OPEN = "open"
    REPLAYED = "replayed"
    DISCARDED = "discarded"


def _in(values: type[StrEnum]) -> str:
    return ", ".join(f"'{v.value}'" for v in values)


class TelemetryMapping(TimestampMixin, Base):
    """A rule for machines whose topics and payloads cannot be changed: messages on topics
    matching `topic_filter` (MQTT wildcards) for which `condition` holds become `action`,
    with each field read by a JSONPath (or given as a constant) and optionally transformed."""

    __tablename__ = "telemetry_mappings"
    __table_args__ = (CheckConstraint(f"action IN ({_in(TelemetryKind)})", name="action"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    topic_filter: Mapped[str] = mapped_column(String(255))
    action: Mapped[str] = mapped_column(String(16))
    workstation_id: Mapped[int | None] = mapped_column(
        ForeignKey("workstations.id", ondelete="RESTRICT"), nullable=True, index=True
    )
    fields: Mapped[dict[str, Any]] = mapped_column(_Json)
    condition: Mapped[str | None] = mapped_column(Text, nullable=True)
    priority: Mapped[int] = mapped_column(Integer, default=100)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)


class TelemetryMessage(Base):
    """The ledger: one row per handled message within the de-duplication window."""

    __tablename__ = "telemetry_messages"
    __table_args__ = (
        CheckConstraint(f"outcome IN ({_in(MessageOutcome)})", name="outcome"),
        Index("ix_telemetry_messages_dedup_key", "dedup_key", unique=True),
        Index("ix_telemetry_messages_handled_at", "handled_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    dedup_key: Mapped[str] = mapped_column(String(64))
    topic: Mapped[str] = mapped_column(Text)
    msg_id: Mapped[str | None] = mapped_column(String(100), nullable=True)
    rule_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    kind: Mapped[str | None] = mapped_column(String(16), nullable=True)
    outcome: Mapped[str] = mapped_column(String(16))
    result: Mapped[dict[str, Any] | None] = mapped_column(_Json, nullable=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    handled_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class DeadLetter(Base):
    """A message that could not be applied, with why; kept until replayed or discarded."""

    __tablename__ = "telemetry_dead_letters"
    __table_args__ = (
        CheckConstraint(f"status IN ({_in(DeadLetterStatus)})", name="status"),
        Index("ix_telemetry_dead_letters_status_id", "status", "id"),
        Index("ix_telemetry_dead_letters_dedup_key", "dedup_key"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    topic: Mapped[str] = mapped_column(Text)
    payload: Mapped[bytes] = mapped_column(LargeBinary)
    error_code: Mapped[str] = mapped_column(String(64))
    error: Mapped[str] = mapped_column(Text)
    rule_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    dedup_key: Mapped[str] = mapped_column(String(64))
    msg_id: Mapped[str | None] = mapped_column(String(100), nullable=True)
    status: Mapped[str] = mapped_column(String(16), default=DeadLetterStatus.OPEN.value)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    resolved_by: Mapped[str | None] = mapped_column(String(100), nullable=True)


class MachineState(Base):
    """One interval of a workstation's machine state, [started_at, ended_at); the open one
    (ended_at NULL) is the current state. Intervals of a workstation never overlap."""

    __tablename__ = "machine_states"
    __table_args__ = (
        CheckConstraint(f"state IN ({_in(MachineStateName)})", name="state"),
        CheckConstraint("ended_at IS NULL OR ended_at > started_at", name="interval"),
        UniqueConstraint("workstation_id", "started_at"),
        partial_index(
            "ix_machine_states_open", "workstation_id", where="ended_at IS NULL", unique=True
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    workstation_id: Mapped[int] = mapped_column(ForeignKey("workstations.id", ondelete="RESTRICT"))
    state: Mapped[str] = mapped_column(String(8))
    reason: Mapped[str | None] = mapped_column(String(100), nullable=True)
    # The configured downtime reason (machine message `reason_code` or set afterwards).
    reason_id: Mapped[int | None] = mapped_column(
        ForeignKey("downtime_reasons.id", ondelete="RESTRICT"), nullable=True, index=True
    )
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    actor: Mapped[str] = mapped_column(String(100))


class MachinePresence(Base):
    """When a workstation's machine last spoke (a state or count message, server time), and
    whether it is recorded as silent (`app.equipment.silence`): `silent_since` is the start
    of the `down` interval the silence checker recorded, null while the machine is heard."""

    __tablename__ = "machine_presence"

    workstation_id: Mapped[int] = mapped_column(
        ForeignKey("workstations.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
    silent_since: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class MachineCounter(Base):
    """The last cumulative counter reading of a workstation's machine (the delta baseline)."""

    __tablename__ = "machine_counters"
    __table_args__ = (CheckConstraint("good >= 0 AND reject >= 0", name="non_negative"),)

    workstation_id: Mapped[int] = mapped_column(
        ForeignKey("workstations.id", ondelete="RESTRICT"), primary_key=True, autoincrement=False
    )
    good: Mapped[int] = mapped_column(BigInteger)
    reject: Mapped[int] = mapped_column(BigInteger)
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class MachineCount(Base):
    """Produced quantity between two counter readings (append-only)."""

    __tablename__ = "machine_counts"
    __table_args__ = (
        CheckConstraint("good >= 0 AND reject >= 0", name="non_negative"),
        Index("ix_machine_counts_workstation_id_at", "workstation_id", "at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    workstation_id: Mapped[int] = mapped_column(ForeignKey("workstations.id", ondelete="RESTRICT"))
    good: Mapped[int] = mapped_column(BigInteger)
    reject: Mapped[int] = mapped_column(BigInteger)
    good_total: Mapped[int] = mapped_column(BigInteger)
    reject_total: Mapped[int] = mapped_column(BigInteger)
    reset: Mapped[bool] = mapped_column(Boolean, default=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor: Mapped[str] = mapped_column(String(100))
