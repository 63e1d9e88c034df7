from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.break_window import BreakWindow


T = TypeVar("T", bound="ShiftInstanceOut")


@_attrs_define
class ShiftInstanceOut:
    """
    Attributes:
        breaks (list[BreakWindow]): its breaks (UTC)
        end (datetime.datetime): end of this occurrence (UTC)
        line_id (int | None): the shift's line; null: every line
        name (str): the shift's name
        planned_busy_seconds (float): planned busy time: the occurrence's length minus its breaks, in seconds
        shift_id (int): the shift
        start (datetime.datetime): start of this occurrence (UTC)
    """

    breaks: list[BreakWindow]
    end: datetime.datetime
    line_id: int | None
    name: str
    planned_busy_seconds: float
    shift_id: int
    start: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        breaks = []
        for breaks_item_data in self.breaks:
            breaks_item = breaks_item_data.to_dict()
            breaks.append(breaks_item)

        end = self.end.isoformat()

        line_id: int | None
        line_id = self.line_id

        name = self.name

        planned_busy_seconds = self.planned_busy_seconds

        shift_id = self.shift_id

        start = self.start.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "breaks": breaks,
                "end": end,
                "line_id": line_id,
                "name": name,
                "planned_busy_seconds": planned_busy_seconds,
                "shift_id": shift_id,
                "start": start,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.break_window import BreakWindow  # noqa: PLC0415

        d = dict(src_dict)
        breaks = []
        _breaks = d.pop("breaks")
        for breaks_item_data in _breaks:
            breaks_item = BreakWindow.from_dict(breaks_item_data)

            breaks.append(breaks_item)

        end = datetime.datetime.fromisoformat(d.pop("end"))

        def _parse_line_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        line_id = _parse_line_id(d.pop("line_id"))

        name = d.pop("name")

        planned_busy_seconds = d.pop("planned_busy_seconds")

        shift_id = d.pop("shift_id")

        start = datetime.datetime.fromisoformat(d.pop("start"))

        shift_instance_out = cls(
            breaks=breaks,
            end=end,
            line_id=line_id,
            name=name,
            planned_busy_seconds=planned_busy_seconds,
            shift_id=shift_id,
            start=start,
        )

        shift_instance_out.additional_properties = d
        return shift_instance_out

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
