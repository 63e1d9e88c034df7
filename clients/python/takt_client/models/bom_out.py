from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.bom_item_out import BomItemOut


T = TypeVar("T", bound="BomOut")


@_attrs_define
class BomOut:
    """One immutable revision of a part's bill of materials.

    Attributes:
        created_at (datetime.datetime): when the revision was created
        created_by (str): who created it
        items (list[BomItemOut]): the components, in the order given
        part_id (int): id of the part the BOM builds
        revision (int): revision number (1, 2, …); new orders pin the latest
    """

    created_at: datetime.datetime
    created_by: str
    items: list[BomItemOut]
    part_id: int
    revision: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        created_by = self.created_by

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        part_id = self.part_id

        revision = self.revision

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "created_by": created_by,
                "items": items,
                "part_id": part_id,
                "revision": revision,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.bom_item_out import BomItemOut  # noqa: PLC0415

        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        created_by = d.pop("created_by")

        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = BomItemOut.from_dict(items_item_data)

            items.append(items_item)

        part_id = d.pop("part_id")

        revision = d.pop("revision")

        bom_out = cls(
            created_at=created_at,
            created_by=created_by,
            items=items,
            part_id=part_id,
            revision=revision,
        )

        bom_out.additional_properties = d
        return bom_out

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
