from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="LotSummary")


@_attrs_define
class LotSummary:
    """
    Attributes:
        code (str): the lot's code
        id (int): lot id
        part (str): the lot's part number
        quantity (float): quantity received
        remaining (float): quantity not consumed yet
        status (str): `available`, `on_hold` or `consumed`
        supplier (None | str): supplier
    """

    code: str
    id: int
    part: str
    quantity: float
    remaining: float
    status: str
    supplier: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        id = self.id

        part = self.part

        quantity = self.quantity

        remaining = self.remaining

        status = self.status

        supplier: None | str
        supplier = self.supplier

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "id": id,
                "part": part,
                "quantity": quantity,
                "remaining": remaining,
                "status": status,
                "supplier": supplier,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        id = d.pop("id")

        part = d.pop("part")

        quantity = d.pop("quantity")

        remaining = d.pop("remaining")

        status = d.pop("status")

        def _parse_supplier(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        supplier = _parse_supplier(d.pop("supplier"))

        lot_summary = cls(
            code=code,
            id=id,
            part=part,
            quantity=quantity,
            remaining=remaining,
            status=status,
            supplier=supplier,
        )

        lot_summary.additional_properties = d
        return lot_summary

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
