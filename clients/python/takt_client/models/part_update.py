from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.part_kind import PartKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="PartUpdate")


@_attrs_define
class PartUpdate:
    """Change a part. The serial scheme can change only until the first serial is issued.

    Attributes:
        kind (PartKind | Unset):
        name (str | Unset): new display name
        number (str | Unset): new unique part number
        serial_digits (int | Unset): new zero-padding width (1-12); 409 once serials have been issued
        serial_prefix (str | Unset): new unique serial prefix; 409 once serials have been issued
        uom (str | Unset): new unit of measure
    """

    kind: PartKind | Unset = UNSET
    name: str | Unset = UNSET
    number: str | Unset = UNSET
    serial_digits: int | Unset = UNSET
    serial_prefix: str | Unset = UNSET
    uom: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        kind: str | Unset = UNSET
        if not isinstance(self.kind, Unset):
            kind = self.kind.value

        name = self.name

        number = self.number

        serial_digits = self.serial_digits

        serial_prefix = self.serial_prefix

        uom = self.uom

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if kind is not UNSET:
            field_dict["kind"] = kind
        if name is not UNSET:
            field_dict["name"] = name
        if number is not UNSET:
            field_dict["number"] = number
        if serial_digits is not UNSET:
            field_dict["serial_digits"] = serial_digits
        if serial_prefix is not UNSET:
            field_dict["serial_prefix"] = serial_prefix
        if uom is not UNSET:
            field_dict["uom"] = uom

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _kind = d.pop("kind", UNSET)
        kind: PartKind | Unset
        if isinstance(_kind, Unset):
            kind = UNSET
        else:
            kind = PartKind(_kind)

        name = d.pop("name", UNSET)

        number = d.pop("number", UNSET)

        serial_digits = d.pop("serial_digits", UNSET)

        serial_prefix = d.pop("serial_prefix", UNSET)

        uom = d.pop("uom", UNSET)

        part_update = cls(
            kind=kind,
            name=name,
            number=number,
            serial_digits=serial_digits,
            serial_prefix=serial_prefix,
            uom=uom,
        )

        return part_update
