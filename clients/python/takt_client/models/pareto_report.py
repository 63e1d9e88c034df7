from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.pareto_item import ParetoItem


T = TypeVar("T", bound="ParetoReport")


@_attrs_define
class ParetoReport:
    """
    Attributes:
        from_ (datetime.datetime): start of the window (inclusive)
        items (list[ParetoItem]): defect codes, most frequent first
        to (datetime.datetime): end of the window (exclusive)
        total (int): items recorded with a defect code (sum of the counts)
    """

    from_: datetime.datetime
    items: list[ParetoItem]
    to: datetime.datetime
    total: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from_ = self.from_.isoformat()

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        to = self.to.isoformat()

        total = self.total

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "from": from_,
                "items": items,
                "to": to,
                "total": total,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.pareto_item import ParetoItem  # noqa: PLC0415

        d = dict(src_dict)
        from_ = datetime.datetime.fromisoformat(d.pop("from"))

        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = ParetoItem.from_dict(items_item_data)

            items.append(items_item)

        to = datetime.datetime.fromisoformat(d.pop("to"))

        total = d.pop("total")

        pareto_report = cls(
            from_=from_,
            items=items,
            to=to,
            total=total,
        )

        pareto_report.additional_properties = d
        return pareto_report

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
