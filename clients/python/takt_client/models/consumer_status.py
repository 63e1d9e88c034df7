from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.consumer_status_mqtt import ConsumerStatusMqtt

T = TypeVar("T", bound="ConsumerStatus")


@_attrs_define
class ConsumerStatus:
    """
    Attributes:
        applied (int): messages applied since start
        batches (int): batches (transactions) applied since start
        client_id (None | str): its MQTT client id (persistent session)
        dead_letters (int): messages dead-lettered since start
        duplicates (int): duplicates skipped since start
        last_error (None | str): the last connection or database error
        mqtt (ConsumerStatusMqtt): this process's consumer
        subscriptions (list[str]): topic filters subscribed (shared)
    """

    applied: int
    batches: int
    client_id: None | str
    dead_letters: int
    duplicates: int
    last_error: None | str
    mqtt: ConsumerStatusMqtt
    subscriptions: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        applied = self.applied

        batches = self.batches

        client_id: None | str
        client_id = self.client_id

        dead_letters = self.dead_letters

        duplicates = self.duplicates

        last_error: None | str
        last_error = self.last_error

        mqtt = self.mqtt.value

        subscriptions = self.subscriptions

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "applied": applied,
                "batches": batches,
                "client_id": client_id,
                "dead_letters": dead_letters,
                "duplicates": duplicates,
                "last_error": last_error,
                "mqtt": mqtt,
                "subscriptions": subscriptions,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        applied = d.pop("applied")

        batches = d.pop("batches")

        def _parse_client_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        client_id = _parse_client_id(d.pop("client_id"))

        dead_letters = d.pop("dead_letters")

        duplicates = d.pop("duplicates")

        def _parse_last_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        last_error = _parse_last_error(d.pop("last_error"))

        mqtt = ConsumerStatusMqtt(d.pop("mqtt"))

        subscriptions = cast(list[str], d.pop("subscriptions"))

        consumer_status = cls(
            applied=applied,
            batches=batches,
            client_id=client_id,
            dead_letters=dead_letters,
            duplicates=duplicates,
            last_error=last_error,
            mqtt=mqtt,
            subscriptions=subscriptions,
        )

        consumer_status.additional_properties = d
        return consumer_status

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
