from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="WorkstationWip")


@_attrs_define
class WorkstationWip:
    """
    Attributes:
        code (str): workstation code
        count (int): in-progress units whose current step is at this workstation, plus the `quantity_in` of batch steps
            in progress here
        line_id (int): line of the workstation
        name (str): workstation name
        workstation_id (int): workstation id
    """

    code: str
    count: int
    line_id: int
    name: str
    workstation_id: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        count = self.count

        line_id = self.line_id

        name = self.name

        workstation_id = self.workstation_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "count": count,
                "line_id": line_id,
                "name": name,
                "workstation_id": workstation_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        count = d.pop("count")

        line_id = d.pop("line_id")

        name = d.pop("name")

        workstation_id = d.pop("workstation_id")

        workstation_wip = cls(
            code=code,
            count=count,
            line_id=line_id,
            name=name,
            workstation_id=workstation_id,
        )

        workstation_wip.additional_properties = d
        return workstation_wip

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
