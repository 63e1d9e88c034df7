from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.material_line import MaterialLine


T = TypeVar("T", bound="OrderMaterials")


@_attrs_define
class OrderMaterials:
    """Material readiness of an order against its pinned BOM revision.

    Attributes:
        bom_revision (int | None): the pinned BOM revision; null: no BOM
        items (list[MaterialLine]): one line per BOM item
        order (str): order number
        quantity (int): the order's quantity
        short (bool): whether any item is short
    """

    bom_revision: int | None
    items: list[MaterialLine]
    order: str
    quantity: int
    short: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        bom_revision: int | None
        bom_revision = self.bom_revision

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        order = self.order

        quantity = self.quantity

        short = self.short

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "bom_revision": bom_revision,
                "items": items,
                "order": order,
                "quantity": quantity,
                "short": short,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.material_line import MaterialLine  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_bom_revision(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        bom_revision = _parse_bom_revision(d.pop("bom_revision"))

        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = MaterialLine.from_dict(items_item_data)

            items.append(items_item)

        order = d.pop("order")

        quantity = d.pop("quantity")

        short = d.pop("short")

        order_materials = cls(
            bom_revision=bom_revision,
            items=items,
            order=order,
            quantity=quantity,
            short=short,
        )

        order_materials.additional_properties = d
        return order_materials

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
