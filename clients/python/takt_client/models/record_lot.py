from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="RecordLot")


@_attrs_define
class RecordLot:
    """
    Attributes:
        actor (str): who: `user:…`, `api_key:…`, `mqtt:…`, `system`
        at (datetime.datetime): when it was consumed
        lot (str): lot code
        lot_id (int): lot id
        part (str): the lot's part number
        quantity (float): quantity consumed
        step (int): route step where it was consumed
        uom (str): the part's unit of measure
        workstation (None | str): workstation code
    """

    actor: str
    at: datetime.datetime
    lot: str
    lot_id: int
    part: str
    quantity: float
    step: int
    uom: str
    workstation: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        actor = self.actor

        at = self.at.isoformat()

        lot = self.lot

        lot_id = self.lot_id

        part = self.part

        quantity = self.quantity

        step = self.step

        uom = self.uom

        workstation: None | str
        workstation = self.workstation

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "actor": actor,
                "at": at,
                "lot": lot,
                "lot_id": lot_id,
                "part": part,
                "quantity": quantity,
                "step": step,
                "uom": uom,
                "workstation": workstation,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        actor = d.pop("actor")

        at = datetime.datetime.fromisoformat(d.pop("at"))

        lot = d.pop("lot")

        lot_id = d.pop("lot_id")

        part = d.pop("part")

        quantity = d.pop("quantity")

        step = d.pop("step")

        uom = d.pop("uom")

        def _parse_workstation(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        workstation = _parse_workstation(d.pop("workstation"))

        record_lot = cls(
            actor=actor,
            at=at,
            lot=lot,
            lot_id=lot_id,
            part=part,
            quantity=quantity,
            step=step,
            uom=uom,
            workstation=workstation,
        )

        record_lot.additional_properties = d
        return record_lot

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
