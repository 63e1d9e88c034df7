from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="RecordBomItem")


@_attrs_define
class RecordBomItem:
    """
    Attributes:
        name (str): component part name
        part (str): component part number
        quantity (float): quantity per unit made
        step (int | None): route step where it is consumed (null: any)
        uom (str): the component's unit of measure
    """

    name: str
    part: str
    quantity: float
    step: int | None
    uom: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        part = self.part

        quantity = self.quantity

        step: int | None
        step = self.step

        uom = self.uom

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "part": part,
                "quantity": quantity,
                "step": step,
                "uom": uom,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        part = d.pop("part")

        quantity = d.pop("quantity")

        def _parse_step(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        step = _parse_step(d.pop("step"))

        uom = d.pop("uom")

        record_bom_item = cls(
            name=name,
            part=part,
            quantity=quantity,
            step=step,
            uom=uom,
        )

        record_bom_item.additional_properties = d
        return record_bom_item

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
