from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.part_ref import PartRef


T = TypeVar("T", bound="BomItemOut")


@_attrs_define
class BomItemOut:
    """
    Attributes:
        component (PartRef): A part as other records name it.
        component_part_id (int): id of the component part
        quantity (float): quantity per unit made
        step (int | None): route step where it is consumed; null: any step
    """

    component: PartRef
    component_part_id: int
    quantity: float
    step: int | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        component = self.component.to_dict()

        component_part_id = self.component_part_id

        quantity = self.quantity

        step: int | None
        step = self.step

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "component": component,
                "component_part_id": component_part_id,
                "quantity": quantity,
                "step": step,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.part_ref import PartRef  # noqa: PLC0415

        d = dict(src_dict)
        component = PartRef.from_dict(d.pop("component"))

        component_part_id = d.pop("component_part_id")

        quantity = d.pop("quantity")

        def _parse_step(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        step = _parse_step(d.pop("step"))

        bom_item_out = cls(
            component=component,
            component_part_id=component_part_id,
            quantity=quantity,
            step=step,
        )

        bom_item_out.additional_properties = d
        return bom_item_out

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
