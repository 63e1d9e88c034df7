from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.part_ref import PartRef


T = TypeVar("T", bound="MaterialLine")


@_attrs_define
class MaterialLine:
    """
    Attributes:
        available (float): Σ remaining of the part's available, unexpired lots (shared by all orders)
        component (PartRef): A part as other records name it.
        consumed (float): consumed so far by the order's units and batches
        per_unit (float): BOM quantity per unit made
        required (float): per_unit x the order's quantity
        short (float): what is still missing: max(0, required - consumed - available)
        step (int | None): route step where it is consumed; null: any
    """

    available: float
    component: PartRef
    consumed: float
    per_unit: float
    required: float
    short: float
    step: int | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        available = self.available

        component = self.component.to_dict()

        consumed = self.consumed

        per_unit = self.per_unit

        required = self.required

        short = self.short

        step: int | None
        step = self.step

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "available": available,
                "component": component,
                "consumed": consumed,
                "per_unit": per_unit,
                "required": required,
                "short": short,
                "step": step,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.part_ref import PartRef  # noqa: PLC0415

        d = dict(src_dict)
        available = d.pop("available")

        component = PartRef.from_dict(d.pop("component"))

        consumed = d.pop("consumed")

        per_unit = d.pop("per_unit")

        required = d.pop("required")

        short = d.pop("short")

        def _parse_step(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        step = _parse_step(d.pop("step"))

        material_line = cls(
            available=available,
            component=component,
            consumed=consumed,
            per_unit=per_unit,
            required=required,
            short=short,
            step=step,
        )

        material_line.additional_properties = d
        return material_line

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
