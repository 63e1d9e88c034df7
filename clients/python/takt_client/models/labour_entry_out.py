from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="LabourEntryOut")


@_attrs_define
class LabourEntryOut:
    """
    Attributes:
        batch_id (int | None): the batch, for a batch's job
        ended_at (datetime.datetime | None): clocked off (null while open)
        ended_by (None | str): who clocked the person off (the actor of the move or batch step completion that closed
            the entry)
        id (int): labour entry id
        order (str): order number
        seconds (float | None): ended_at - started_at in seconds (null while open)
        serial (None | str): the unit, for a unit's job
        started_at (datetime.datetime): clocked on
        started_by (str): who clocked the person on
        step (int): route step `seq` worked on
        user (str): the person's username (when clocked on)
        user_id (int): the person's user id
        workstation_id (int | None): the step's workstation
    """

    batch_id: int | None
    ended_at: datetime.datetime | None
    ended_by: None | str
    id: int
    order: str
    seconds: float | None
    serial: None | str
    started_at: datetime.datetime
    started_by: str
    step: int
    user: str
    user_id: int
    workstation_id: int | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        batch_id: int | None
        batch_id = self.batch_id

        ended_at: None | str
        if isinstance(self.ended_at, datetime.datetime):
            ended_at = self.ended_at.isoformat()
        else:
            ended_at = self.ended_at

        ended_by: None | str
        ended_by = self.ended_by

        id = self.id

        order = self.order

        seconds: float | None
        seconds = self.seconds

        serial: None | str
        serial = self.serial

        started_at = self.started_at.isoformat()

        started_by = self.started_by

        step = self.step

        user = self.user

        user_id = self.user_id

        workstation_id: int | None
        workstation_id = self.workstation_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "batch_id": batch_id,
                "ended_at": ended_at,
                "ended_by": ended_by,
                "id": id,
                "order": order,
                "seconds": seconds,
                "serial": serial,
                "started_at": started_at,
                "started_by": started_by,
                "step": step,
                "user": user,
                "user_id": user_id,
                "workstation_id": workstation_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_batch_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        batch_id = _parse_batch_id(d.pop("batch_id"))

        def _parse_ended_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ended_at_type_0 = datetime.datetime.fromisoformat(data)

                return ended_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        ended_at = _parse_ended_at(d.pop("ended_at"))

        def _parse_ended_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        ended_by = _parse_ended_by(d.pop("ended_by"))

        id = d.pop("id")

        order = d.pop("order")

        def _parse_seconds(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        seconds = _parse_seconds(d.pop("seconds"))

        def _parse_serial(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        serial = _parse_serial(d.pop("serial"))

        started_at = datetime.datetime.fromisoformat(d.pop("started_at"))

        started_by = d.pop("started_by")

        step = d.pop("step")

        user = d.pop("user")

        user_id = d.pop("user_id")

        def _parse_workstation_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        workstation_id = _parse_workstation_id(d.pop("workstation_id"))

        labour_entry_out = cls(
            batch_id=batch_id,
            ended_at=ended_at,
            ended_by=ended_by,
            id=id,
            order=order,
            seconds=seconds,
            serial=serial,
            started_at=started_at,
            started_by=started_by,
            step=step,
            user=user,
            user_id=user_id,
            workstation_id=workstation_id,
        )

        labour_entry_out.additional_properties = d
        return labour_entry_out

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
