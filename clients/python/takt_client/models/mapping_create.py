from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.telemetry_kind import TelemetryKind
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.mapping_create_fields import MappingCreateFields


T = TypeVar("T", bound="MappingCreate")


@_attrs_define
class MappingCreate:
    """A mapping rule for a machine whose topics and payloads cannot be changed.

    Attributes:
        action (TelemetryKind): What a message does: the built-in topic kinds and the actions of mapping rules.
        fields (MappingCreateFields): the action's fields by name (as in the built-in payloads: measurement `serial`,
            `test`, `value`/`values`; state `state`, `reason`, `reason_code`; count `good`, `reject`; event `serial`,
            `action`, `defect_code`, `reason`; any: `ts`, `msg_id`)
        name (str): display name
        topic_filter (str): MQTT topic filter (`+` one level, `#` the rest) the rule listens to
        condition (None | str | Unset): the rule applies only when this holds, e.g. `$.type == "torque" and $.ok !=
            false` (operators == != < <= > >= in and or not)
        enabled (bool | Unset): a disabled rule is kept but not used Default: True.
        priority (int | Unset): rules matching the same message are tried by priority (low first) Default: 100.
        workstation_id (int | None | Unset): the machine's workstation: required for `state` and `count`; for unit
            commands the machine may then act only there (like a workstation account)
    """

    action: TelemetryKind
    fields: MappingCreateFields
    name: str
    topic_filter: str
    condition: None | str | Unset = UNSET
    enabled: bool | Unset = True
    priority: int | Unset = 100
    workstation_id: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        action = self.action.value

        fields = self.fields.to_dict()

        name = self.name

        topic_filter = self.topic_filter

        condition: None | str | Unset
        if isinstance(self.condition, Unset):
            condition = UNSET
        else:
            condition = self.condition

        enabled = self.enabled

        priority = self.priority

        workstation_id: int | None | Unset
        if isinstance(self.workstation_id, Unset):
            workstation_id = UNSET
        else:
            workstation_id = self.workstation_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "action": action,
                "fields": fields,
                "name": name,
                "topic_filter": topic_filter,
            }
        )
        if condition is not UNSET:
            field_dict["condition"] = condition
        if enabled is not UNSET:
            field_dict["enabled"] = enabled
        if priority is not UNSET:
            field_dict["priority"] = priority
        if workstation_id is not UNSET:
            field_dict["workstation_id"] = workstation_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.mapping_create_fields import MappingCreateFields  # noqa: PLC0415

        d = dict(src_dict)
        action = TelemetryKind(d.pop("action"))

        fields = MappingCreateFields.from_dict(d.pop("fields"))

        name = d.pop("name")

        topic_filter = d.pop("topic_filter")

        def _parse_condition(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        condition = _parse_condition(d.pop("condition", UNSET))

        enabled = d.pop("enabled", UNSET)

        priority = d.pop("priority", UNSET)

        def _parse_workstation_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        workstation_id = _parse_workstation_id(d.pop("workstation_id", UNSET))

        mapping_create = cls(
            action=action,
            fields=fields,
            name=name,
            topic_filter=topic_filter,
            condition=condition,
            enabled=enabled,
            priority=priority,
            workstation_id=workstation_id,
        )

        return mapping_create
