from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.scheduled_order import ScheduledOrder


T = TypeVar("T", bound="ScheduledLine")


@_attrs_define
class ScheduledLine:
    """
    Attributes:
        code (str):
        line_id (int):
        orders (list[ScheduledOrder]):
    """

    code: str
    line_id: int
    orders: list[ScheduledOrder]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        line_id = self.line_id

        orders = []
        for orders_item_data in self.orders:
            orders_item = orders_item_data.to_dict()
            orders.append(orders_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "line_id": line_id,
                "orders": orders,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.scheduled_order import ScheduledOrder  # noqa: PLC0415

        d = dict(src_dict)
        code = d.pop("code")

        line_id = d.pop("line_id")

        orders = []
        _orders = d.pop("orders")
        for orders_item_data in _orders:
            orders_item = ScheduledOrder.from_dict(orders_item_data)

            orders.append(orders_item)

        scheduled_line = cls(
            code=code,
            line_id=line_id,
            orders=orders,
        )

        scheduled_line.additional_properties = d
        return scheduled_line

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
