from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.severity import Severity

T = TypeVar("T", bound="DefectCodeCreate")


@_attrs_define
class DefectCodeCreate:
    """A defect code operators attach to gate failures, rework and scrap.

    Attributes:
        code (str): unique defect code
        description (str): what the defect is (1-500 characters)
        severity (Severity):
    """

    code: str
    description: str
    severity: Severity

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        description = self.description

        severity = self.severity.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "code": code,
                "description": description,
                "severity": severity,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        description = d.pop("description")

        severity = Severity(d.pop("severity"))

        defect_code_create = cls(
            code=code,
            description=description,
            severity=severity,
        )

        return defect_code_create
