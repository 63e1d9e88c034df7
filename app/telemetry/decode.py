"""From an MQTT message to what it asks for: built-in topic or mapping rule, validated fields,
the machine acting, and the de-duplication key.

Decoding needs no database round trip: rules and workstation codes come from caches the
consumer refreshes (`Stations`, `RuleSet`). Whatever cannot be decoded becomes a `Rejected`
with a stable error code, and ends in the dead-letter table.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from app.auth.principal import Principal
from app.models import Role, TelemetryKind, UserKind
from app.telemetry import payloads, topics
from app.telemetry.payloads import Payload, PayloadError
from app.telemetry.rules import CompiledRule, RuleSet

ACTOR_LENGTH = 100


@dataclass(frozen=True)
class MachinePrincipal(Principal):
    """A machine acting through MQTT: an admin-level system caller bound, like a workstation
    account, to the workstation its topic or rule names. Its audit actor is the source."""

    source: str = ""

    @property
    def actor(self) -> str:
        return self.source


@dataclass(frozen=True, slots=True)
class Inbound:
    """A message as received."""

    topic: str
    payload: bytes
    received_at: datetime


@dataclass(frozen=True, slots=True)
class Station:
    id: int
    line_id: int


@dataclass
class Stations:
    """Workstations by (line code, workstation code) and by id."""

    by_codes: dict[tuple[str, str], Station] = field(default_factory=dict)
    by_id: dict[int, Station] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Decoded:
    """A message that asks for one action."""

    kind: str
    payload: Payload
    actor: str
    principal: MachinePrincipal
    rule_id: int | None
    station: Station | None
    dedup_key: str
    msg_id: str | None


@dataclass(frozen=True, slots=True)
class Ignored:
    """A message no rule takes (its rules' conditions are false): applied, doing nothing."""

    reason: str
    rule_id: int | None
    dedup_key: str
    msg_id: str | None


@dataclass(frozen=True, slots=True)
class Rejected:
    """A message that cannot be applied, and why."""

    code: str
    detail: str
    rule_id: int | None
    dedup_key: str
    msg_id: str | None
    kind: str | None = None


Outcome = Decoded | Ignored | Rejected


def actor_for(topic: str) -> str:
    return f"mqtt:{topic}"[:ACTOR_LENGTH]


def machine(actor: str, station: Station | None) -> MachinePrincipal:
    return MachinePrincipal(
        kind="user",
        id=0,
        name=actor,
        role=Role.ADMIN,
        user_kind=UserKind.WORKSTATION,
        workstation_id=station.id if station is not None else None,
        source=actor,
    )


def dedup_key(topic: str, msg_id: str | None, document: Any, raw: bytes) -> str:
    """Same `msg_id` on the same topic, or (without one) the same topic and payload — the
    payload includes its `ts` — is the same message."""
    digest = hashlib.sha256()
    if msg_id is not None:
        digest.update(b"id\x00" + topic.encode() + b"\x00" + msg_id.encode())
    else:
        body = raw if document is None else _canonical(document)
        digest.update(b"payload\x00" + topic.encode() + b"\x00" + body)
    return digest.hexdigest()


def _canonical(document: Any) -> bytes:
    return json.dumps(document, sort_keys=True, separators=(",", ":")).encode()


def _msg_id(fields: Any) -> str | None:
    if not isinstance(fields, dict):
        return None
    value = fields.get("msg_id")
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    return str(value)[:100]


def _station_problem(message: Inbound, parts: topics.ConventionTopic) -> str:
    return (
        f"no workstation {parts.workstation_code!r} on line {parts.line_code!r} "
        f"(topic {message.topic})"
    )


def decode(message: Inbound, *, root: str, rules: RuleSet, stations: Stations) -> Outcome:
    """What `message` asks for. An `unknown_workstation` rejection may come from a stale
    cache: the caller refreshes its workstations and decodes again before dead-lettering."""
    topic = message.topic
    try:
        document = payloads.decode_json(message.payload)
    except PayloadError as exc:
        key = dedup_key(topic, None, None, message.payload)
        return Rejected(exc.code, exc.detail, None, key, None)

    convention = topics.parse_convention(root, topic)
    candidates = rules.candidates(topic)
    for rule in candidates:
        if rule.condition is None or rule.condition(document):
            return _by_rule(message, document, rule, stations)
    if convention is None:
        key = dedup_key(topic, None, document, message.payload)
        if candidates:
            names = ", ".join(str(r.id) for r in candidates)
            return Ignored(f"no condition of mapping rule(s) {names} holds", None, key, None)
        return Rejected("no_mapping", f"no mapping rule takes topic {topic}", None, key, None)
    return _by_convention(message, document, convention, stations)


def _by_convention(
    message: Inbound, document: Any, parts: topics.ConventionTopic, stations: Stations
) -> Outcome:
    msg_id = _msg_id(document)
    key = dedup_key(message.topic, msg_id, document, message.payload)
    if parts.kind not in topics.KINDS:
        detail = f"unknown kind {parts.kind!r}: one of {', '.join(sorted(topics.KINDS))}"
        return Rejected("unknown_kind", detail, None, key, msg_id)
    station = stations.by_codes.get((parts.line_code, parts.workstation_code))
    if station is None:
        problem = _station_problem(message, parts)
        return Rejected("unknown_workstation", problem, None, key, msg_id, parts.kind)
    try:
        payload = payloads.validate(parts.kind, document)
    except PayloadError as exc:
        return Rejected(exc.code, exc.detail, None, key, msg_id, parts.kind)
    actor = actor_for(message.topic)
    principal = machine(actor, station)
    return Decoded(parts.kind, payload, actor, principal, None, station, key, msg_id)


def _by_rule(message: Inbound, document: Any, rule: CompiledRule, stations: Stations) -> Outcome:
    try:
        fields = rule.extract(document)
    except PayloadError as exc:
        key = dedup_key(message.topic, None, document, message.payload)
        return Rejected(exc.code, f"rule {rule.id}: {exc.detail}", rule.id, key, None, rule.action)
    msg_id = _msg_id(fields)
    key = dedup_key(message.topic, msg_id, document, message.payload)
    station = None
    if rule.workstation_id is not None:
        station = stations.by_id.get(rule.workstation_id)
        if station is None:  # created after the cache was loaded: the caller refreshes
            detail = f"rule {rule.id}: workstation {rule.workstation_id} does not exist"
            return Rejected("unknown_workstation", detail, rule.id, key, msg_id, rule.action)
    try:
        payload = payloads.validate(rule.action, fields)
    except PayloadError as exc:
        detail = f"rule {rule.id}: {exc.detail}"
        return Rejected(exc.code, detail, rule.id, key, msg_id, rule.action)
    if rule.action in (TelemetryKind.STATE.value, TelemetryKind.COUNT.value) and station is None:
        detail = f"rule {rule.id}: a {rule.action} rule needs a workstation"
        return Rejected("invalid_mapping", detail, rule.id, key, msg_id, rule.action)
    actor = rule.actor
    return Decoded(
        rule.action, payload, actor, machine(actor, station), rule.id, station, key, msg_id
    )
