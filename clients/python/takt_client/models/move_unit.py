from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="MoveUnit")


@_attrs_define
class MoveUnit:
    """
    Attributes:
        expected_step (int | None | Unset): refuse (409 `step_mismatch`) unless the unit is at this step
        notes (None | str | Unset): free text recorded in the history
    """

    expected_step: int | None | Unset = UNSET
    notes: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        expected_step: int | None | Unset
        if isinstance(self.expected_step, Unset):
            expected_step = UNSET
        else:
            expected_step = self.expected_step

        notes: None | str | Unset
        if isinstance(self.notes, Unset):
            notes = UNSET
        else:
            notes = self.notes

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if expected_step is not UNSET:
            field_dict["expected_step"] = expected_step
        if notes is not UNSET:
            field_dict["notes"] = notes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_expected_step(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        expected_step = _parse_expected_step(d.pop("expected_step", UNSET))

        def _parse_notes(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        notes = _parse_notes(d.pop("notes", UNSET))

        move_unit = cls(
            expected_step=expected_step,
            notes=notes,
        )

        return move_unit
