from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.downtime_category import DowntimeCategory
from ..types import UNSET, Unset

T = TypeVar("T", bound="DowntimeReasonUpdate")


@_attrs_define
class DowntimeReasonUpdate:
    """
    Attributes:
        category (DowntimeCategory | Unset): Loss categories (ISO 22400 / the six big losses) a downtime reason belongs
            to.
        code (str | Unset): new unique reason code
        name (str | Unset): new display name
    """

    category: DowntimeCategory | Unset = UNSET
    code: str | Unset = UNSET
    name: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        category: str | Unset = UNSET
        if not isinstance(self.category, Unset):
            category = self.category.value

        code = self.code

        name = self.name

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if category is not UNSET:
            field_dict["category"] = category
        if code is not UNSET:
            field_dict["code"] = code
        if name is not UNSET:
            field_dict["name"] = name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _category = d.pop("category", UNSET)
        category: DowntimeCategory | Unset
        if isinstance(_category, Unset):
            category = UNSET
        else:
            category = DowntimeCategory(_category)

        code = d.pop("code", UNSET)

        name = d.pop("name", UNSET)

        downtime_reason_update = cls(
            category=category,
            code=code,
            name=name,
        )

        return downtime_reason_update
