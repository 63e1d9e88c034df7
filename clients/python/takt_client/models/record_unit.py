from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="RecordUnit")


@_attrs_define
class RecordUnit:
    """
    Attributes:
        created_at (datetime.datetime): when the unit was generated
        finished_at (datetime.datetime | None): when it completed or was scrapped
        rework_count (int): how many times the unit was sent back
        serial (str): unit serial
        status (str): `in_progress`, `completed` or `scrapped`
        step (int): current step (0: not yet on the route; finished: the last)
    """

    created_at: datetime.datetime
    finished_at: datetime.datetime | None
    rework_count: int
    serial: str
    status: str
    step: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        finished_at: None | str
        if isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

        rework_count = self.rework_count

        serial = self.serial

        status = self.status

        step = self.step

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "finished_at": finished_at,
                "rework_count": rework_count,
                "serial": serial,
                "status": status,
                "step": step,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_finished_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                finished_at_type_0 = datetime.datetime.fromisoformat(data)

                return finished_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        finished_at = _parse_finished_at(d.pop("finished_at"))

        rework_count = d.pop("rework_count")

        serial = d.pop("serial")

        status = d.pop("status")

        step = d.pop("step")

        record_unit = cls(
            created_at=created_at,
            finished_at=finished_at,
            rework_count=rework_count,
            serial=serial,
            status=status,
            step=step,
        )

        record_unit.additional_properties = d
        return record_unit

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
