from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.issue_severity import IssueSeverity

T = TypeVar("T", bound="IssueTypeOut")


@_attrs_define
class IssueTypeOut:
    """
    Attributes:
        blocking (bool): whether its issues block what they name
        code (str): unique type code
        created_at (datetime.datetime): when the type was created
        id (int): issue type id
        name (str): display name
        severity (IssueSeverity):
        updated_at (datetime.datetime): when the type last changed
    """

    blocking: bool
    code: str
    created_at: datetime.datetime
    id: int
    name: str
    severity: IssueSeverity
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        blocking = self.blocking

        code = self.code

        created_at = self.created_at.isoformat()

        id = self.id

        name = self.name

        severity = self.severity.value

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "blocking": blocking,
                "code": code,
                "created_at": created_at,
                "id": id,
                "name": name,
                "severity": severity,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        blocking = d.pop("blocking")

        code = d.pop("code")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = d.pop("id")

        name = d.pop("name")

        severity = IssueSeverity(d.pop("severity"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        issue_type_out = cls(
            blocking=blocking,
            code=code,
            created_at=created_at,
            id=id,
            name=name,
            severity=severity,
            updated_at=updated_at,
        )

        issue_type_out.additional_properties = d
        return issue_type_out

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
