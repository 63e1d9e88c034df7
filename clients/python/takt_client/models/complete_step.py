from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="CompleteStep")


@_attrs_define
class CompleteStep:
    """
    Attributes:
        good (int): quantity that passed the step
        defect_code (None | str | Unset):
        notes (None | str | Unset): free text recorded with the step
        scrap (int | Unset): quantity scrapped at the step Default: 0.
    """

    good: int
    defect_code: None | str | Unset = UNSET
    notes: None | str | Unset = UNSET
    scrap: int | Unset = 0

    def to_dict(self) -> dict[str, Any]:
        good = self.good

        defect_code: None | str | Unset
        if isinstance(self.defect_code, Unset):
            defect_code = UNSET
        else:
            defect_code = self.defect_code

        notes: None | str | Unset
        if isinstance(self.notes, Unset):
            notes = UNSET
        else:
            notes = self.notes

        scrap = self.scrap

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "good": good,
            }
        )
        if defect_code is not UNSET:
            field_dict["defect_code"] = defect_code
        if notes is not UNSET:
            field_dict["notes"] = notes
        if scrap is not UNSET:
            field_dict["scrap"] = scrap

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        good = d.pop("good")

        def _parse_defect_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        defect_code = _parse_defect_code(d.pop("defect_code", UNSET))

        def _parse_notes(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        notes = _parse_notes(d.pop("notes", UNSET))

        scrap = d.pop("scrap", UNSET)

        complete_step = cls(
            good=good,
            defect_code=defect_code,
            notes=notes,
            scrap=scrap,
        )

        return complete_step
