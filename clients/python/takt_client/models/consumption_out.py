from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.part_ref import PartRef


T = TypeVar("T", bound="ConsumptionOut")


@_attrs_define
class ConsumptionOut:
    """A quantity of a lot consumed by a unit or a batch at its current step (append-only).

    Attributes:
        actor (str): who recorded it
        at (datetime.datetime): when
        batch_id (int | None): the batch that consumed it (null for a unit)
        id (int): consumption id
        lot_code (str): the lot's code
        lot_id (int): id of the lot
        order (str): the order of the unit or batch
        part (PartRef): A part as other records name it.
        quantity (float): quantity consumed
        serial (None | str): the unit that consumed it (null for a batch)
        step (int): the route step it was consumed at
        workstation_id (int | None): the workstation of that step
    """

    actor: str
    at: datetime.datetime
    batch_id: int | None
    id: int
    lot_code: str
    lot_id: int
    order: str
    part: PartRef
    quantity: float
    serial: None | str
    step: int
    workstation_id: int | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        actor = self.actor

        at = self.at.isoformat()

        batch_id: int | None
        batch_id = self.batch_id

        id = self.id

        lot_code = self.lot_code

        lot_id = self.lot_id

        order = self.order

        part = self.part.to_dict()

        quantity = self.quantity

        serial: None | str
        serial = self.serial

        step = self.step

        workstation_id: int | None
        workstation_id = self.workstation_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "actor": actor,
                "at": at,
                "batch_id": batch_id,
                "id": id,
                "lot_code": lot_code,
                "lot_id": lot_id,
                "order": order,
                "part": part,
                "quantity": quantity,
                "serial": serial,
                "step": step,
                "workstation_id": workstation_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.part_ref import PartRef  # noqa: PLC0415

        d = dict(src_dict)
        actor = d.pop("actor")

        at = datetime.datetime.fromisoformat(d.pop("at"))

        def _parse_batch_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        batch_id = _parse_batch_id(d.pop("batch_id"))

        id = d.pop("id")

        lot_code = d.pop("lot_code")

        lot_id = d.pop("lot_id")

        order = d.pop("order")

        part = PartRef.from_dict(d.pop("part"))

        quantity = d.pop("quantity")

        def _parse_serial(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        serial = _parse_serial(d.pop("serial"))

        step = d.pop("step")

        def _parse_workstation_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        workstation_id = _parse_workstation_id(d.pop("workstation_id"))

        consumption_out = cls(
            actor=actor,
            at=at,
            batch_id=batch_id,
            id=id,
            lot_code=lot_code,
            lot_id=lot_id,
            order=order,
            part=part,
            quantity=quantity,
            serial=serial,
            step=step,
            workstation_id=workstation_id,
        )

        consumption_out.additional_properties = d
        return consumption_out

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
