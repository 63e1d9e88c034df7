from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.alert_kind import AlertKind

T = TypeVar("T", bound="AlertRuleOut")


@_attrs_define
class AlertRuleOut:
    """
    Attributes:
        created_at (datetime.datetime): when the rule was created
        defect_code (None | str): only this defect code (null: any)
        enabled (bool): evaluated only when enabled
        id (int): rule id
        kind (AlertKind):
        name (str): display name
        occurrences (int | None): `defect_repeat`: units with the defect
        threshold_pct (float | None): `yield_below`: threshold in %
        updated_at (datetime.datetime): when the rule last changed
        window_minutes (int | None): `defect_repeat`: within minutes
        window_units (int | None): `yield_below`: latest units judged
        workstation_id (int | None): only at this workstation (null: any)
    """

    created_at: datetime.datetime
    defect_code: None | str
    enabled: bool
    id: int
    kind: AlertKind
    name: str
    occurrences: int | None
    threshold_pct: float | None
    updated_at: datetime.datetime
    window_minutes: int | None
    window_units: int | None
    workstation_id: int | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        defect_code: None | str
        defect_code = self.defect_code

        enabled = self.enabled

        id = self.id

        kind = self.kind.value

        name = self.name

        occurrences: int | None
        occurrences = self.occurrences

        threshold_pct: float | None
        threshold_pct = self.threshold_pct

        updated_at = self.updated_at.isoformat()

        window_minutes: int | None
        window_minutes = self.window_minutes

        window_units: int | None
        window_units = self.window_units

        workstation_id: int | None
        workstation_id = self.workstation_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "defect_code": defect_code,
                "enabled": enabled,
                "id": id,
                "kind": kind,
                "name": name,
                "occurrences": occurrences,
                "threshold_pct": threshold_pct,
                "updated_at": updated_at,
                "window_minutes": window_minutes,
                "window_units": window_units,
                "workstation_id": workstation_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_defect_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        defect_code = _parse_defect_code(d.pop("defect_code"))

        enabled = d.pop("enabled")

        id = d.pop("id")

        kind = AlertKind(d.pop("kind"))

        name = d.pop("name")

        def _parse_occurrences(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        occurrences = _parse_occurrences(d.pop("occurrences"))

        def _parse_threshold_pct(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        threshold_pct = _parse_threshold_pct(d.pop("threshold_pct"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        def _parse_window_minutes(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        window_minutes = _parse_window_minutes(d.pop("window_minutes"))

        def _parse_window_units(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        window_units = _parse_window_units(d.pop("window_units"))

        def _parse_workstation_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        workstation_id = _parse_workstation_id(d.pop("workstation_id"))

        alert_rule_out = cls(
            created_at=created_at,
            defect_code=defect_code,
            enabled=enabled,
            id=id,
            kind=kind,
            name=name,
            occurrences=occurrences,
            threshold_pct=threshold_pct,
            updated_at=updated_at,
            window_minutes=window_minutes,
            window_units=window_units,
            workstation_id=workstation_id,
        )

        alert_rule_out.additional_properties = d
        return alert_rule_out

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
