from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.alert_kind import AlertKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="AlertRuleCreate")


@_attrs_define
class AlertRuleCreate:
    """`yield_below`: fires when the yield of the last `window_units` units inspected at a
    workstation drops below `threshold_pct` (a unit counts as good when none of its recent
    inspections there failed). `defect_repeat`: fires when the same defect code is recorded
    `occurrences` times (distinct units) within `window_minutes`. `workstation_id` and
    `defect_code` narrow a rule; without them it watches every workstation / defect code,
    each separately.

        Attributes:
            kind (AlertKind):
            name (str): display name
            defect_code (None | str | Unset): only this defect code (`defect_repeat`)
            enabled (bool | Unset): evaluated only when enabled Default: True.
            occurrences (int | None | Unset): `defect_repeat`: how many units with the defect
            threshold_pct (float | None | Unset): `yield_below`: threshold in %
            window_minutes (int | None | Unset): `defect_repeat`: within how many minutes
            window_units (int | None | Unset): `yield_below`: how many of the latest units to judge
            workstation_id (int | None | Unset): only at this workstation
    """

    kind: AlertKind
    name: str
    defect_code: None | str | Unset = UNSET
    enabled: bool | Unset = True
    occurrences: int | None | Unset = UNSET
    threshold_pct: float | None | Unset = UNSET
    window_minutes: int | None | Unset = UNSET
    window_units: int | None | Unset = UNSET
    workstation_id: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind.value

        name = self.name

        defect_code: None | str | Unset
        if isinstance(self.defect_code, Unset):
            defect_code = UNSET
        else:
            defect_code = self.defect_code

        enabled = self.enabled

        occurrences: int | None | Unset
        if isinstance(self.occurrences, Unset):
            occurrences = UNSET
        else:
            occurrences = self.occurrences

        threshold_pct: float | None | Unset
        if isinstance(self.threshold_pct, Unset):
            threshold_pct = UNSET
        else:
            threshold_pct = self.threshold_pct

        window_minutes: int | None | Unset
        if isinstance(self.window_minutes, Unset):
            window_minutes = UNSET
        else:
            window_minutes = self.window_minutes

        window_units: int | None | Unset
        if isinstance(self.window_units, Unset):
            window_units = UNSET
        else:
            window_units = self.window_units

        workstation_id: int | None | Unset
        if isinstance(self.workstation_id, Unset):
            workstation_id = UNSET
        else:
            workstation_id = self.workstation_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "kind": kind,
                "name": name,
            }
        )
        if defect_code is not UNSET:
            field_dict["defect_code"] = defect_code
        if enabled is not UNSET:
            field_dict["enabled"] = enabled
        if occurrences is not UNSET:
            field_dict["occurrences"] = occurrences
        if threshold_pct is not UNSET:
            field_dict["threshold_pct"] = threshold_pct
        if window_minutes is not UNSET:
            field_dict["window_minutes"] = window_minutes
        if window_units is not UNSET:
            field_dict["window_units"] = window_units
        if workstation_id is not UNSET:
            field_dict["workstation_id"] = workstation_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = AlertKind(d.pop("kind"))

        name = d.pop("name")

        def _parse_defect_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        defect_code = _parse_defect_code(d.pop("defect_code", UNSET))

        enabled = d.pop("enabled", UNSET)

        def _parse_occurrences(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        occurrences = _parse_occurrences(d.pop("occurrences", UNSET))

        def _parse_threshold_pct(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        threshold_pct = _parse_threshold_pct(d.pop("threshold_pct", UNSET))

        def _parse_window_minutes(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        window_minutes = _parse_window_minutes(d.pop("window_minutes", UNSET))

        def _parse_window_units(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        window_units = _parse_window_units(d.pop("window_units", UNSET))

        def _parse_workstation_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        workstation_id = _parse_workstation_id(d.pop("workstation_id", UNSET))

        alert_rule_create = cls(
            kind=kind,
            name=name,
            defect_code=defect_code,
            enabled=enabled,
            occurrences=occurrences,
            threshold_pct=threshold_pct,
            window_minutes=window_minutes,
            window_units=window_units,
            workstation_id=workstation_id,
        )

        return alert_rule_create
