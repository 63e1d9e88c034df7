from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.unit_status import UnitStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.genealogy_lot import GenealogyLot


T = TypeVar("T", bound="GenealogyNode")


@_attrs_define
class GenealogyNode:
    """A unit in a genealogy tree: its lots and its installed children, recursively.

    Attributes:
        children (list[GenealogyNode]): sub-assemblies installed in it now (removed ones are not part of it)
        lots (list[GenealogyLot]): lots this unit consumed itself
        part (str): part number
        serial (str): unit serial
        status (UnitStatus):
        installed_at (datetime.datetime | None | Unset): when it was installed into its parent in this tree (null: the
            root)
    """

    children: list[GenealogyNode]
    lots: list[GenealogyLot]
    part: str
    serial: str
    status: UnitStatus
    installed_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        children = []
        for children_item_data in self.children:
            children_item = children_item_data.to_dict()
            children.append(children_item)

        lots = []
        for lots_item_data in self.lots:
            lots_item = lots_item_data.to_dict()
            lots.append(lots_item)

        part = self.part

        serial = self.serial

        status = self.status.value

        installed_at: None | str | Unset
        if isinstance(self.installed_at, Unset):
            installed_at = UNSET
        elif isinstance(self.installed_at, datetime.datetime):
            installed_at = self.installed_at.isoformat()
        else:
            installed_at = self.installed_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "children": children,
                "lots": lots,
                "part": part,
                "serial": serial,
                "status": status,
            }
        )
        if installed_at is not UNSET:
            field_dict["installed_at"] = installed_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.genealogy_lot import GenealogyLot  # noqa: PLC0415

        d = dict(src_dict)
        children = []
        _children = d.pop("children")
        for children_item_data in _children:
            children_item = GenealogyNode.from_dict(children_item_data)

            children.append(children_item)

        lots = []
        _lots = d.pop("lots")
        for lots_item_data in _lots:
            lots_item = GenealogyLot.from_dict(lots_item_data)

            lots.append(lots_item)

        part = d.pop("part")

        serial = d.pop("serial")

        status = UnitStatus(d.pop("status"))

        def _parse_installed_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                installed_at_type_0 = datetime.datetime.fromisoformat(data)

                return installed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        installed_at = _parse_installed_at(d.pop("installed_at", UNSET))

        genealogy_node = cls(
            children=children,
            lots=lots,
            part=part,
            serial=serial,
            status=status,
            installed_at=installed_at,
        )

        genealogy_node.additional_properties = d
        return genealogy_node

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
