from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="StepYield")


@_attrs_define
class StepYield:
    """
    Attributes:
        attempted (int): units whose first attempt at the step ended in the window, plus the `quantity_in` of batch
            steps completed in it
        first_pass (int): of those, units that passed the step at that attempt, plus the batch steps' `good`
        fpy (float | None): first pass yield = first_pass / attempted (null: none)
        is_gate (bool): whether the step is a quality gate
        name (str): step name
        revision (int): route revision
        route (str): route code
        route_id (int): route id
        step (int): step `seq`
        workstation_id (int): workstation of the step
    """

    attempted: int
    first_pass: int
    fpy: float | None
    is_gate: bool
    name: str
    revision: int
    route: str
    route_id: int
    step: int
    workstation_id: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        attempted = self.attempted

        first_pass = self.first_pass

        fpy: float | None
        fpy = self.fpy

        is_gate = self.is_gate

        name = self.name

        revision = self.revision

        route = self.route

        route_id = self.route_id

        step = self.step

        workstation_id = self.workstation_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "attempted": attempted,
                "first_pass": first_pass,
                "fpy": fpy,
                "is_gate": is_gate,
                "name": name,
                "revision": revision,
                "route": route,
                "route_id": route_id,
                "step": step,
                "workstation_id": workstation_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        attempted = d.pop("attempted")

        first_pass = d.pop("first_pass")

        def _parse_fpy(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        fpy = _parse_fpy(d.pop("fpy"))

        is_gate = d.pop("is_gate")

        name = d.pop("name")

        revision = d.pop("revision")

        route = d.pop("route")

        route_id = d.pop("route_id")

        step = d.pop("step")

        workstation_id = d.pop("workstation_id")

        step_yield = cls(
            attempted=attempted,
            first_pass=first_pass,
            fpy=fpy,
            is_gate=is_gate,
            name=name,
            revision=revision,
            route=route,
            route_id=route_id,
            step=step,
            workstation_id=workstation_id,
        )

        step_yield.additional_properties = d
        return step_yield

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
