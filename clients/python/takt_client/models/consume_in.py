from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ConsumeIn")


@_attrs_define
class ConsumeIn:
    """
    Attributes:
        lot_id (int): id of the lot consumed
        quantity (float): quantity taken from the lot, in its part's unit of measure (> 0)
    """

    lot_id: int
    quantity: float

    def to_dict(self) -> dict[str, Any]:
        lot_id = self.lot_id

        quantity = self.quantity

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "lot_id": lot_id,
                "quantity": quantity,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        lot_id = d.pop("lot_id")

        quantity = d.pop("quantity")

        consume_in = cls(
            lot_id=lot_id,
            quantity=quantity,
        )

        return consume_in
