"""Request and response bodies for machines over MQTT."""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, StringConstraints, field_validator, model_validator

from app.kit.schemas import MAX_ID, InputSchema, Name, OutputSchema, PatchSchema
from app.models import DeadLetter, MachineStateName, TelemetryKind
from app.telemetry import condition as conditions
from app.telemetry import jsonpath
from app.telemetry.payloads import FIELDS, REQUIRED
from app.telemetry.topics import filter_problem

RefId = Annotated[int, Field(strict=True, ge=1, le=MAX_ID)]
Scalar = str | int | float | bool
MapKey = Annotated[str, StringConstraints(min_length=1, max_length=100)]
_ENUM_FIELDS: dict[str, frozenset[str]] = {
    "state": frozenset(s.value for s in MachineStateName),
    "action": frozenset({"move", "gate_pass", "gate_fail", "scrap"}),
}
_MAPPING_EXAMPLE: dict[str, Any] = {
    "name": "Press 4 torque",
    "topic_filter": "plant/press4/+/result",
    "action": "measurement",
    "workstation_id": 1,
    "fields": {
        "serial": {"path": "$.part.sn"},
        "test": {"const": "torque"},
        "value": {"path": "$.torque_cNm", "scale": 0.01},
        "msg_id": {"path": "$.seq"},
    },
    "condition": '$.kind == "result" and $.valid == true',
}


