from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.downtime_category import DowntimeCategory

T = TypeVar("T", bound="DowntimeReasonOut")


@_attrs_define
class DowntimeReasonOut:
    """
    Attributes:
        category (DowntimeCategory): Loss categories (ISO 22400 / the six big losses) a downtime reason belongs to.
        code (str): unique reason code
        created_at (datetime.datetime): when the reason was created
        id (int): downtime reason id
        name (str): display name
        updated_at (datetime.datetime): when the reason last changed
    """

    category: DowntimeCategory
    code: str
    created_at: datetime.datetime
    id: int
    name: str
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        category = self.category.value

        code = self.code

        created_at = self.created_at.isoformat()

        id = self.id

        name = self.name

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "category": category,
                "code": code,
                "created_at": created_at,
                "id": id,
                "name": name,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        category = DowntimeCategory(d.pop("category"))

        code = d.pop("code")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = d.pop("id")

        name = d.pop("name")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        downtime_reason_out = cls(
            category=category,
            code=code,
            created_at=created_at,
            id=id,
            name=name,
            updated_at=updated_at,
        )

        downtime_reason_out.additional_properties = d
        return downtime_reason_out

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
