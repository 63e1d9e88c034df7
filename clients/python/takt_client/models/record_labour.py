from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="RecordLabour")


@_attrs_define
class RecordLabour:
    """
    Attributes:
        hours (float | None): hours worked (null: still on)
        off (datetime.datetime | None): clocked off (null: still on)
        off_by (None | str): who (or what) clocked off
        on (datetime.datetime): clocked on
        on_by (str): who clocked on
        step (int): route step worked on
        user (str): who worked
        workstation (None | str): workstation code
    """

    hours: float | None
    off: datetime.datetime | None
    off_by: None | str
    on: datetime.datetime
    on_by: str
    step: int
    user: str
    workstation: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        hours: float | None
        hours = self.hours

        off: None | str
        if isinstance(self.off, datetime.datetime):
            off = self.off.isoformat()
        else:
            off = self.off

        off_by: None | str
        off_by = self.off_by

        on = self.on.isoformat()

        on_by = self.on_by

        step = self.step

        user = self.user

        workstation: None | str
        workstation = self.workstation

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "hours": hours,
                "off": off,
                "off_by": off_by,
                "on": on,
                "on_by": on_by,
                "step": step,
                "user": user,
                "workstation": workstation,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_hours(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        hours = _parse_hours(d.pop("hours"))

        def _parse_off(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                off_type_0 = datetime.datetime.fromisoformat(data)

                return off_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        off = _parse_off(d.pop("off"))

        def _parse_off_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        off_by = _parse_off_by(d.pop("off_by"))

        on = datetime.datetime.fromisoformat(d.pop("on"))

        on_by = d.pop("on_by")

        step = d.pop("step")

        user = d.pop("user")

        def _parse_workstation(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        workstation = _parse_workstation(d.pop("workstation"))

        record_labour = cls(
            hours=hours,
            off=off,
            off_by=off_by,
            on=on,
            on_by=on_by,
            step=step,
            user=user,
            workstation=workstation,
        )

        record_labour.additional_properties = d
        return record_labour

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
