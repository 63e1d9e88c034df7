from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.lot_summary import LotSummary
    from ..models.where_used_item import WhereUsedItem


T = TypeVar("T", bound="WhereUsed")


@_attrs_define
class WhereUsed:
    """The recall list of a lot: whole, not paginated (a recall needs every unit).

    Attributes:
        batches (int): how many batches are listed
        items (list[WhereUsedItem]): every affected unit and batch: by depth, then batches after units, then serial or
            batch id
        lot (LotSummary):
        units (int): how many units are listed
    """

    batches: int
    items: list[WhereUsedItem]
    lot: LotSummary
    units: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        batches = self.batches

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        lot = self.lot.to_dict()

        units = self.units

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "batches": batches,
                "items": items,
                "lot": lot,
                "units": units,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.lot_summary import LotSummary  # noqa: PLC0415
        from ..models.where_used_item import WhereUsedItem  # noqa: PLC0415

        d = dict(src_dict)
        batches = d.pop("batches")

        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = WhereUsedItem.from_dict(items_item_data)

            items.append(items_item)

        lot = LotSummary.from_dict(d.pop("lot"))

        units = d.pop("units")

        where_used = cls(
            batches=batches,
            items=items,
            lot=lot,
            units=units,
        )

        where_used.additional_properties = d
        return where_used

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
