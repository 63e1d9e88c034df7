from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="RecordBatchStep")


@_attrs_define
class RecordBatchStep:
    """
    Attributes:
        completed_at (datetime.datetime | None): when it completed
        completed_by (None | str): who completed it
        defect_code (None | str): defect code of the scrap
        good (int | None): what passed it
        is_gate (bool): whether the step is a quality gate
        name (str): step name
        notes (None | str): free text
        quantity_in (int | None): what entered the step
        scrap (int | None): what was scrapped at it
        seconds (float | None): start to completion
        seq (int): route step seq
        started_at (datetime.datetime | None): when it started
        started_by (None | str): who started it
        status (str): `pending`, `in_progress` or `done`
        workstation (None | str): workstation code
    """

    completed_at: datetime.datetime | None
    completed_by: None | str
    defect_code: None | str
    good: int | None
    is_gate: bool
    name: str
    notes: None | str
    quantity_in: int | None
    scrap: int | None
    seconds: float | None
    seq: int
    started_at: datetime.datetime | None
    started_by: None | str
    status: str
    workstation: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        completed_at: None | str
        if isinstance(self.completed_at, datetime.datetime):
            completed_at = self.completed_at.isoformat()
        else:
            completed_at = self.completed_at

        completed_by: None | str
        completed_by = self.completed_by

        defect_code: None | str
        defect_code = self.defect_code

        good: int | None
        good = self.good

        is_gate = self.is_gate

        name = self.name

        notes: None | str
        notes = self.notes

        quantity_in: int | None
        quantity_in = self.quantity_in

        scrap: int | None
        scrap = self.scrap

        seconds: float | None
        seconds = self.seconds

        seq = self.seq

        started_at: None | str
        if isinstance(self.started_at, datetime.datetime):
            started_at = self.started_at.isoformat()
        else:
            started_at = self.started_at

        started_by: None | str
        started_by = self.started_by

        status = self.status

        workstation: None | str
        workstation = self.workstation

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "completed_at": completed_at,
                "completed_by": completed_by,
                "defect_code": defect_code,
                "good": good,
                "is_gate": is_gate,
                "name": name,
                "notes": notes,
                "quantity_in": quantity_in,
                "scrap": scrap,
                "seconds": seconds,
                "seq": seq,
                "started_at": started_at,
                "started_by": started_by,
                "status": status,
                "workstation": workstation,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_completed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                completed_at_type_0 = datetime.datetime.fromisoformat(data)

                return completed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        completed_at = _parse_completed_at(d.pop("completed_at"))

        def _parse_completed_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        completed_by = _parse_completed_by(d.pop("completed_by"))

        def _parse_defect_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        defect_code = _parse_defect_code(d.pop("defect_code"))

        def _parse_good(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        good = _parse_good(d.pop("good"))

        is_gate = d.pop("is_gate")

        name = d.pop("name")

        def _parse_notes(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        notes = _parse_notes(d.pop("notes"))

        def _parse_quantity_in(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        quantity_in = _parse_quantity_in(d.pop("quantity_in"))

        def _parse_scrap(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        scrap = _parse_scrap(d.pop("scrap"))

        def _parse_seconds(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        seconds = _parse_seconds(d.pop("seconds"))

        seq = d.pop("seq")

        def _parse_started_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                started_at_type_0 = datetime.datetime.fromisoformat(data)

                return started_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        started_at = _parse_started_at(d.pop("started_at"))

        def _parse_started_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        started_by = _parse_started_by(d.pop("started_by"))

        status = d.pop("status")

        def _parse_workstation(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        workstation = _parse_workstation(d.pop("workstation"))

        record_batch_step = cls(
            completed_at=completed_at,
            completed_by=completed_by,
            defect_code=defect_code,
            good=good,
            is_gate=is_gate,
            name=name,
            notes=notes,
            quantity_in=quantity_in,
            scrap=scrap,
            seconds=seconds,
            seq=seq,
            started_at=started_at,
            started_by=started_by,
            status=status,
            workstation=workstation,
        )

        record_batch_step.additional_properties = d
        return record_batch_step

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
