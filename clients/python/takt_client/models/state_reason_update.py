from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="StateReasonUpdate")


@_attrs_define
class StateReasonUpdate:
    """Name the downtime reason of a non-running machine-state interval.

    Attributes:
        reason_code (None | str): a configured downtime reason's code; null clears the reason
    """

    reason_code: None | str

    def to_dict(self) -> dict[str, Any]:
        reason_code: None | str
        reason_code = self.reason_code

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "reason_code": reason_code,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_reason_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reason_code = _parse_reason_code(d.pop("reason_code"))

        state_reason_update = cls(
            reason_code=reason_code,
        )

        return state_reason_update
