from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.break_out import BreakOut


T = TypeVar("T", bound="ShiftOut")


@_attrs_define
class ShiftOut:
    """
    Attributes:
        breaks (list[BreakOut]): planned breaks, local times
        created_at (datetime.datetime): when the shift was created
        days (list[int]): ISO weekdays the shift starts on
        end (str): end, local `HH:MM` (not after `start`: next day)
        id (int): shift id
        line_id (int | None): the line; null: every line
        name (str): display name
        start (str): start, local `HH:MM`
        updated_at (datetime.datetime): when the shift last changed
    """

    breaks: list[BreakOut]
    created_at: datetime.datetime
    days: list[int]
    end: str
    id: int
    line_id: int | None
    name: str
    start: str
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        breaks = []
        for breaks_item_data in self.breaks:
            breaks_item = breaks_item_data.to_dict()
            breaks.append(breaks_item)

        created_at = self.created_at.isoformat()

        days = self.days

        end = self.end

        id = self.id

        line_id: int | None
        line_id = self.line_id

        name = self.name

        start = self.start

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "breaks": breaks,
                "created_at": created_at,
                "days": days,
                "end": end,
                "id": id,
                "line_id": line_id,
                "name": name,
                "start": start,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.break_out import BreakOut  # noqa: PLC0415

        d = dict(src_dict)
        breaks = []
        _breaks = d.pop("breaks")
        for breaks_item_data in _breaks:
            breaks_item = BreakOut.from_dict(breaks_item_data)

            breaks.append(breaks_item)

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        days = cast(list[int], d.pop("days"))

        end = d.pop("end")

        id = d.pop("id")

        def _parse_line_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        line_id = _parse_line_id(d.pop("line_id"))

        name = d.pop("name")

        start = d.pop("start")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        shift_out = cls(
            breaks=breaks,
            created_at=created_at,
            days=days,
            end=end,
            id=id,
            line_id=line_id,
            name=name,
            start=start,
            updated_at=updated_at,
        )

        shift_out.additional_properties = d
        return shift_out

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
