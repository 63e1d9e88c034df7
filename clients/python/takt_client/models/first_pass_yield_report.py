from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.route_yield import RouteYield
    from ..models.step_yield import StepYield


T = TypeVar("T", bound="FirstPassYieldReport")


@_attrs_define
class FirstPassYieldReport:
    """
    Attributes:
        from_ (datetime.datetime): start of the window (inclusive)
        routes (list[RouteYield]): first pass yield per route revision
        steps (list[StepYield]): first pass yield per route step
        to (datetime.datetime): end of the window (exclusive)
    """

    from_: datetime.datetime
    routes: list[RouteYield]
    steps: list[StepYield]
    to: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from_ = self.from_.isoformat()

        routes = []
        for routes_item_data in self.routes:
            routes_item = routes_item_data.to_dict()
            routes.append(routes_item)

        steps = []
        for steps_item_data in self.steps:
            steps_item = steps_item_data.to_dict()
            steps.append(steps_item)

        to = self.to.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "from": from_,
                "routes": routes,
                "steps": steps,
                "to": to,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.route_yield import RouteYield  # noqa: PLC0415
        from ..models.step_yield import StepYield  # noqa: PLC0415

        d = dict(src_dict)
        from_ = datetime.datetime.fromisoformat(d.pop("from"))

        routes = []
        _routes = d.pop("routes")
        for routes_item_data in _routes:
            routes_item = RouteYield.from_dict(routes_item_data)

            routes.append(routes_item)

        steps = []
        _steps = d.pop("steps")
        for steps_item_data in _steps:
            steps_item = StepYield.from_dict(steps_item_data)

            steps.append(steps_item)

        to = datetime.datetime.fromisoformat(d.pop("to"))

        first_pass_yield_report = cls(
            from_=from_,
            routes=routes,
            steps=steps,
            to=to,
        )

        first_pass_yield_report.additional_properties = d
        return first_pass_yield_report

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
