from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.severity import Severity
from ..types import UNSET, Unset

T = TypeVar("T", bound="DefectCodeUpdate")


@_attrs_define
class DefectCodeUpdate:
    """
    Attributes:
        code (str | Unset): new unique defect code
        description (str | Unset): new description
        severity (Severity | Unset):
    """

    code: str | Unset = UNSET
    description: str | Unset = UNSET
    severity: Severity | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        description = self.description

        severity: str | Unset = UNSET
        if not isinstance(self.severity, Unset):
            severity = self.severity.value

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if code is not UNSET:
            field_dict["code"] = code
        if description is not UNSET:
            field_dict["description"] = description
        if severity is not UNSET:
            field_dict["severity"] = severity

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code", UNSET)

        description = d.pop("description", UNSET)

        _severity = d.pop("severity", UNSET)
        severity: Severity | Unset
        if isinstance(_severity, Unset):
            severity = UNSET
        else:
            severity = Severity(_severity)

        defect_code_update = cls(
            code=code,
            description=description,
            severity=severity,
        )

        return defect_code_update
