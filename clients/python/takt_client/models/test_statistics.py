from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="TestStatistics")


@_attrs_define
class TestStatistics:
    """
    Attributes:
        count (int): measurements
        cpk (float | None): process capability = min(USL - mean, mean - LSL) / (3 stdev); null unless both limits exist
            and stdev > 0
        kind (str): `scalar` or `vector`
        lower_limit (float | None): current lower limit (LSL)
        max_ (float): largest value
        mean (float): mean of the values
        min_ (float): smallest value
        pass_rate (float): passed / count
        passed (int): passing measurements
        points (int): values (a vector measurement has several)
        route_id (int): route of the test
        stdev (float | None): sample standard deviation (null: one value)
        step (int): step of the test
        test (str): test name
        test_id (int): test definition id
        unit (str): unit of measure
        upper_limit (float | None): current upper limit (USL)
    """

    count: int
    cpk: float | None
    kind: str
    lower_limit: float | None
    max_: float
    mean: float
    min_: float
    pass_rate: float
    passed: int
    points: int
    route_id: int
    stdev: float | None
    step: int
    test: str
    test_id: int
    unit: str
    upper_limit: float | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        count = self.count

        cpk: float | None
        cpk = self.cpk

        kind = self.kind

        lower_limit: float | None
        lower_limit = self.lower_limit

        max_ = self.max_

        mean = self.mean

        min_ = self.min_

        pass_rate = self.pass_rate

        passed = self.passed

        points = self.points

        route_id = self.route_id

        stdev: float | None
        stdev = self.stdev

        step = self.step

        test = self.test

        test_id = self.test_id

        unit = self.unit

        upper_limit: float | None
        upper_limit = self.upper_limit

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "count": count,
                "cpk": cpk,
                "kind": kind,
                "lower_limit": lower_limit,
                "max": max_,
                "mean": mean,
                "min": min_,
                "pass_rate": pass_rate,
                "passed": passed,
                "points": points,
                "route_id": route_id,
                "stdev": stdev,
                "step": step,
                "test": test,
                "test_id": test_id,
                "unit": unit,
                "upper_limit": upper_limit,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        count = d.pop("count")

        def _parse_cpk(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        cpk = _parse_cpk(d.pop("cpk"))

        kind = d.pop("kind")

        def _parse_lower_limit(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        lower_limit = _parse_lower_limit(d.pop("lower_limit"))

        max_ = d.pop("max")

        mean = d.pop("mean")

        min_ = d.pop("min")

        pass_rate = d.pop("pass_rate")

        passed = d.pop("passed")

        points = d.pop("points")

        route_id = d.pop("route_id")

        def _parse_stdev(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        stdev = _parse_stdev(d.pop("stdev"))

        step = d.pop("step")

        test = d.pop("test")

        test_id = d.pop("test_id")

        unit = d.pop("unit")

        def _parse_upper_limit(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        upper_limit = _parse_upper_limit(d.pop("upper_limit"))

        test_statistics = cls(
            count=count,
            cpk=cpk,
            kind=kind,
            lower_limit=lower_limit,
            max_=max_,
            mean=mean,
            min_=min_,
            pass_rate=pass_rate,
            passed=passed,
            points=points,
            route_id=route_id,
            stdev=stdev,
            step=step,
            test=test,
            test_id=test_id,
            unit=unit,
            upper_limit=upper_limit,
        )

        test_statistics.additional_properties = d
        return test_statistics

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
