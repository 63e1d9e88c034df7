from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.message_out_outcome import MessageOutOutcome

if TYPE_CHECKING:
    from ..models.message_out_result_type_0 import MessageOutResultType0


T = TypeVar("T", bound="MessageOut")


@_attrs_define
class MessageOut:
    """
    Attributes:
        handled_at (datetime.datetime): when it was applied (committed with its effect)
        id (int): ledger entry id
        kind (None | str): `measurement`, `state`, `count` or `event`
        msg_id (None | str): the machine's message id, if any
        outcome (MessageOutOutcome): what became of it
        received_at (datetime.datetime): when the consumer received it
        result (MessageOutResultType0 | None): what it did (e.g. the measurement id and result, the unit's new step), or
            its dead letter
        rule_id (int | None): the mapping rule that took it, if any
        topic (str): the MQTT topic
    """

    handled_at: datetime.datetime
    id: int
    kind: None | str
    msg_id: None | str
    outcome: MessageOutOutcome
    received_at: datetime.datetime
    result: MessageOutResultType0 | None
    rule_id: int | None
    topic: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.message_out_result_type_0 import MessageOutResultType0  # noqa: PLC0415

        handled_at = self.handled_at.isoformat()

        id = self.id

        kind: None | str
        kind = self.kind

        msg_id: None | str
        msg_id = self.msg_id

        outcome = self.outcome.value

        received_at = self.received_at.isoformat()

        result: dict[str, Any] | None
        if isinstance(self.result, MessageOutResultType0):
            result = self.result.to_dict()
        else:
            result = self.result

        rule_id: int | None
        rule_id = self.rule_id

        topic = self.topic

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "handled_at": handled_at,
                "id": id,
                "kind": kind,
                "msg_id": msg_id,
                "outcome": outcome,
                "received_at": received_at,
                "result": result,
                "rule_id": rule_id,
                "topic": topic,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.message_out_result_type_0 import MessageOutResultType0  # noqa: PLC0415

        d = dict(src_dict)
        handled_at = datetime.datetime.fromisoformat(d.pop("handled_at"))

        id = d.pop("id")

        def _parse_kind(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        kind = _parse_kind(d.pop("kind"))

        def _parse_msg_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        msg_id = _parse_msg_id(d.pop("msg_id"))

        outcome = MessageOutOutcome(d.pop("outcome"))

        received_at = datetime.datetime.fromisoformat(d.pop("received_at"))

        def _parse_result(data: object) -> MessageOutResultType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                result_type_0 = MessageOutResultType0.from_dict(data)

                return result_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MessageOutResultType0 | None, data)

        result = _parse_result(d.pop("result"))

        def _parse_rule_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        rule_id = _parse_rule_id(d.pop("rule_id"))

        topic = d.pop("topic")

        message_out = cls(
            handled_at=handled_at,
            id=id,
            kind=kind,
            msg_id=msg_id,
            outcome=outcome,
            received_at=received_at,
            result=result,
            rule_id=rule_id,
            topic=topic,
        )

        message_out.additional_properties = d
        return message_out

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
