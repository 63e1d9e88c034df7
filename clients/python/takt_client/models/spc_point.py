from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.spc_point_result import SpcPointResult

T = TypeVar("T", bound="SpcPoint")


@_attrs_define
class SpcPoint:
    """One measurement in time order, for control charts.

    Attributes:
        at (datetime.datetime): when it was measured
        batch_id (int | None): the batch, for a batch's sample measurement
        id (int): measurement id
        lower_limit (float | None): lower limit at the time
        mean (float): the value, or the mean of the values
        result (SpcPointResult): `pass` or `fail`
        serial (None | str): unit serial (null for a batch sample)
        test_id (int): test definition id
        upper_limit (float | None): upper limit at the time
        value (float | None): the value (scalar test)
        values (list[float] | None): the values (vector test)
        workstation_id (int | None): workstation of the test's step
    """

    at: datetime.datetime
    batch_id: int | None
    id: int
    lower_limit: float | None
    mean: float
    result: SpcPointResult
    serial: None | str
    test_id: int
    upper_limit: float | None
    value: float | None
    values: list[float] | None
    workstation_id: int | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        at = self.at.isoformat()

        batch_id: int | None
        batch_id = self.batch_id

        id = self.id

        lower_limit: float | None
        lower_limit = self.lower_limit

        mean = self.mean

        result = self.result.value

        serial: None | str
        serial = self.serial

        test_id = self.test_id

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

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "at": at,
                "batch_id": batch_id,
                "id": id,
                "lower_limit": lower_limit,
                "mean": mean,
                "result": result,
                "serial": serial,
                "test_id": test_id,
                "upper_limit": upper_limit,
                "value": value,
                "values": values,
                "workstation_id": workstation_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        at = datetime.datetime.fromisoformat(d.pop("at"))

        def _parse_batch_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        batch_id = _parse_batch_id(d.pop("batch_id"))

        id = d.pop("id")

        def _parse_lower_limit(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        lower_limit = _parse_lower_limit(d.pop("lower_limit"))

        mean = d.pop("mean")

        result = SpcPointResult(d.pop("result"))

        def _parse_serial(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        serial = _parse_serial(d.pop("serial"))

        test_id = d.pop("test_id")

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

        spc_point = cls(
            at=at,
            batch_id=batch_id,
            id=id,
            lower_limit=lower_limit,
            mean=mean,
            result=result,
            serial=serial,
            test_id=test_id,
            upper_limit=upper_limit,
            value=value,
            values=values,
            workstation_id=workstation_id,
        )

        spc_point.additional_properties = d
        return spc_point

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
