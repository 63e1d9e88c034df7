from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.telemetry_kind import TelemetryKind
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.mapping_update_fields import MappingUpdateFields


T = TypeVar("T", bound="MappingUpdate")


@_attrs_define
class MappingUpdate:
    """Change a mapping rule; the result is validated as a whole, like a new one.

    Attributes:
        action (TelemetryKind | Unset): What a message does: the built-in topic kinds and the actions of mapping rules.
        condition (None | str | Unset): when the rule applies
        enabled (bool | Unset): use the rule
        fields (MappingUpdateFields | Unset): the action's fields
        name (str | Unset): display name
        priority (int | Unset): order among matching rules
        topic_filter (str | Unset): MQTT topic filter
        workstation_id (int | None | Unset): the machine's workstation
    """

    action: TelemetryKind | Unset = UNSET
    condition: None | str | Unset = UNSET
    enabled: bool | Unset = UNSET
    fields: MappingUpdateFields | Unset = UNSET
    name: str | Unset = UNSET
    priority: int | Unset = UNSET
    topic_filter: str | Unset = UNSET
    workstation_id: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        action: str | Unset = UNSET
        if not isinstance(self.action, Unset):
            action = self.action.value

        condition: None | str | Unset
        if isinstance(self.condition, Unset):
            condition = UNSET
        else:
            condition = self.condition

        enabled = self.enabled

        fields: dict[str, Any] | Unset = UNSET
        if not isinstance(self.fields, Unset):
            fields = self.fields.to_dict()

        name = self.name

        priority = self.priority

        topic_filter = self.topic_filter

        workstation_id: int | None | Unset
        if isinstance(self.workstation_id, Unset):
            workstation_id = UNSET
        else:
            workstation_id = self.workstation_id

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if action is not UNSET:
            field_dict["action"] = action
        if condition is not UNSET:
            field_dict["condition"] = condition
        if enabled is not UNSET:
            field_dict["enabled"] = enabled
        if fields is not UNSET:
            field_dict["fields"] = fields
        if name is not UNSET:
            field_dict["name"] = name
        if priority is not UNSET:
            field_dict["priority"] = priority
        if topic_filter is not UNSET:
            field_dict["topic_filter"] = topic_filter
        if workstation_id is not UNSET:
            field_dict["workstation_id"] = workstation_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.mapping_update_fields import MappingUpdateFields  # noqa: PLC0415

        d = dict(src_dict)
        _action = d.pop("action", UNSET)
        action: TelemetryKind | Unset
        if isinstance(_action, Unset):
            action = UNSET
        else:
            action = TelemetryKind(_action)

        def _parse_condition(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        condition = _parse_condition(d.pop("condition", UNSET))

        enabled = d.pop("enabled", UNSET)

        _fields = d.pop("fields", UNSET)
        fields: MappingUpdateFields | Unset
        if isinstance(_fields, Unset):
            fields = UNSET
        else:
            fields = MappingUpdateFields.from_dict(_fields)

        name = d.pop("name", UNSET)

        priority = d.pop("priority", UNSET)

        topic_filter = d.pop("topic_filter", UNSET)

        def _parse_workstation_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        workstation_id = _parse_workstation_id(d.pop("workstation_id", UNSET))

        mapping_update = cls(
            action=action,
            condition=condition,
            enabled=enabled,
            fields=fields,
            name=name,
            priority=priority,
            topic_filter=topic_filter,
            workstation_id=workstation_id,
        )

        return mapping_update
