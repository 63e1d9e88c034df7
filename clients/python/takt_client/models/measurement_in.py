from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.measurement_source import MeasurementSource
from ..types import UNSET, Unset

T = TypeVar("T", bound="MeasurementIn")


@_attrs_define
class MeasurementIn:
    """A measured value (scalar test) or series of values (vector test) for one test.

    Attributes:
        test (int | str): test definition id, or its name on the unit's route
        at (datetime.datetime | None | Unset): when it was measured (default: now); not in the future
        source (MeasurementSource | None | Unset): `operator`, `machine` or `import`; default `operator` for users and
            `machine` for API keys
        value (float | None | Unset): the value, for a scalar test
        values (list[float] | None | Unset): the values, for a vector test (1 to 10000)
    """

    test: int | str
    at: datetime.datetime | None | Unset = UNSET
    source: MeasurementSource | None | Unset = UNSET
    value: float | None | Unset = UNSET
    values: list[float] | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        test: int | str
        test = self.test

        at: None | str | Unset
        if isinstance(self.at, Unset):
            at = UNSET
        elif isinstance(self.at, datetime.datetime):
            at = self.at.isoformat()
        else:
            at = self.at

        source: None | str | Unset
        if isinstance(self.source, Unset):
            source = UNSET
        elif isinstance(self.source, MeasurementSource):
            source = self.source.value
        else:
            source = self.source

        value: float | None | Unset
        if isinstance(self.value, Unset):
            value = UNSET
        else:
            value = self.value

        values: list[float] | None | Unset
        if isinstance(self.values, Unset):
            values = UNSET
        elif isinstance(self.values, list):
            values = self.values

        else:
            values = self.values

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "test": test,
            }
        )
        if at is not UNSET:
            field_dict["at"] = at
        if source is not UNSET:
            field_dict["source"] = source
        if value is not UNSET:
            field_dict["value"] = value
        if values is not UNSET:
            field_dict["values"] = values

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_test(data: object) -> int | str:
            return cast(int | str, data)

        test = _parse_test(d.pop("test"))

        def _parse_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                at_type_0 = datetime.datetime.fromisoformat(data)

                return at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        at = _parse_at(d.pop("at", UNSET))

        def _parse_source(data: object) -> MeasurementSource | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                source_type_0 = MeasurementSource(data)

                return source_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MeasurementSource | None | Unset, data)

        source = _parse_source(d.pop("source", UNSET))

        def _parse_value(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        value = _parse_value(d.pop("value", UNSET))

        def _parse_values(data: object) -> list[float] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                values_type_0 = cast(list[float], data)

                return values_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[float] | None | Unset, data)

        values = _parse_values(d.pop("values", UNSET))

        measurement_in = cls(
            test=test,
            at=at,
            source=source,
            value=value,
            values=values,
        )

        return measurement_in
