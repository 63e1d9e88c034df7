from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.telemetry_kind import TelemetryKind

if TYPE_CHECKING:
    from ..models.mapping_out_fields import MappingOutFields


T = TypeVar("T", bound="MappingOut")


@_attrs_define
class MappingOut:
    """
    Attributes:
        action (TelemetryKind): What a message does: the built-in topic kinds and the actions of mapping rules.
        condition (None | str): when the rule applies
        created_at (datetime.datetime): when the rule was created
        enabled (bool): whether the rule is used
        fields (MappingOutFields): field name → `path`/`const`, `map`, `scale`, …
        id (int): rule id (the audit actor of what it does is `mapping:<id>`)
        name (str): display name
        priority (int): order among matching rules (low first)
        topic_filter (str): MQTT topic filter
        updated_at (datetime.datetime): when it last changed
        workstation_id (int | None): the machine's workstation
    """

    action: TelemetryKind
    condition: None | str
    created_at: datetime.datetime
    enabled: bool
    fields: MappingOutFields
    id: int
    name: str
    priority: int
    topic_filter: str
    updated_at: datetime.datetime
    workstation_id: int | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        action = self.action.value

        condition: None | str
        condition = self.condition

        created_at = self.created_at.isoformat()

        enabled = self.enabled

        fields = self.fields.to_dict()

        id = self.id

        name = self.name

        priority = self.priority

        topic_filter = self.topic_filter

        updated_at = self.updated_at.isoformat()

        workstation_id: int | None
        workstation_id = self.workstation_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "action": action,
                "condition": condition,
                "created_at": created_at,
                "enabled": enabled,
                "fields": fields,
                "id": id,
                "name": name,
                "priority": priority,
                "topic_filter": topic_filter,
                "updated_at": updated_at,
                "workstation_id": workstation_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.mapping_out_fields import MappingOutFields  # noqa: PLC0415

        d = dict(src_dict)
        action = TelemetryKind(d.pop("action"))

        def _parse_condition(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        condition = _parse_condition(d.pop("condition"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        enabled = d.pop("enabled")

        fields = MappingOutFields.from_dict(d.pop("fields"))

        id = d.pop("id")

        name = d.pop("name")

        priority = d.pop("priority")

        topic_filter = d.pop("topic_filter")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        def _parse_workstation_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        workstation_id = _parse_workstation_id(d.pop("workstation_id"))

        mapping_out = cls(
            action=action,
            condition=condition,
            created_at=created_at,
            enabled=enabled,
            fields=fields,
            id=id,
            name=name,
            priority=priority,
            topic_filter=topic_filter,
            updated_at=updated_at,
            workstation_id=workstation_id,
        )

        mapping_out.additional_properties = d
        return mapping_out

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
