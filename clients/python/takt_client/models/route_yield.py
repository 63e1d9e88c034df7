from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="RouteYield")


@_attrs_define
class RouteYield:
    """
    Attributes:
        finished (int): units and batch items that finished the route in the window (completed or scrapped)
        first_pass (int): of those, completed without rework or a failed gate
        fpy (float | None): first pass yield = first_pass / finished
        revision (int): route revision
        route (str): route code
        route_id (int): route id
        rty (float | None): rolled throughput yield = product of the step FPYs (steps with attempts)
    """

    finished: int
    first_pass: int
    fpy: float | None
    revision: int
    route: str
    route_id: int
    rty: float | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        finished = self.finished

        first_pass = self.first_pass

        fpy: float | None
        fpy = self.fpy

        revision = self.revision

        route = self.route

        route_id = self.route_id

        rty: float | None
        rty = self.rty

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "finished": finished,
                "first_pass": first_pass,
                "fpy": fpy,
                "revision": revision,
                "route": route,
                "route_id": route_id,
                "rty": rty,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        finished = d.pop("finished")

        first_pass = d.pop("first_pass")

        def _parse_fpy(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        fpy = _parse_fpy(d.pop("fpy"))

        revision = d.pop("revision")

        route = d.pop("route")

        route_id = d.pop("route_id")

        def _parse_rty(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        rty = _parse_rty(d.pop("rty"))

        route_yield = cls(
            finished=finished,
            first_pass=first_pass,
            fpy=fpy,
            revision=revision,
            route=route,
            route_id=route_id,
            rty=rty,
        )

        route_yield.additional_properties = d
        return route_yield

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
