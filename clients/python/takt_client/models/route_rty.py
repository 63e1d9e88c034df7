from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.rty_factor import RtyFactor


T = TypeVar("T", bound="RouteRty")


@_attrs_define
class RouteRty:
    """
    Attributes:
        factors (list[RtyFactor]): the steps' FPYs that make up the product
        revision (int): route revision
        route (str): route code
        route_id (int): route id
        rty (float | None): product of the factors (null: no step attempted)
    """

    factors: list[RtyFactor]
    revision: int
    route: str
    route_id: int
    rty: float | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        factors = []
        for factors_item_data in self.factors:
            factors_item = factors_item_data.to_dict()
            factors.append(factors_item)

        revision = self.revision

        route = self.route

        route_id = self.route_id

        rty: float | None
        rty = self.rty

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "factors": factors,
                "revision": revision,
                "route": route,
                "route_id": route_id,
                "rty": rty,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.rty_factor import RtyFactor  # noqa: PLC0415

        d = dict(src_dict)
        factors = []
        _factors = d.pop("factors")
        for factors_item_data in _factors:
            factors_item = RtyFactor.from_dict(factors_item_data)

            factors.append(factors_item)

        revision = d.pop("revision")

        route = d.pop("route")

        route_id = d.pop("route_id")

        def _parse_rty(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        rty = _parse_rty(d.pop("rty"))

        route_rty = cls(
            factors=factors,
            revision=revision,
            route=route,
            route_id=route_id,
            rty=rty,
        )

        route_rty.additional_properties = d
        return route_rty

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
