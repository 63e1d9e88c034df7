from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.issue_severity import IssueSeverity

T = TypeVar("T", bound="IssueTypeCreate")


@_attrs_define
class IssueTypeCreate:
    """A kind of issue. A `blocking` type's issues block the order they name (and, in a
    later release, the workstation or line they name) until resolved.

        Attributes:
            blocking (bool): whether its issues block what they name
            code (str): unique type code
            name (str): display name
            severity (IssueSeverity):
    """

    blocking: bool
    code: str
    name: str
    severity: IssueSeverity

    def to_dict(self) -> dict[str, Any]:
        blocking = self.blocking

        code = self.code

        name = self.name

        severity = self.severity.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "blocking": blocking,
                "code": code,
                "name": name,
                "severity": severity,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        blocking = d.pop("blocking")

        code = d.pop("code")

        name = d.pop("name")

        severity = IssueSeverity(d.pop("severity"))

        issue_type_create = cls(
            blocking=blocking,
            code=code,
            name=name,
            severity=severity,
        )

        return issue_type_create
