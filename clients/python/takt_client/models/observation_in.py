from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ObservationIn")


@_attrs_define
class ObservationIn:
    """A manual quality observation; it changes no unit state.

    Attributes:
        notes (str): what was observed
        defect_code (None | str | Unset): the defect observed, if any
        serial (None | str | Unset): the unit concerned, if any
        workstation_id (int | None | Unset): where (default: the unit's current workstation)
    """

    notes: str
    defect_code: None | str | Unset = UNSET
    serial: None | str | Unset = UNSET
    workstation_id: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        notes = self.notes

        defect_code: None | str | Unset
        if isinstance(self.defect_code, Unset):
            defect_code = UNSET
        else:
            defect_code = self.defect_code

        serial: None | str | Unset
        if isinstance(self.serial, Unset):
            serial = UNSET
        else:
            serial = self.serial

        workstation_id: int | None | Unset
        if isinstance(self.workstation_id, Unset):
            workstation_id = UNSET
        else:
            workstation_id = self.workstation_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "notes": notes,
            }
        )
        if defect_code is not UNSET:
            field_dict["defect_code"] = defect_code
        if serial is not UNSET:
            field_dict["serial"] = serial
        if workstation_id is not UNSET:
            field_dict["workstation_id"] = workstation_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        notes = d.pop("notes")

        def _parse_defect_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        defect_code = _parse_defect_code(d.pop("defect_code", UNSET))

        def _parse_serial(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        serial = _parse_serial(d.pop("serial", UNSET))

        def _parse_workstation_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        workstation_id = _parse_workstation_id(d.pop("workstation_id", UNSET))

        observation_in = cls(
            notes=notes,
            defect_code=defect_code,
            serial=serial,
            workstation_id=workstation_id,
        )

        return observation_in
