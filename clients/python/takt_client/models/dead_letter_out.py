from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.dead_letter_out_payload_encoding import DeadLetterOutPayloadEncoding
from ..models.dead_letter_out_status import DeadLetterOutStatus

T = TypeVar("T", bound="DeadLetterOut")


@_attrs_define
class DeadLetterOut:
    """
    Attributes:
        error (str): what went wrong
        error_code (str): class of problem: `malformed_payload`, `invalid_payload`, `unknown_workstation`,
            `unknown_kind`, `no_mapping`, or the command's own code (`not_found`, `unit_finished`, `gate_decision_required`,
            …)
        id (int): dead letter id
        msg_id (None | str): the machine's message id, if it sent one
        payload (str): the payload as received (base64 when not UTF-8 text)
        payload_encoding (DeadLetterOutPayloadEncoding): how `payload` is written
        received_at (datetime.datetime): when the consumer received it
        resolved_at (datetime.datetime | None): when it was replayed or discarded
        resolved_by (None | str): who replayed or discarded it
        rule_id (int | None): the mapping rule that took the message, if any
        status (DeadLetterOutStatus): what became of it
        topic (str): the MQTT topic
    """

    error: str
    error_code: str
    id: int
    msg_id: None | str
    payload: str
    payload_encoding: DeadLetterOutPayloadEncoding
    received_at: datetime.datetime
    resolved_at: datetime.datetime | None
    resolved_by: None | str
    rule_id: int | None
    status: DeadLetterOutStatus
    topic: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        error = self.error

        error_code = self.error_code

        id = self.id

        msg_id: None | str
        msg_id = self.msg_id

        payload = self.payload

        payload_encoding = self.payload_encoding.value

        received_at = self.received_at.isoformat()

        resolved_at: None | str
        if isinstance(self.resolved_at, datetime.datetime):
            resolved_at = self.resolved_at.isoformat()
        else:
            resolved_at = self.resolved_at

        resolved_by: None | str
        resolved_by = self.resolved_by

        rule_id: int | None
        rule_id = self.rule_id

        status = self.status.value

        topic = self.topic

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "error": error,
                "error_code": error_code,
                "id": id,
                "msg_id": msg_id,
                "payload": payload,
                "payload_encoding": payload_encoding,
                "received_at": received_at,
                "resolved_at": resolved_at,
                "resolved_by": resolved_by,
                "rule_id": rule_id,
                "status": status,
                "topic": topic,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        error = d.pop("error")

        error_code = d.pop("error_code")

        id = d.pop("id")

        def _parse_msg_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        msg_id = _parse_msg_id(d.pop("msg_id"))

        payload = d.pop("payload")

        payload_encoding = DeadLetterOutPayloadEncoding(d.pop("payload_encoding"))

        received_at = datetime.datetime.fromisoformat(d.pop("received_at"))

        def _parse_resolved_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                resolved_at_type_0 = datetime.datetime.fromisoformat(data)

                return resolved_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        resolved_at = _parse_resolved_at(d.pop("resolved_at"))

        def _parse_resolved_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        resolved_by = _parse_resolved_by(d.pop("resolved_by"))

        def _parse_rule_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        rule_id = _parse_rule_id(d.pop("rule_id"))

        status = DeadLetterOutStatus(d.pop("status"))

        topic = d.pop("topic")

        dead_letter_out = cls(
            error=error,
            error_code=error_code,
            id=id,
            msg_id=msg_id,
            payload=payload,
            payload_encoding=payload_encoding,
            received_at=received_at,
            resolved_at=resolved_at,
            resolved_by=resolved_by,
            rule_id=rule_id,
            status=status,
            topic=topic,
        )

        dead_letter_out.additional_properties = d
        return dead_letter_out

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
