from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.record_quality_event_result_type_0 import RecordQualityEventResultType0

T = TypeVar("T", bound="RecordQualityEvent")


@_attrs_define
class RecordQualityEvent:
    """
    Attributes:
        actor (str): who: `user:…`, `api_key:…`, `mqtt:…`, `system`
        at (datetime.datetime): when
        defect_code (None | str): defect code
        notes (None | str): free text
        quantity (int): items concerned (1 for a unit)
        result (None | RecordQualityEventResultType0): inspection result, if any
        step (int | None): route step
        type_ (str): `inspection`, `rework`, `scrap` or `observation`
        workstation (None | str): workstation code
    """

    actor: str
    at: datetime.datetime
    defect_code: None | str
    notes: None | str
    quantity: int
    result: None | RecordQualityEventResultType0
    step: int | None
    type_: str
    workstation: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        actor = self.actor

        at = self.at.isoformat()

        defect_code: None | str
        defect_code = self.defect_code

        notes: None | str
        notes = self.notes

        quantity = self.quantity

        result: None | str
        if isinstance(self.result, RecordQualityEventResultType0):
            result = self.result.value
        else:
            result = self.result

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
                "notes": notes,
                "quantity": quantity,
                "result": result,
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

        def _parse_notes(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        notes = _parse_notes(d.pop("notes"))

        quantity = d.pop("quantity")

        def _parse_result(data: object) -> None | RecordQualityEventResultType0:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                result_type_0 = RecordQualityEventResultType0(data)

                return result_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RecordQualityEventResultType0, data)

        result = _parse_result(d.pop("result"))

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

        record_quality_event = cls(
            actor=actor,
            at=at,
            defect_code=defect_code,
            notes=notes,
            quantity=quantity,
            result=result,
            step=step,
            type_=type_,
            workstation=workstation,
        )

        record_quality_event.additional_properties = d
        return record_quality_event

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
