from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="OrderActionBody")


@_attrs_define
class OrderActionBody:
    """
    Attributes:
        open_units (Literal['scrap'] | None | Unset): `complete` and `cancel` only: what happens to units still in
            progress. `scrap` scraps them (history `scrapped`, the order's `scrapped` counter); `cancel` always does,
            `complete` is 409 `units_in_progress` without it
        reason (None | str | Unset): why (recorded in the audit log)
    """

    open_units: Literal["scrap"] | None | Unset = UNSET
    reason: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        open_units: Literal["scrap"] | None | Unset
        if isinstance(self.open_units, Unset):
            open_units = UNSET
        else:
            open_units = self.open_units

        reason: None | str | Unset
        if isinstance(self.reason, Unset):
            reason = UNSET
        else:
            reason = self.reason

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if open_units is not UNSET:
            field_dict["open_units"] = open_units
        if reason is not UNSET:
            field_dict["reason"] = reason

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_open_units(data: object) -> Literal["scrap"] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            open_units_type_0 = cast(Literal["scrap"], data)
            if open_units_type_0 != "scrap":
                raise ValueError(f"open_units_type_0 must match const 'scrap', got '{open_units_type_0}'")
            return open_units_type_0
            return cast(Literal["scrap"] | None | Unset, data)

        open_units = _parse_open_units(d.pop("open_units", UNSET))

        def _parse_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reason = _parse_reason(d.pop("reason", UNSET))

        order_action_body = cls(
            open_units=open_units,
            reason=reason,
        )

        return order_action_body
