from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="LotCreate")


@_attrs_define
class LotCreate:
    """A received quantity of a component or material part.

    Attributes:
        code (str): lot code, unique per part: letters, digits, '_', '.', '-', '/'
        part_id (int): id of the component or material part
        quantity (float): quantity received (> 0)
        expires_at (datetime.datetime | None | Unset): expiry (ISO 8601 with an offset); from then on the lot is refused
        supplier (None | str | Unset): who supplied it
    """

    code: str
    part_id: int
    quantity: float
    expires_at: datetime.datetime | None | Unset = UNSET
    supplier: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        part_id = self.part_id

        quantity = self.quantity

        expires_at: None | str | Unset
        if isinstance(self.expires_at, Unset):
            expires_at = UNSET
        elif isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()
        else:
            expires_at = self.expires_at

        supplier: None | str | Unset
        if isinstance(self.supplier, Unset):
            supplier = UNSET
        else:
            supplier = self.supplier

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "code": code,
                "part_id": part_id,
                "quantity": quantity,
            }
        )
        if expires_at is not UNSET:
            field_dict["expires_at"] = expires_at
        if supplier is not UNSET:
            field_dict["supplier"] = supplier

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        part_id = d.pop("part_id")

        quantity = d.pop("quantity")

        def _parse_expires_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expires_at_type_0 = datetime.datetime.fromisoformat(data)

                return expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        expires_at = _parse_expires_at(d.pop("expires_at", UNSET))

        def _parse_supplier(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        supplier = _parse_supplier(d.pop("supplier", UNSET))

        lot_create = cls(
            code=code,
            part_id=part_id,
            quantity=quantity,
            expires_at=expires_at,
            supplier=supplier,
        )

        return lot_create
