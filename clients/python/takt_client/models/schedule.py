from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.scheduled_line import ScheduledLine
    from ..models.scheduled_order import ScheduledOrder


T = TypeVar("T", bound="Schedule")


@_attrs_define
class Schedule:
    """
    Attributes:
        from_ (datetime.datetime):
        lines (list[ScheduledLine]): lines with orders in the window, by code
        timezone (str):
        to (datetime.datetime):
        unassigned (list[ScheduledOrder]): orders in the window without a line
    """

    from_: datetime.datetime
    lines: list[ScheduledLine]
    timezone: str
    to: datetime.datetime
    unassigned: list[ScheduledOrder]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from_ = self.from_.isoformat()

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        timezone = self.timezone

        to = self.to.isoformat()

        unassigned = []
        for unassigned_item_data in self.unassigned:
            unassigned_item = unassigned_item_data.to_dict()
            unassigned.append(unassigned_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "from": from_,
                "lines": lines,
                "timezone": timezone,
                "to": to,
                "unassigned": unassigned,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.scheduled_line import ScheduledLine  # noqa: PLC0415
        from ..models.scheduled_order import ScheduledOrder  # noqa: PLC0415

        d = dict(src_dict)
        from_ = datetime.datetime.fromisoformat(d.pop("from"))

        lines = []
        _lines = d.pop("lines")
        for lines_item_data in _lines:
            lines_item = ScheduledLine.from_dict(lines_item_data)

            lines.append(lines_item)

        timezone = d.pop("timezone")

        to = datetime.datetime.fromisoformat(d.pop("to"))

        unassigned = []
        _unassigned = d.pop("unassigned")
        for unassigned_item_data in _unassigned:
            unassigned_item = ScheduledOrder.from_dict(unassigned_item_data)

            unassigned.append(unassigned_item)

        schedule = cls(
            from_=from_,
            lines=lines,
            timezone=timezone,
            to=to,
            unassigned=unassigned,
        )

        schedule.additional_properties = d
        return schedule

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
