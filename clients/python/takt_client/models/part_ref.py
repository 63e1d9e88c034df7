from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.part_kind import PartKind

T = TypeVar("T", bound="PartRef")


@_attrs_define
class PartRef:
    """A part as other records name it.

    Attributes:
        id (int): part id
        kind (PartKind):
        name (str): display name
        number (str): part number
        uom (str): unit of measure of its quantities
    """

    id: int
    kind: PartKind
    name: str
    number: str
    uom: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        kind = self.kind.value

        name = self.name

        number = self.number

        uom = self.uom

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "kind": kind,
                "name": name,
                "number": number,
                "uom": uom,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        kind = PartKind(d.pop("kind"))

        name = d.pop("name")

        number = d.pop("number")

        uom = d.pop("uom")

        part_ref = cls(
            id=id,
            kind=kind,
            name=name,
            number=number,
            uom=uom,
        )

        part_ref.additional_properties = d
        return part_ref

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
