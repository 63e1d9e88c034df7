from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="StepOut")


@_attrs_define
class StepOut:
    """
    Attributes:
        ideal_cycle_s (float | None): ideal cycle time in seconds, if known
        is_gate (bool): a quality gate: units need a pass decision to move on
        name (str): what is done at this step
        seq (int): position in the route, 1-based
        workstation_id (int): id of the workstation that performs the step
    """

    ideal_cycle_s: float | None
    is_gate: bool
    name: str
    seq: int
    workstation_id: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        ideal_cycle_s: float | None
        ideal_cycle_s = self.ideal_cycle_s

        is_gate = self.is_gate

        name = self.name

        seq = self.seq

        workstation_id = self.workstation_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "ideal_cycle_s": ideal_cycle_s,
                "is_gate": is_gate,
                "name": name,
                "seq": seq,
                "workstation_id": workstation_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_ideal_cycle_s(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        ideal_cycle_s = _parse_ideal_cycle_s(d.pop("ideal_cycle_s"))

        is_gate = d.pop("is_gate")

        name = d.pop("name")

        seq = d.pop("seq")

        workstation_id = d.pop("workstation_id")

        step_out = cls(
            ideal_cycle_s=ideal_cycle_s,
            is_gate=is_gate,
            name=name,
            seq=seq,
            workstation_id=workstation_id,
        )

        step_out.additional_properties = d
        return step_out

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
