from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="RecordOrder")


@_attrs_define
class RecordOrder:
    """
    Attributes:
        external_ref (None | str): the ERP's reference
        number (str): order number
        quantity (int): quantity ordered
        status (str): order status
    """

    external_ref: None | str
    number: str
    quantity: int
    status: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        external_ref: None | str
        external_ref = self.external_ref

        number = self.number

        quantity = self.quantity

        status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "external_ref": external_ref,
                "number": number,
                "quantity": quantity,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_external_ref(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        external_ref = _parse_external_ref(d.pop("external_ref"))

        number = d.pop("number")

        quantity = d.pop("quantity")

        status = d.pop("status")

        record_order = cls(
            external_ref=external_ref,
            number=number,
            quantity=quantity,
            status=status,
        )

        record_order.additional_properties = d
        return record_order

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
