from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="AlertRuleUpdate")


@_attrs_define
class AlertRuleUpdate:
    """Rename, enable/disable or retune a rule (its kind and scope stay).

    Attributes:
        enabled (bool | Unset): evaluate the rule
        name (str | Unset): display name
        occurrences (int | Unset): `defect_repeat`: units
        threshold_pct (float | Unset): `yield_below`: threshold in %
        window_minutes (int | Unset): `defect_repeat`: minutes
        window_units (int | Unset): `yield_below`: latest units
    """

    enabled: bool | Unset = UNSET
    name: str | Unset = UNSET
    occurrences: int | Unset = UNSET
    threshold_pct: float | Unset = UNSET
    window_minutes: int | Unset = UNSET
    window_units: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        enabled = self.enabled

        name = self.name

        occurrences = self.occurrences

        threshold_pct = self.threshold_pct

        window_minutes = self.window_minutes

        window_units = self.window_units

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if enabled is not UNSET:
            field_dict["enabled"] = enabled
        if name is not UNSET:
            field_dict["name"] = name
        if occurrences is not UNSET:
            field_dict["occurrences"] = occurrences
        if threshold_pct is not UNSET:
            field_dict["threshold_pct"] = threshold_pct
        if window_minutes is not UNSET:
            field_dict["window_minutes"] = window_minutes
        if window_units is not UNSET:
            field_dict["window_units"] = window_units

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        enabled = d.pop("enabled", UNSET)

        name = d.pop("name", UNSET)

        occurrences = d.pop("occurrences", UNSET)

        threshold_pct = d.pop("threshold_pct", UNSET)

        window_minutes = d.pop("window_minutes", UNSET)

        window_units = d.pop("window_units", UNSET)

        alert_rule_update = cls(
            enabled=enabled,
            name=name,
            occurrences=occurrences,
            threshold_pct=threshold_pct,
            window_minutes=window_minutes,
            window_units=window_units,
        )

        return alert_rule_update
