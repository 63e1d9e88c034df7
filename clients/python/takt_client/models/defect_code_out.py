from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.severity import Severity

T = TypeVar("T", bound="DefectCodeOut")


@_attrs_define
class DefectCodeOut:
    """
    Attributes:
        code (str): unique defect code
        created_at (datetime.datetime): when the defect code was created
        description (str): what the defect is
        id (int): defect code id
        severity (Severity):
        updated_at (datetime.datetime): when the defect code last changed
    """

    code: str
    created_at: datetime.datetime
    description: str
    id: int
    severity: Severity
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        created_at = self.created_at.isoformat()

        description = self.description

        id = self.id

        severity = self.severity.value

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "created_at": created_at,
                "description": description,
                "id": id,
                "severity": severity,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        description = d.pop("description")

        id = d.pop("id")

        severity = Severity(d.pop("severity"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        defect_code_out = cls(
            code=code,
            created_at=created_at,
            description=description,
            id=id,
            severity=severity,
            updated_at=updated_at,
        )

        defect_code_out.additional_properties = d
        return defect_code_out

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
