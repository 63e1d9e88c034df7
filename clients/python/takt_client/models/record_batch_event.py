from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="RecordBatchEvent")


@_attrs_define
class RecordBatchEvent:
    """
    Attributes:
        actor (str): who: `user:…`, `api_key:…`, `mqtt:…`, `system`
        at (datetime.datetime): when
        defect_code (None | str): defect code, if any
        good (int | None): good (completed)
        notes (None | str): free text
        quantity (int | None): quantity in (started) or created
        scrap (int | None): scrap (completed)
        step (int | None): route step
        type_ (str): event type
        workstation (None | str): workstation code
    """

    actor: str
    at: datetime.datetime
    defect_code: None | str
    good: int | None
    notes: None | str
    quantity: int | None
    scrap: int | None
    step: int | None
    type_: str
    workstation: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        actor = self.actor

        at = self.at.isoformat()

        defect_code: None | str
        defect_code = self.defect_code

        good: int | None
        good = self.good

        notes: None | str
        notes = self.notes

        quantity: int | None
        quantity = self.quantity

        scrap: int | None
        scrap = self.scrap

        step: int | None
        step = self.step

        type_ = self.type_

        workstation: None | str
        workstation = self.workstation

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "actor": actor,
                "at": at,
                "defect_code": defect_code,
                "good": good,
                "notes": notes,
                "quantity": quantity,
                "scrap": scrap,
                "step": step,
                "type": type_,
                "workstation": workstation,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        actor = d.pop("actor")

        at = datetime.datetime.fromisoformat(d.pop("at"))

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

        def _parse_notes(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        notes = _parse_notes(d.pop("notes"))

        def _parse_quantity(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        quantity = _parse_quantity(d.pop("quantity"))

        def _parse_scrap(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        scrap = _parse_scrap(d.pop("scrap"))

        def _parse_step(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        step = _parse_step(d.pop("step"))

        type_ = d.pop("type")

        def _parse_workstation(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        workstation = _parse_workstation(d.pop("workstation"))

        record_batch_event = cls(
            actor=actor,
            at=at,
            defect_code=defect_code,
            good=good,
            notes=notes,
            quantity=quantity,
            scrap=scrap,
            step=step,
            type_=type_,
            workstation=workstation,
        )

        record_batch_event.additional_properties = d
        return record_batch_event

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
