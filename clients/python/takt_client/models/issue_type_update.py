from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.issue_severity import IssueSeverity
from ..types import UNSET, Unset

T = TypeVar("T", bound="IssueTypeUpdate")


@_attrs_define
class IssueTypeUpdate:
    """New values; `blocking` applies to issues opened afterwards (an open issue keeps what
    it blocks).

        Attributes:
            blocking (bool | Unset): whether issues opened from now block
            code (str | Unset): new unique type code
            name (str | Unset): new display name
            severity (IssueSeverity | Unset):
    """

    blocking: bool | Unset = UNSET
    code: str | Unset = UNSET
    name: str | Unset = UNSET
    severity: IssueSeverity | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        blocking = self.blocking

        code = self.code

        name = self.name

        severity: str | Unset = UNSET
        if not isinstance(self.severity, Unset):
            severity = self.severity.value

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if blocking is not UNSET:
            field_dict["blocking"] = blocking
        if code is not UNSET:
            field_dict["code"] = code
        if name is not UNSET:
            field_dict["name"] = name
        if severity is not UNSET:
            field_dict["severity"] = severity

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        blocking = d.pop("blocking", UNSET)

        code = d.pop("code", UNSET)

        name = d.pop("name", UNSET)

        _severity = d.pop("severity", UNSET)
        severity: IssueSeverity | Unset
        if isinstance(_severity, Unset):
            severity = UNSET
        else:
            severity = IssueSeverity(_severity)

        issue_type_update = cls(
            blocking=blocking,
            code=code,
            name=name,
            severity=severity,
        )

        return issue_type_update
