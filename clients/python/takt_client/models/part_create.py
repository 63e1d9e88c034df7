from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.part_kind import PartKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="PartCreate")


@_attrs_define
class PartCreate:
    """A part number and its serial scheme: serial = prefix + "-" + zero-padded counter.

    Attributes:
        name (str): display name
        number (str): unique part number as the ERP knows it: letters, digits, '_', '.', '-', '/'
        serial_digits (int): digits the serial counter is zero-padded to (1-12)
        serial_prefix (str): unique serial prefix: letters, digits, '_', '-' (serials look like `SMX-00001`)
        kind (PartKind | Unset):
        uom (str | Unset): unit of measure of its quantities Default: 'pcs'.
    """

    name: str
    number: str
    serial_digits: int
    serial_prefix: str
    kind: PartKind | Unset = UNSET
    uom: str | Unset = "pcs"

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        number = self.number

        serial_digits = self.serial_digits

        serial_prefix = self.serial_prefix

        kind: str | Unset = UNSET
        if not isinstance(self.kind, Unset):
            kind = self.kind.value

        uom = self.uom

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "number": number,
                "serial_digits": serial_digits,
                "serial_prefix": serial_prefix,
            }
        )
        if kind is not UNSET:
            field_dict["kind"] = kind
        if uom is not UNSET:
            field_dict["uom"] = uom

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        number = d.pop("number")

        serial_digits = d.pop("serial_digits")

        serial_prefix = d.pop("serial_prefix")

        _kind = d.pop("kind", UNSET)
        kind: PartKind | Unset
        if isinstance(_kind, Unset):
            kind = UNSET
        else:
            kind = PartKind(_kind)

        uom = d.pop("uom", UNSET)

        part_create = cls(
            name=name,
            number=number,
            serial_digits=serial_digits,
            serial_prefix=serial_prefix,
            kind=kind,
            uom=uom,
        )

        return part_create
