from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.measurement_out_result import MeasurementOutResult
from ..models.measurement_source import MeasurementSource
from ..models.value_kind import ValueKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="MeasurementOut")


@_attrs_define
class MeasurementOut:
    """
    Attributes:
        actor (str): who recorded it
        at (datetime.datetime): when it was measured
        id (int): measurement id
        kind (ValueKind): What a test measures: one number, or a series of points (a curve, a profile).
        lower_limit (float | None): lower limit the result was judged against
        result (MeasurementOutResult): `pass` when the value (every value of a vector) is within the limits
        rework_count (int): the unit's rework count when measured; gates count only measurements taken since the last
            rework
        serial (str): unit serial
        source (MeasurementSource):
        step (int): route step of the test
        test (str): test name
        test_id (int): test definition id
        unit (str): unit of measure
        upper_limit (float | None): upper limit the result was judged against
        value (float | None): the value (scalar test)
        values (list[float] | None): the values (vector test)
        workstation_id (int | None): workstation of that step
        failed_gate (bool | Unset): true when this failing result failed the gate the unit was waiting at (the unit now
            awaits `disposition`) Default: False.
    """

    actor: str
    at: datetime.datetime
    id: int
    kind: ValueKind
    lower_limit: float | None
    result: MeasurementOutResult
    rework_count: int
    serial: str
    source: MeasurementSource
    step: int
    test: str
    test_id: int
    unit: str
    upper_limit: float | None
    value: float | None
    values: list[float] | None
    workstation_id: int | None
    failed_gate: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        actor = self.actor

        at = self.at.isoformat()

        id = self.id

        kind = self.kind.value

        lower_limit: float | None
        lower_limit = self.lower_limit

        result = self.result.value

        rework_count = self.rework_count

        serial = self.serial

        source = self.source.value

        step = self.step

        test = self.test

        test_id = self.test_id

        unit = self.unit

        upper_limit: float | None
        upper_limit = self.upper_limit

        value: float | None
        value = self.value

        values: list[float] | None
        if isinstance(self.values, list):
            values = self.values

        else:
            values = self.values

        workstation_id: int | None
        workstation_id = self.workstation_id

        failed_gate = self.failed_gate

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "actor": actor,
                "at": at,
                "id": id,
                "kind": kind,
                "lower_limit": lower_limit,
                "result": result,
                "rework_count": rework_count,
                "serial": serial,
                "source": source,
                "step": step,
                "test": test,
                "test_id": test_id,
                "unit": unit,
                "upper_limit": upper_limit,
                "value": value,
                "values": values,
                "workstation_id": workstation_id,
            }
        )
        if failed_gate is not UNSET:
            field_dict["failed_gate"] = failed_gate

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        actor = d.pop("actor")

        at = datetime.datetime.fromisoformat(d.pop("at"))

        id = d.pop("id")

        kind = ValueKind(d.pop("kind"))

        def _parse_lower_limit(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        lower_limit = _parse_lower_limit(d.pop("lower_limit"))

        result = MeasurementOutResult(d.pop("result"))

        rework_count = d.pop("rework_count")

        serial = d.pop("serial")

        source = MeasurementSource(d.pop("source"))

        step = d.pop("step")

        test = d.pop("test")

        test_id = d.pop("test_id")

        unit = d.pop("unit")

        def _parse_upper_limit(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        upper_limit = _parse_upper_limit(d.pop("upper_limit"))

        def _parse_value(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        value = _parse_value(d.pop("value"))

        def _parse_values(data: object) -> list[float] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                values_type_0 = cast(list[float], data)

                return values_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[float] | None, data)

        values = _parse_values(d.pop("values"))

        def _parse_workstation_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        workstation_id = _parse_workstation_id(d.pop("workstation_id"))

        failed_gate = d.pop("failed_gate", UNSET)

        measurement_out = cls(
            actor=actor,
            at=at,
            id=id,
            kind=kind,
            lower_limit=lower_limit,
            result=result,
            rework_count=rework_count,
            serial=serial,
            source=source,
            step=step,
            test=test,
            test_id=test_id,
            unit=unit,
            upper_limit=upper_limit,
            value=value,
            values=values,
            workstation_id=workstation_id,
            failed_gate=failed_gate,
        )

        measurement_out.additional_properties = d
        return measurement_out

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
