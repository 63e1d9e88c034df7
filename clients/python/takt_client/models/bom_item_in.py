from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="BomItemIn")


@_attrs_define
class BomItemIn:
    """One component: `quantity` of it per unit made, consumed at route step `step` (any
    step when omitted).

        Attributes:
            component_part_id (int): id of the component or material part (not a `product`)
            quantity (float): quantity per unit made, in the component's unit of measure (> 0)
            step (int | None | Unset): route step `seq` (1-based) where it is consumed; omitted: at any step
    """

    component_part_id: int
    quantity: float
    step: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        component_part_id = self.component_part_id

        quantity = self.quantity

        step: int | None | Unset
        if isinstance(self.step, Unset):
            step = UNSET
        else:
            step = self.step

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "component_part_id": component_part_id,
                "quantity": quantity,
            }
        )
        if step is not UNSET:
            field_dict["step"] = step

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        component_part_id = d.pop("component_part_id")

        quantity = d.pop("quantity")

        def _parse_step(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        step = _parse_step(d.pop("step", UNSET))

        bom_item_in = cls(
            component_part_id=component_part_id,
            quantity=quantity,
            step=step,
        )

        return bom_item_in
