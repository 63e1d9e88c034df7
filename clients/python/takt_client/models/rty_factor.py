from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="RtyFactor")


@_attrs_define
class RtyFactor:
    """
    Attributes:
        fpy (float): the step's first pass yield
        name (str): step name
        step (int): step `seq`
    """

    fpy: float
    name: str
    step: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        fpy = self.fpy

        name = self.name

        step = self.step

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "fpy": fpy,
                "name": name,
                "step": step,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        fpy = d.pop("fpy")

        name = d.pop("name")

        step = d.pop("step")

        rty_factor = cls(
            fpy=fpy,
            name=name,
            step=step,
        )

        rty_factor.additional_properties = d
        return rty_factor

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
