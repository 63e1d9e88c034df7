from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="StepIn")


@_attrs_define
class StepIn:
    """One step of a route; its position in the list is its `seq` (1-based).

    Attributes:
        name (str): what is done at this step (1-200 characters)
        workstation_id (int): id of the workstation that performs the step
        ideal_cycle_s (float | None | Unset): ideal cycle time in seconds (> 0), used for OEE performance; optional
        is_gate (bool | Unset): a quality gate: units need a pass decision to move on Default: False.
    """

    name: str
    workstation_id: int
    ideal_cycle_s: float | None | Unset = UNSET
    is_gate: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        workstation_id = self.workstation_id

        ideal_cycle_s: float | None | Unset
        if isinstance(self.ideal_cycle_s, Unset):
            ideal_cycle_s = UNSET
        else:
            ideal_cycle_s = self.ideal_cycle_s

        is_gate = self.is_gate

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "workstation_id": workstation_id,
            }
        )
        if ideal_cycle_s is not UNSET:
            field_dict["ideal_cycle_s"] = ideal_cycle_s
        if is_gate is not UNSET:
            field_dict["is_gate"] = is_gate

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        workstation_id = d.pop("workstation_id")

        def _parse_ideal_cycle_s(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        ideal_cycle_s = _parse_ideal_cycle_s(d.pop("ideal_cycle_s", UNSET))

        is_gate = d.pop("is_gate", UNSET)

        step_in = cls(
            name=name,
            workstation_id=workstation_id,
            ideal_cycle_s=ideal_cycle_s,
            is_gate=is_gate,
        )

        return step_in
