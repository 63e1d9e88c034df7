from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.bom_item_in import BomItemIn


T = TypeVar("T", bound="BomRevisionCreate")


@_attrs_define
class BomRevisionCreate:
    """The complete item list of the part's next BOM revision (earlier ones never change).

    Attributes:
        items (list[BomItemIn]): the components (1 to 500), each part at most once
    """

    items: list[BomItemIn]

    def to_dict(self) -> dict[str, Any]:
        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "items": items,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.bom_item_in import BomItemIn  # noqa: PLC0415

        d = dict(src_dict)
        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = BomItemIn.from_dict(items_item_data)

            items.append(items_item)

        bom_revision_create = cls(
            items=items,
        )

        return bom_revision_create
