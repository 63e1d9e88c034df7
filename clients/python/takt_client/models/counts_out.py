from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="CountsOut")


@_attrs_define
class CountsOut:
    """
    Attributes:
        end (datetime.datetime | None): to (exclusive), as requested
        good (int): good parts produced in the period (counter deltas)
        readings (int): counter readings that added quantity
        reject (int): rejected parts produced in the period
        resets (int): counter resets seen
        start (datetime.datetime | None): from (inclusive), as requested
        workstation_id (int): workstation
    """

    end: datetime.datetime | None
    good: int
    readings: int
    reject: int
    resets: int
    start: datetime.datetime | None
    workstation_id: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        end: None | str
        if isinstance(self.end, datetime.datetime):
            end = self.end.isoformat()
        else:
            end = self.end

        good = self.good

        readings = self.readings

        reject = self.reject

        resets = self.resets

        start: None | str
        if isinstance(self.start, datetime.datetime):
            start = self.start.isoformat()
        else:
            start = self.start

        workstation_id = self.workstation_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "end": end,
                "good": good,
                "readings": readings,
                "reject": reject,
                "resets": resets,
                "start": start,
                "workstation_id": workstation_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_end(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                end_type_0 = datetime.datetime.fromisoformat(data)

                return end_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        end = _parse_end(d.pop("end"))

        good = d.pop("good")

        readings = d.pop("readings")

        reject = d.pop("reject")

        resets = d.pop("resets")

        def _parse_start(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                start_type_0 = datetime.datetime.fromisoformat(data)

                return start_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        start = _parse_start(d.pop("start"))

        workstation_id = d.pop("workstation_id")

        counts_out = cls(
            end=end,
            good=good,
            readings=readings,
            reject=reject,
            resets=resets,
            start=start,
            workstation_id=workstation_id,
        )

        counts_out.additional_properties = d
        return counts_out

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
