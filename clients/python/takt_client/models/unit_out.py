from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.awaiting import Awaiting
from ..models.unit_status import UnitStatus

T = TypeVar("T", bound="UnitOut")


@_attrs_define
class UnitOut:
    """
    Attributes:
        awaiting (Awaiting | None): what the unit waits for: `move`, `gate_decision`, `disposition` (failed a gate:
            rework or scrap); null when finished
        created_at (datetime.datetime): when the unit was created
        order (str): production order number
        part (str): part number
        rework_count (int): how many times the unit was sent back
        serial (str): serial number
        status (UnitStatus):
        step (int): current route step seq; 0 = not yet entered the route
        updated_at (datetime.datetime): when the unit last changed
        workstation (None | str): code of the current step's workstation
        workstation_id (int | None): id of the current step's workstation
    """

    awaiting: Awaiting | None
    created_at: datetime.datetime
    order: str
    part: str
    rework_count: int
    serial: str
    status: UnitStatus
    step: int
    updated_at: datetime.datetime
    workstation: None | str
    workstation_id: int | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        awaiting: None | str
        if isinstance(self.awaiting, Awaiting):
            awaiting = self.awaiting.value
        else:
            awaiting = self.awaiting

        created_at = self.created_at.isoformat()

        order = self.order

        part = self.part

        rework_count = self.rework_count

        serial = self.serial

        status = self.status.value

        step = self.step

        updated_at = self.updated_at.isoformat()

        workstation: None | str
        workstation = self.workstation

        workstation_id: int | None
        workstation_id = self.workstation_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "awaiting": awaiting,
                "created_at": created_at,
                "order": order,
                "part": part,
                "rework_count": rework_count,
                "serial": serial,
                "status": status,
                "step": step,
                "updated_at": updated_at,
                "workstation": workstation,
                "workstation_id": workstation_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_awaiting(data: object) -> Awaiting | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                awaiting_type_0 = Awaiting(data)

                return awaiting_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Awaiting | None, data)

        awaiting = _parse_awaiting(d.pop("awaiting"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        order = d.pop("order")

        part = d.pop("part")

        rework_count = d.pop("rework_count")

        serial = d.pop("serial")

        status = UnitStatus(d.pop("status"))

        step = d.pop("step")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        def _parse_workstation(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        workstation = _parse_workstation(d.pop("workstation"))

        def _parse_workstation_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        workstation_id = _parse_workstation_id(d.pop("workstation_id"))

        unit_out = cls(
            awaiting=awaiting,
            created_at=created_at,
            order=order,
            part=part,
            rework_count=rework_count,
            serial=serial,
            status=status,
            step=step,
            updated_at=updated_at,
            workstation=workstation,
            workstation_id=workstation_id,
        )

        unit_out.additional_properties = d
        return unit_out

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
