from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.lot_status import LotStatus

if TYPE_CHECKING:
    from ..models.part_ref import PartRef


T = TypeVar("T", bound="LotOut")


@_attrs_define
class LotOut:
    """
    Attributes:
        code (str): lot code, unique per part
        expired (bool): whether `expires_at` has passed (then it is refused)
        expires_at (datetime.datetime | None): expiry, if any
        hold_reason (None | str): why it is on hold (while it is)
        id (int): lot id
        part (PartRef): A part as other records name it.
        quantity (float): quantity received
        received_at (datetime.datetime): when it was received
        received_by (str): who received it
        remaining (float): quantity not yet consumed (never below 0)
        status (LotStatus):
        supplier (None | str): who supplied it
    """

    code: str
    expired: bool
    expires_at: datetime.datetime | None
    hold_reason: None | str
    id: int
    part: PartRef
    quantity: float
    received_at: datetime.datetime
    received_by: str
    remaining: float
    status: LotStatus
    supplier: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        expired = self.expired

        expires_at: None | str
        if isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()
        else:
            expires_at = self.expires_at

        hold_reason: None | str
        hold_reason = self.hold_reason

        id = self.id

        part = self.part.to_dict()

        quantity = self.quantity

        received_at = self.received_at.isoformat()

        received_by = self.received_by

        remaining = self.remaining

        status = self.status.value

        supplier: None | str
        supplier = self.supplier

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "expired": expired,
                "expires_at": expires_at,
                "hold_reason": hold_reason,
                "id": id,
                "part": part,
                "quantity": quantity,
                "received_at": received_at,
                "received_by": received_by,
                "remaining": remaining,
                "status": status,
                "supplier": supplier,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.part_ref import PartRef  # noqa: PLC0415

        d = dict(src_dict)
        code = d.pop("code")

        expired = d.pop("expired")

        def _parse_expires_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expires_at_type_0 = datetime.datetime.fromisoformat(data)

                return expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        expires_at = _parse_expires_at(d.pop("expires_at"))

        def _parse_hold_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        hold_reason = _parse_hold_reason(d.pop("hold_reason"))

        id = d.pop("id")

        part = PartRef.from_dict(d.pop("part"))

        quantity = d.pop("quantity")

        received_at = datetime.datetime.fromisoformat(d.pop("received_at"))

        received_by = d.pop("received_by")

        remaining = d.pop("remaining")

        status = LotStatus(d.pop("status"))

        def _parse_supplier(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        supplier = _parse_supplier(d.pop("supplier"))

        lot_out = cls(
            code=code,
            expired=expired,
            expires_at=expires_at,
            hold_reason=hold_reason,
            id=id,
            part=part,
            quantity=quantity,
            received_at=received_at,
            received_by=received_by,
            remaining=remaining,
            status=status,
            supplier=supplier,
        )

        lot_out.additional_properties = d
        return lot_out

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