class FieldMapping(InputSchema):
    """Where one field of the action comes from, and how its value is transformed."""

    path: str | None = Field(
        None,
        description="JSONPath into the payload: `$.a.b`, `$['key with spaces']`, `$.list[0]`, "
        "`$.list[*]` (every element, e.g. for `values`)",
        examples=["$.data.torque"],
    )
    const: Scalar | None = Field(
        None, description="a constant instead of a path (e.g. the test name)", examples=["torque"]
    )
    map: dict[MapKey, Scalar | None] | None = Field(
        None,
        max_length=200,
        description="lookup table applied first: the raw value (numbers and booleans as JSON "
        "text) → the value to use; values not in the table pass unchanged",
        examples=[{"1": "running", "2": "idle", "3": "down"}],
    )
    scale: float | None = Field(
        None, allow_inf_nan=False, description="multiply the (numeric) value", examples=[0.01]
    )
    offset: float | None = Field(
        None, allow_inf_nan=False, description="then add this to it", examples=[-273.15]
    )

    @field_validator("path")
    @classmethod
    def _parses(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                jsonpath.parse(value)
            except jsonpath.JsonPathError as exc:
                raise ValueError(f"invalid JSONPath: {exc}") from exc
        return value

    @model_validator(mode="after")
    def _source(self) -> FieldMapping:
        if (self.path is None) == (self.const is None):
            raise ValueError("give exactly one of path or const")
        return self


class _MappingFields(InputSchema):
    @field_validator("topic_filter", check_fields=False)
    @classmethod
    def _filter(cls, value: str | None) -> str | None:
        if value is not None and (problem := filter_problem(value)):
            raise ValueError(problem)
        return value

    @field_validator("condition", check_fields=False)
    @classmethod
    def _condition(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                conditions.parse(value)
            except conditions.ConditionError as exc:
                raise ValueError(f"invalid condition: {exc}") from exc
        return value


TopicFilter = Annotated[str, StringConstraints(min_length=1, max_length=255)]
Condition = Annotated[str, StringConstraints(min_length=1, max_length=conditions.MAX_LENGTH)]
Priority = Annotated[int, Field(strict=True, ge=0, le=1_000_000)]


def check_fields(action: str, fields: dict[str, FieldMapping]) -> None:
    """The fields suit the action (names, required ones, constant enum values)."""
    allowed, required = FIELDS[action], REQUIRED[action]
    unknown = sorted(set(fields) - allowed)
    if unknown:
        raise ValueError(
            f"{action} has no field(s) {', '.join(unknown)}; "
            f"its fields: {', '.join(sorted(allowed))}"
        )
    missing = sorted(required - set(fields))
    if missing:
        raise ValueError(f"{action} needs the field(s) {', '.join(missing)}")
    if action == TelemetryKind.MEASUREMENT.value and not ({"value", "values"} & set(fields)):
        raise ValueError("measurement needs value or values")
    for name, choices in _ENUM_FIELDS.items():
        spec = fields.get(name)
        if spec is None:
            continue
        candidates: list[Scalar | None] = [spec.const] if spec.const is not None else []
        candidates += list((spec.map or {}).values())
        for value in candidates:
            if value not in choices:
                raise ValueError(f"{name}: {value!r} is not one of {', '.join(sorted(choices))}")


class MappingCreate(_MappingFields):
    """A mapping rule for a machine whose topics and payloads cannot be changed."""

    model_config = ConfigDict(json_schema_extra={"examples": [_MAPPING_EXAMPLE]})

    name: Name = Field(description="display name", examples=["Press 4 torque"])
    topic_filter: TopicFilter = Field(
        description="MQTT topic filter (`+` one level, `#` the rest) the rule listens to",
        examples=["plant/press4/+/result"],
    )
    action: TelemetryKind = Field(
        strict=False,
        description="what a matching message becomes: `measurement`, `state`, `count` or "
        "`event` (the same as the built-in topic kinds)",
    )
    workstation_id: RefId | None = Field(
        None,
        description="the machine's workstation: required for `state` and `count`; for unit "
        "commands the machine may then act only there (like a workstation account)",
    )
    fields: dict[str, FieldMapping] = Field(
        description="the action's fields by name (as in the built-in payloads: measurement "
        "`serial`, `test`, `value`/`values`; state `state`, `reason`, `reason_code`; "
        "count `good`, `reject`; "
        "event `serial`, `action`, `defect_code`, `reason`; any: `ts`, `msg_id`)",
    )
    condition: Condition | None = Field(
        None,
        description="the rule applies only when this holds, e.g. "
        '`$.type == "torque" and $.ok != false` (operators == != < <= > >= in and or not)',
    )
    priority: Priority = Field(
        100, description="rules matching the same message are tried by priority (low first)"
    )
    enabled: bool = Field(True, description="a disabled rule is kept but not used")

    @model_validator(mode="after")
    def _consistent(self) -> MappingCreate:
        check_fields(self.action.value, self.fields)
        needs_station = self.action in (TelemetryKind.STATE, TelemetryKind.COUNT)
        if needs_station and self.workstation_id is None:
            raise ValueError(f"a {self.action.value} rule needs workstation_id")
        return self


class MappingUpdate(PatchSchema, _MappingFields):
    """Change a mapping rule; the result is validated as a whole, like a new one."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"enabled": False}]})
    nullable = frozenset({"workstation_id", "condition"})

    name: Name | None = Field(None, description="display name")
    topic_filter: TopicFilter | None = Field(None, description="MQTT topic filter")
    action: TelemetryKind | None = Field(
        None, strict=False, description="what a matching message becomes"
    )
    workstation_id: RefId | None = Field(None, description="the machine's workstation")
    fields: dict[str, FieldMapping] | None = Field(None, description="the action's fields")
    condition: Condition | None = Field(None, description="when the rule applies")
    priority: Priority | None = Field(None, description="order among matching rules")
    enabled: bool | None = Field(None, description="use the rule")


class MappingOut(OutputSchema):
    id: int = Field(description="rule id (the audit actor of what it does is `mapping:<id>`)")
    name: str = Field(description="display name")
    topic_filter: str = Field(description="MQTT topic filter")
    action: TelemetryKind = Field(description="what a matching message becomes")
    workstation_id: int | None = Field(description="the machine's workstation")
    fields: dict[str, Any] = Field(description="field name → `path`/`const`, `map`, `scale`, …")
    condition: str | None = Field(description="when the rule applies")
    priority: int = Field(description="order among matching rules (low first)")
    enabled: bool = Field(description="whether the rule is used")
    created_at: datetime = Field(description="when the rule was created")
    updated_at: datetime = Field(description="when it last changed")


# -- dead letters, ledger --------------------------------------------------------------------------


class DeadLetterOut(OutputSchema):
    id: int = Field(description="dead letter id")
    topic: str = Field(description="the MQTT topic")
    payload: str = Field(description="the payload as received (base64 when not UTF-8 text)")
    payload_encoding: Literal["utf-8", "base64"] = Field(description="how `payload` is written")
    error_code: str = Field(
        description="class of problem: `malformed_payload`, `invalid_payload`, "
        "`unknown_workstation`, `unknown_kind`, `no_mapping`, or the command's own code "
        "(`not_found`, `unit_finished`, `gate_decision_required`, …)"
    )
    error: str = Field(description="what went wrong")
    rule_id: int | None = Field(description="the mapping rule that took the message, if any")
    msg_id: str | None = Field(description="the machine's message id, if it sent one")
    status: Literal["open", "replayed", "discarded"] = Field(description="what became of it")
    received_at: datetime = Field(description="when the consumer received it")
    resolved_at: datetime | None = Field(description="when it was replayed or discarded")
    resolved_by: str | None = Field(description="who replayed or discarded it")

    @classmethod
    def of(cls, row: DeadLetter) -> DeadLetterOut:
        raw = bytes(row.payload)
        try:
            text, encoding = raw.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = base64.b64encode(raw).decode(), "base64"
        return cls(
            id=row.id,
            topic=row.topic,
            payload=text,
            payload_encoding=encoding,
            error_code=row.error_code,
            error=row.error,
            rule_id=row.rule_id,
            msg_id=row.msg_id,
            status=row.status,
            received_at=row.received_at,
            resolved_at=row.resolved_at,
            resolved_by=row.resolved_by,
        )


class ReplayOut(OutputSchema):
    dead_letter: DeadLetterOut = Field(description="the dead letter, now `replayed`")
    result: dict[str, Any] = Field(description="what applying the message did")


class MessageOut(OutputSchema):
    id: int = Field(description="ledger entry id")
    topic: str = Field(description="the MQTT topic")
    msg_id: str | None = Field(description="the machine's message id, if any")
    rule_id: int | None = Field(description="the mapping rule that took it, if any")
    kind: str | None = Field(description="`measurement`, `state`, `count` or `event`")
    outcome: Literal["applied", "dead_letter"] = Field(description="what became of it")
    result: dict[str, Any] | None = Field(
        description="what it did (e.g. the measurement id and result, the unit's new step), "
        "or its dead letter"
    )
    received_at: datetime = Field(description="when the consumer received it")
    handled_at: datetime = Field(description="when it was applied (committed with its effect)")


class ConsumerStatus(OutputSchema):
    mqtt: Literal["disabled", "connecting", "connected"] = Field(
        description="this process's consumer"
    )
    client_id: str | None = Field(description="its MQTT client id (persistent session)")
    last_error: str | None = Field(description="the last connection or database error")
    subscriptions: list[str] = Field(description="topic filters subscribed (shared)")
    applied: int = Field(description="messages applied since start")
    dead_letters: int = Field(description="messages dead-lettered since start")
    duplicates: int = Field(description="duplicates skipped since start")
    batches: int = Field(description="batches (transactions) applied since start")
