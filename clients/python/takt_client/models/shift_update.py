from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.break_in import BreakIn


T = TypeVar("T", bound="ShiftUpdate")


@_attrs_define
class ShiftUpdate:
    """Change a shift; the result is checked like a new one (breaks, overlaps).

    Attributes:
        breaks (list[BreakIn] | Unset): new breaks
        days (list[int] | Unset): new ISO weekdays the shift starts on
        end (str | Unset): new end, local `HH:MM`
        line_id (int | None | Unset): new line; null: every line
        name (str | Unset): new display name
        start (str | Unset): new start, local `HH:MM`
    """

    breaks: list[BreakIn] | Unset = UNSET
    days: list[int] | Unset = UNSET
    end: str | Unset = UNSET
    line_id: int | None | Unset = UNSET
    name: str | Unset = UNSET
    start: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        breaks: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.breaks, Unset):
            breaks = []
            for breaks_item_data in self.breaks:
                breaks_item = breaks_item_data.to_dict()
                breaks.append(breaks_item)

        days: list[int] | Unset = UNSET
        if not isinstance(self.days, Unset):
            days = self.days

        end = self.end

        line_id: int | None | Unset
        if isinstance(self.line_id, Unset):
            line_id = UNSET
        else:
            line_id = self.line_id

        name = self.name

        start = self.start

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if breaks is not UNSET:
            field_dict["breaks"] = breaks
        if days is not UNSET:
            field_dict["days"] = days
        if end is not UNSET:
            field_dict["end"] = end
        if line_id is not UNSET:
            field_dict["line_id"] = line_id
        if name is not UNSET:
            field_dict["name"] = name
        if start is not UNSET:
            field_dict["start"] = start

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.break_in import BreakIn  # noqa: PLC0415

        d = dict(src_dict)
        _breaks = d.pop("breaks", UNSET)
        breaks: list[BreakIn] | Unset = UNSET
        if _breaks is not UNSET:
            breaks = []
            for breaks_item_data in _breaks:
                breaks_item = BreakIn.from_dict(breaks_item_data)

                breaks.append(breaks_item)

        days = cast(list[int], d.pop("days", UNSET))

        end = d.pop("end", UNSET)

        def _parse_line_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        line_id = _parse_line_id(d.pop("line_id", UNSET))

        name = d.pop("name", UNSET)

        start = d.pop("start", UNSET)

        shift_update = cls(
            breaks=breaks,
            days=days,
            end=end,
            line_id=line_id,
            name=name,
            start=start,
        )

        return shift_update
