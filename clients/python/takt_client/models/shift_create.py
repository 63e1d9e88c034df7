from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.break_in import BreakIn


T = TypeVar("T", bound="ShiftCreate")


@_attrs_define
class ShiftCreate:
    """A weekly shift in the plant's time zone (`TAKT_TIMEZONE`).

    Attributes:
        days (list[int]): ISO weekdays the shift starts on (1 = Monday … 7 = Sunday), no repeats
        end (str): end, local `HH:MM`; earlier than `start`: the shift crosses midnight; equal to `start`: a 24-hour
            shift
        name (str): display name
        start (str): start, local `HH:MM`
        breaks (list[BreakIn] | Unset): planned breaks within the shift, not overlapping each other
        line_id (int | None | Unset): the line; null: every line
    """

    days: list[int]
    end: str
    name: str
    start: str
    breaks: list[BreakIn] | Unset = UNSET
    line_id: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        days = self.days

        end = self.end

        name = self.name

        start = self.start

        breaks: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.breaks, Unset):
            breaks = []
            for breaks_item_data in self.breaks:
                breaks_item = breaks_item_data.to_dict()
                breaks.append(breaks_item)

        line_id: int | None | Unset
        if isinstance(self.line_id, Unset):
            line_id = UNSET
        else:
            line_id = self.line_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "days": days,
                "end": end,
                "name": name,
                "start": start,
            }
        )
        if breaks is not UNSET:
            field_dict["breaks"] = breaks
        if line_id is not UNSET:
            field_dict["line_id"] = line_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.break_in import BreakIn  # noqa: PLC0415

        d = dict(src_dict)
        days = cast(list[int], d.pop("days"))

        end = d.pop("end")

        name = d.pop("name")

        start = d.pop("start")

        _breaks = d.pop("breaks", UNSET)
        breaks: list[BreakIn] | Unset = UNSET
        if _breaks is not UNSET:
            breaks = []
            for breaks_item_data in _breaks:
                breaks_item = BreakIn.from_dict(breaks_item_data)

                breaks.append(breaks_item)

        def _parse_line_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        line_id = _parse_line_id(d.pop("line_id", UNSET))

        shift_create = cls(
            days=days,
            end=end,
            name=name,
            start=start,
            breaks=breaks,
            line_id=line_id,
        )

        return shift_create
