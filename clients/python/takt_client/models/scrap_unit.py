from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ScrapUnit")


@_attrs_define
class ScrapUnit:
    """
    Attributes:
        reason (str): why the unit is scrapped
        defect_code (None | str | Unset):
    """

    reason: str
    defect_code: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        reason = self.reason

        defect_code: None | str | Unset
        if isinstance(self.defect_code, Unset):
            defect_code = UNSET
        else:
            defect_code = self.defect_code

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "reason": reason,
            }
        )
        if defect_code is not UNSET:
            field_dict["defect_code"] = defect_code

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        reason = d.pop("reason")

        def _parse_defect_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        defect_code = _parse_defect_code(d.pop("defect_code", UNSET))

        scrap_unit = cls(
            reason=reason,
            defect_code=defect_code,
        )

        return scrap_unit
