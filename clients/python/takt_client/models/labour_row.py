from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="LabourRow")


@_attrs_define
class LabourRow:
    """
    Attributes:
        efficiency (float | None): standard_hours / hours (null: no hours)
        entries (int): labour entries closed in the window
        hours (float): Σ their durations, in hours
        key (str): the group: username, order number, `ROUTE/seq name`, or workstation code
        standard_hours (float): `Σ ideal_cycle_s * units / 3600` over the route steps (steps without an ideal cycle time
            add nothing)
        units (int): units (for batches: good quantity) that finished their step in the window while the group was
            clocked on to them
        order (None | str | Unset): group `order`: the order number
        route (None | str | Unset): group `step`: the route code
        route_id (int | None | Unset): group `step`: the route
        step (int | None | Unset): group `step`: the step `seq`
        step_name (None | str | Unset): group `step`: the step name
        user_id (int | None | Unset): group `user`: the person
        workstation (None | str | Unset): group `workstation`: its code
        workstation_id (int | None | Unset): group `workstation`: its id
    """

    efficiency: float | None
    entries: int
    hours: float
    key: str
    standard_hours: float
    units: int
    order: None | str | Unset = UNSET
    route: None | str | Unset = UNSET
    route_id: int | None | Unset = UNSET
    step: int | None | Unset = UNSET
    step_name: None | str | Unset = UNSET
    user_id: int | None | Unset = UNSET
    workstation: None | str | Unset = UNSET
    workstation_id: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        efficiency: float | None
        efficiency = self.efficiency

        entries = self.entries

        hours = self.hours

        key = self.key

        standard_hours = self.standard_hours

        units = self.units

        order: None | str | Unset
        if isinstance(self.order, Unset):
            order = UNSET
        else:
            order = self.order

        route: None | str | Unset
        if isinstance(self.route, Unset):
            route = UNSET
        else:
            route = self.route

        route_id: int | None | Unset
        if isinstance(self.route_id, Unset):
            route_id = UNSET
        else:
            route_id = self.route_id

        step: int | None | Unset
        if isinstance(self.step, Unset):
            step = UNSET
        else:
            step = self.step

        step_name: None | str | Unset
        if isinstance(self.step_name, Unset):
            step_name = UNSET
        else:
            step_name = self.step_name

        user_id: int | None | Unset
        if isinstance(self.user_id, Unset):
            user_id = UNSET
        else:
            user_id = self.user_id

        workstation: None | str | Unset
        if isinstance(self.workstation, Unset):
            workstation = UNSET
        else:
            workstation = self.workstation

        workstation_id: int | None | Unset
        if isinstance(self.workstation_id, Unset):
            workstation_id = UNSET
        else:
            workstation_id = self.workstation_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "efficiency": efficiency,
                "entries": entries,
                "hours": hours,
                "key": key,
                "standard_hours": standard_hours,
                "units": units,
            }
        )
        if order is not UNSET:
            field_dict["order"] = order
        if route is not UNSET:
            field_dict["route"] = route
        if route_id is not UNSET:
            field_dict["route_id"] = route_id
        if step is not UNSET:
            field_dict["step"] = step
        if step_name is not UNSET:
            field_dict["step_name"] = step_name
        if user_id is not UNSET:
            field_dict["user_id"] = user_id
        if workstation is not UNSET:
            field_dict["workstation"] = workstation
        if workstation_id is not UNSET:
            field_dict["workstation_id"] = workstation_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_efficiency(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        efficiency = _parse_efficiency(d.pop("efficiency"))

        entries = d.pop("entries")

        hours = d.pop("hours")

        key = d.pop("key")

        standard_hours = d.pop("standard_hours")

        units = d.pop("units")

        def _parse_order(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        order = _parse_order(d.pop("order", UNSET))

        def _parse_route(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        route = _parse_route(d.pop("route", UNSET))

        def _parse_route_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        route_id = _parse_route_id(d.pop("route_id", UNSET))

        def _parse_step(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        step = _parse_step(d.pop("step", UNSET))

        def _parse_step_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        step_name = _parse_step_name(d.pop("step_name", UNSET))

        def _parse_user_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        user_id = _parse_user_id(d.pop("user_id", UNSET))

        def _parse_workstation(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        workstation = _parse_workstation(d.pop("workstation", UNSET))

        def _parse_workstation_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        workstation_id = _parse_workstation_id(d.pop("workstation_id", UNSET))

        labour_row = cls(
            efficiency=efficiency,
            entries=entries,
            hours=hours,
            key=key,
            standard_hours=standard_hours,
            units=units,
            order=order,
            route=route,
            route_id=route_id,
            step=step,
            step_name=step_name,
            user_id=user_id,
            workstation=workstation,
            workstation_id=workstation_id,
        )

        labour_row.additional_properties = d
        return labour_row

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
