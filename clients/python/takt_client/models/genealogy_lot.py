from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="GenealogyLot")


@_attrs_define
class GenealogyLot:
    """A lot a unit consumed, with the quantity that unit consumed of it (summed).

    Attributes:
        code (str): the lot's code (unique per part)
        lot_id (int): lot id
        part (str): the lot's part number
        quantity (float): quantity of the lot consumed by this unit (summed)
        supplier (None | str): the lot's supplier
    """

    code: str
    lot_id: int
    part: str
    quantity: float
    supplier: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        lot_id = self.lot_id

        part = self.part

        quantity = self.quantity

        supplier: None | str
        supplier = self.supplier

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "lot_id": lot_id,
                "part": part,
                "quantity": quantity,
                "supplier": supplier,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        lot_id = d.pop("lot_id")

        part = d.pop("part")

        quantity = d.pop("quantity")

        def _parse_supplier(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        supplier = _parse_supplier(d.pop("supplier"))

        genealogy_lot = cls(
            code=code,
            lot_id=lot_id,
            part=part,
            quantity=quantity,
            supplier=supplier,
        )

        genealogy_lot.additional_properties = d
        return genealogy_lot

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
