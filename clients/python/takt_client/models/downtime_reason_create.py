from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.downtime_category import DowntimeCategory

T = TypeVar("T", bound="DowntimeReasonCreate")


@_attrs_define
class DowntimeReasonCreate:
    """Why a machine stood still, with its ISO 22400 loss category.

    Attributes:
        category (DowntimeCategory): Loss categories (ISO 22400 / the six big losses) a downtime reason belongs to.
        code (str): unique reason code (machines send it as `reason_code`)
        name (str): display name
    """

    category: DowntimeCategory
    code: str
    name: str

    def to_dict(self) -> dict[str, Any]:
        category = self.category.value

        code = self.code

        name = self.name

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "category": category,
                "code": code,
                "name": name,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        category = DowntimeCategory(d.pop("category"))

        code = d.pop("code")

        name = d.pop("name")

        downtime_reason_create = cls(
            category=category,
            code=code,
            name=name,
        )

        return downtime_reason_create
