"""What machine messages carry, per kind, and how their raw bytes are read.

Built-in topics and mapping rules produce the same field dictionaries; both are validated by
these models, so a message means the same whichever way it came in. Unknown fields are
ignored (machines add diagnostics); wrong types, out-of-range numbers, NaN, unknown enum
values and timestamps without a UTC offset are errors (the message becomes a dead letter).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

from app.kit.time import utcnow
from app.models import MachineStateName, TelemetryKind

MAX_PAYLOAD_BYTES = 256 * 1024
MAX_VECTOR = 10_000
# A machine clock may run a little ahead; further ahead is a wrong clock, refused.
FUTURE_TOLERANCE = timedelta(minutes=5)
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
MAX_BIGINT = 2**63 - 1

Serial = Annotated[str, Strict(), StringConstraints(min_length=1, max_length=64)]
Number = Annotated[float, Strict(), Field(allow_inf_nan=False)]
Counter = Annotated[int, Strict(), Field(ge=0, le=MAX_BIGINT)]
MsgId = (
    Annotated[str, Strict(), StringConstraints(min_length=1, max_length=100)]
    | Annotated[int, Strict()]
)
Text = Annotated[str, Strict(), StringConstraints(max_length=500, pattern=r"^[^\x00]*$")]


class PayloadError(ValueError):
    """The message cannot be read; `code` names the class of problem."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail


class _Payload(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    ts: AwareDatetime | None = Field(None, description="when it happened (default: received)")
    msg_id: MsgId | None = Field(None, description="the machine's message id (de-duplication)")

    @field_validator("ts")
    @classmethod
    def _plausible(cls, value: datetime | None) -> datetime | None:
        if value is None:
            return None
        value = value.astimezone(UTC)
        if value < EARLIEST:
            raise ValueError("ts is before 2000-01-01")
        if value > utcnow() + FUTURE_TOLERANCE:
            raise ValueError("ts is more than 5 minutes in the future (check the machine clock)")
        return value


class MeasurementPayload(_Payload):
    serial: Serial
    test: (
        Annotated[int, Strict(), Field(ge=1, le=MAX_BIGINT)]
        | Annotated[str, Strict(), StringConstraints(min_length=1, max_length=100)]
    )
    value: Number | None = None
    values: Annotated[list[Number], Field(min_length=1, max_length=MAX_VECTOR)] | None = None

    @model_validator(mode="after")
    def _one_value(self) -> MeasurementPayload:
        if (self.value is None) == (self.values is None):
            raise ValueError("give either value (a number) or values (a list of numbers)")
        return self


class StatePayload(_Payload):
    state: MachineStateName
    reason: Annotated[str, Strict(), StringConstraints(min_length=1, max_length=100)] | None = None
    # A configured downtime reason's code; an unknown one dead-letters the message.
    reason_code: Annotated[str, Strict(), StringConstraints(min_length=1, max_length=32)] | None = (
        None
    )


class CountPayload(_Payload):
    good: Counter
    reject: Counter | None = None


class EventPayload(_Payload):
    serial: Serial
    action: Literal["move", "gate_pass", "gate_fail", "scrap"]
    defect_code: Annotated[str, Strict(), StringConstraints(min_length=1, max_length=32)] | None = (
        None
    )
    reason: Text | None = None


Payload = MeasurementPayload | StatePayload | CountPayload | EventPayload

MODELS: dict[str, type[_Payload]] = {
    TelemetryKind.MEASUREMENT.value: MeasurementPayload,
    TelemetryKind.STATE.value: StatePayload,
    TelemetryKind.COUNT.value: CountPayload,
    TelemetryKind.EVENT.value: EventPayload,
}

# The fields a mapping rule may fill for each action, and those it must.
FIELDS: dict[str, frozenset[str]] = {
    kind: frozenset(model.model_fields) for kind, model in MODELS.items()
}
REQUIRED: dict[str, frozenset[str]] = {
    TelemetryKind.MEASUREMENT.value: frozenset({"serial", "test"}),
    TelemetryKind.STATE.value: frozenset({"state"}),
    TelemetryKind.COUNT.value: frozenset({"good"}),
    TelemetryKind.EVENT.value: frozenset({"serial", "action"}),
}


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


_JSON = json.JSONDecoder(parse_constant=_refuse_constant)


def decode_json(raw: bytes) -> Any:
    """The payload as JSON (UTF-8, no NaN/Infinity); `PayloadError` otherwise."""
    if len(raw) > MAX_PAYLOAD_BYTES:
        raise PayloadError("payload_too_large", f"the payload exceeds {MAX_PAYLOAD_BYTES} bytes")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PayloadError("malformed_payload", f"the payload is not UTF-8: {exc}") from exc
    try:
        return _JSON.decode(text)
    except (ValueError, RecursionError) as exc:
        raise PayloadError("malformed_payload", f"the payload is not valid JSON: {exc}") from exc


def _describe(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors()[:5]:
        where = ".".join(str(p) for p in error.get("loc", ())) or "payload"
        parts.append(f"{where}: {error.get('msg', 'invalid')}")
    more = len(exc.errors()) - 5
    return "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")


def validate(kind: str, fields: Any) -> Payload:
    """Validate a field dictionary as a `kind` message."""
    if not isinstance(fields, dict):
        raise PayloadError("invalid_payload", "the payload must be a JSON object")
    try:
        return MODELS[kind].model_validate(fields)  # type: ignore[return-value]
    except ValidationError as exc:
        raise PayloadError("invalid_payload", _describe(exc)) from exc
