from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.record_event_result_type_0 import RecordEventResultType0

T = TypeVar("T", bound="RecordEvent")


@_attrs_define
class RecordEvent:
    """
    Attributes:
        actor (str): who: `user:…`, `api_key:…`, `mqtt:…`, `system`
        at (datetime.datetime): when
        defect_code (None | str): defect code, if any
        from_step (int | None): step before the event
        notes (None | str): free text
        result (None | RecordEventResultType0): inspection result, if any
        to_step (int | None): step after the event
        type_ (str): event type
        workstation (None | str): workstation of the event (where it ended for `completed`/`scrapped`)
    """

    actor: str
    at: datetime.datetime
    defect_code: None | str
    from_step: int | None
    notes: None | str
    result: None | RecordEventResultType0
    to_step: int | None
    type_: str
    workstation: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        actor = self.actor

        at = self.at.isoformat()

        defect_code: None | str
        defect_code = self.defect_code

        from_step: int | None
        from_step = self.from_step

        notes: None | str
        notes = self.notes

        result: None | str
        if isinstance(self.result, RecordEventResultType0):
            result = self.result.value
        else:
            result = self.result

        to_step: int | None
        to_step = self.to_step

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
                "from_step": from_step,
                "notes": notes,
                "result": result,
                "to_step": to_step,
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

        def _parse_from_step(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        from_step = _parse_from_step(d.pop("from_step"))

        def _parse_notes(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        notes = _parse_notes(d.pop("notes"))

        def _parse_result(data: object) -> None | RecordEventResultType0:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                result_type_0 = RecordEventResultType0(data)

                return result_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RecordEventResultType0, data)

        result = _parse_result(d.pop("result"))

        def _parse_to_step(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        to_step = _parse_to_step(d.pop("to_step"))

        type_ = d.pop("type")

        def _parse_workstation(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        workstation = _parse_workstation(d.pop("workstation"))

        record_event = cls(
            actor=actor,
            at=at,
            defect_code=defect_code,
            from_step=from_step,
            notes=notes,
            result=result,
            to_step=to_step,
            type_=type_,
            workstation=workstation,
        )

        record_event.additional_properties = d
        return record_event

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
