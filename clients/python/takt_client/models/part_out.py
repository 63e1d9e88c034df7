from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.part_kind import PartKind

T = TypeVar("T", bound="PartOut")


@_attrs_define
class PartOut:
    """
    Attributes:
        created_at (datetime.datetime): when the part was created
        id (int): part id
        kind (PartKind):
        name (str): display name
        number (str): unique part number
        serial_counter (int): serials issued so far (read-only; unit generation advances it)
        serial_digits (int): digits the serial counter is zero-padded to
        serial_prefix (str): unique serial prefix
        uom (str): unit of measure of its quantities
        updated_at (datetime.datetime): when the part last changed
    """

    created_at: datetime.datetime
    id: int
    kind: PartKind
    name: str
    number: str
    serial_counter: int
    serial_digits: int
    serial_prefix: str
    uom: str
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        id = self.id

        kind = self.kind.value

        name = self.name

        number = self.number

        serial_counter = self.serial_counter

        serial_digits = self.serial_digits

        serial_prefix = self.serial_prefix

        uom = self.uom

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "id": id,
                "kind": kind,
                "name": name,
                "number": number,
                "serial_counter": serial_counter,
                "serial_digits": serial_digits,
                "serial_prefix": serial_prefix,
                "uom": uom,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = d.pop("id")

        kind = PartKind(d.pop("kind"))

        name = d.pop("name")

        number = d.pop("number")

        serial_counter = d.pop("serial_counter")

        serial_digits = d.pop("serial_digits")

        serial_prefix = d.pop("serial_prefix")

        uom = d.pop("uom")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        part_out = cls(
            created_at=created_at,
            id=id,
            kind=kind,
            name=name,
            number=number,
            serial_counter=serial_counter,
            serial_digits=serial_digits,
            serial_prefix=serial_prefix,
            uom=uom,
            updated_at=updated_at,
        )

        part_out.additional_properties = d
        return part_out

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
