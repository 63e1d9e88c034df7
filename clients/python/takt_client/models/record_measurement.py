from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.record_measurement_result import RecordMeasurementResult

T = TypeVar("T", bound="RecordMeasurement")


@_attrs_define
class RecordMeasurement:
    """
    Attributes:
        actor (str): who: `user:…`, `api_key:…`, `mqtt:…`, `system`
        at (datetime.datetime): when it was measured
        failed_gate (bool): whether it failed the gate the unit waited at
        lower_limit (float | None): the lower limit it was judged against
        max_ (float): largest value
        mean (float): mean of the values
        min_ (float): smallest value
        points (int): how many values (1 for a scalar)
        result (RecordMeasurementResult): the verdict
        rework_count (int): the unit's (batch: 0) rework count at the time
        source (str): `operator`, `machine` or `import`
        step (int): route step where it was taken
        test (str): test name
        unit (str): unit of the value
        upper_limit (float | None): the upper limit it was judged against
        value (float | None): the value of a scalar test (null: a series)
        workstation (None | str): workstation code
    """

    actor: str
    at: datetime.datetime
    failed_gate: bool
    lower_limit: float | None
    max_: float
    mean: float
    min_: float
    points: int
    result: RecordMeasurementResult
    rework_count: int
    source: str
    step: int
    test: str
    unit: str
    upper_limit: float | None
    value: float | None
    workstation: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        actor = self.actor

        at = self.at.isoformat()

        failed_gate = self.failed_gate

        lower_limit: float | None
        lower_limit = self.lower_limit

        max_ = self.max_

        mean = self.mean

        min_ = self.min_

        points = self.points

        result = self.result.value

        rework_count = self.rework_count

        source = self.source

        step = self.step

        test = self.test

        unit = self.unit

        upper_limit: float | None
        upper_limit = self.upper_limit

        value: float | None
        value = self.value

        workstation: None | str
        workstation = self.workstation

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "actor": actor,
                "at": at,
                "failed_gate": failed_gate,
                "lower_limit": lower_limit,
                "max": max_,
                "mean": mean,
                "min": min_,
                "points": points,
                "result": result,
                "rework_count": rework_count,
                "source": source,
                "step": step,
                "test": test,
                "unit": unit,
                "upper_limit": upper_limit,
                "value": value,
                "workstation": workstation,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        actor = d.pop("actor")

        at = datetime.datetime.fromisoformat(d.pop("at"))

        failed_gate = d.pop("failed_gate")

        def _parse_lower_limit(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        lower_limit = _parse_lower_limit(d.pop("lower_limit"))

        max_ = d.pop("max")

        mean = d.pop("mean")

        min_ = d.pop("min")

        points = d.pop("points")

        result = RecordMeasurementResult(d.pop("result"))

        rework_count = d.pop("rework_count")

        source = d.pop("source")

        step = d.pop("step")

        test = d.pop("test")

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

        def _parse_workstation(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        workstation = _parse_workstation(d.pop("workstation"))

        record_measurement = cls(
            actor=actor,
            at=at,
            failed_gate=failed_gate,
            lower_limit=lower_limit,
            max_=max_,
            mean=mean,
            min_=min_,
            points=points,
            result=result,
            rework_count=rework_count,
            source=source,
            step=step,
            test=test,
            unit=unit,
            upper_limit=upper_limit,
            value=value,
            workstation=workstation,
        )

        record_measurement.additional_properties = d
        return record_measurement

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
