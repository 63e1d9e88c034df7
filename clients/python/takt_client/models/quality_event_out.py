from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.quality_event_out_result_type_0 import QualityEventOutResultType0
from ..models.quality_event_type import QualityEventType
from ..types import UNSET, Unset

T = TypeVar("T", bound="QualityEventOut")


@_attrs_define
class QualityEventOut:
    """
    Attributes:
        actor (str): who recorded it
        at (datetime.datetime): when
        defect_code (None | str): defect code
        id (int): quality event id
        measurement_id (int | None): the measurement, for a measured inspection
        notes (None | str): free text
        order (None | str): order number, if about a unit or batch
        result (None | QualityEventOutResultType0): inspection result
        serial (None | str): unit serial, if about a unit
        step (int | None): route step
        type_ (QualityEventType):
        workstation_id (int | None): workstation
        batch_id (int | None | Unset): batch, if about a batch
        quantity (int | Unset): how many items it concerns: 1 for a unit, the quantity for a batch Default: 1.
    """

    actor: str
    at: datetime.datetime
    defect_code: None | str
    id: int
    measurement_id: int | None
    notes: None | str
    order: None | str
    result: None | QualityEventOutResultType0
    serial: None | str
    step: int | None
    type_: QualityEventType
    workstation_id: int | None
    batch_id: int | None | Unset = UNSET
    quantity: int | Unset = 1
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        actor = self.actor

        at = self.at.isoformat()

        defect_code: None | str
        defect_code = self.defect_code

        id = self.id

        measurement_id: int | None
        measurement_id = self.measurement_id

        notes: None | str
        notes = self.notes

        order: None | str
        order = self.order

        result: None | str
        if isinstance(self.result, QualityEventOutResultType0):
            result = self.result.value
        else:
            result = self.result

        serial: None | str
        serial = self.serial

        step: int | None
        step = self.step

        type_ = self.type_.value

        workstation_id: int | None
        workstation_id = self.workstation_id

        batch_id: int | None | Unset
        if isinstance(self.batch_id, Unset):
            batch_id = UNSET
        else:
            batch_id = self.batch_id

        quantity = self.quantity

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "actor": actor,
                "at": at,
                "defect_code": defect_code,
                "id": id,
                "measurement_id": measurement_id,
                "notes": notes,
                "order": order,
                "result": result,
                "serial": serial,
                "step": step,
                "type": type_,
                "workstation_id": workstation_id,
            }
        )
        if batch_id is not UNSET:
            field_dict["batch_id"] = batch_id
        if quantity is not UNSET:
            field_dict["quantity"] = quantity

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

        id = d.pop("id")

        def _parse_measurement_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        measurement_id = _parse_measurement_id(d.pop("measurement_id"))

        def _parse_notes(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        notes = _parse_notes(d.pop("notes"))

        def _parse_order(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        order = _parse_order(d.pop("order"))

        def _parse_result(data: object) -> None | QualityEventOutResultType0:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                result_type_0 = QualityEventOutResultType0(data)

                return result_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | QualityEventOutResultType0, data)

        result = _parse_result(d.pop("result"))

        def _parse_serial(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        serial = _parse_serial(d.pop("serial"))

        def _parse_step(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        step = _parse_step(d.pop("step"))

        type_ = QualityEventType(d.pop("type"))

        def _parse_workstation_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        workstation_id = _parse_workstation_id(d.pop("workstation_id"))

        def _parse_batch_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        batch_id = _parse_batch_id(d.pop("batch_id", UNSET))

        quantity = d.pop("quantity", UNSET)

        quality_event_out = cls(
            actor=actor,
            at=at,
            defect_code=defect_code,
            id=id,
            measurement_id=measurement_id,
            notes=notes,
            order=order,
            result=result,
            serial=serial,
            step=step,
            type_=type_,
            workstation_id=workstation_id,
            batch_id=batch_id,
            quantity=quantity,
        )

        quality_event_out.additional_properties = d
        return quality_event_out

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
