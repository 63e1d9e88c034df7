from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="TestDefinitionUpdate")


@_attrs_define
class TestDefinitionUpdate:
    """Change a test's name, unit, limits or whether it is required. Its route, step and kind
    stay: measurements keep meaning what they meant (they store the limits they were judged
    against).

        Attributes:
            lower_limit (float | None | Unset): lowest passing value (null: open)
            name (str | Unset): new name, unique within the route
            required (bool | Unset): whether a gate at this step needs this test to pass; `true` is refused (422) where the
                step is not a gate in the route's current revision
            unit (str | Unset): new unit of measure
            upper_limit (float | None | Unset): highest passing value (null: open)
    """

    lower_limit: float | None | Unset = UNSET
    name: str | Unset = UNSET
    required: bool | Unset = UNSET
    unit: str | Unset = UNSET
    upper_limit: float | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        lower_limit: float | None | Unset
        if isinstance(self.lower_limit, Unset):
            lower_limit = UNSET
        else:
            lower_limit = self.lower_limit

        name = self.name

        required = self.required

        unit = self.unit

        upper_limit: float | None | Unset
        if isinstance(self.upper_limit, Unset):
            upper_limit = UNSET
        else:
            upper_limit = self.upper_limit

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if lower_limit is not UNSET:
            field_dict["lower_limit"] = lower_limit
        if name is not UNSET:
            field_dict["name"] = name
        if required is not UNSET:
            field_dict["required"] = required
        if unit is not UNSET:
            field_dict["unit"] = unit
        if upper_limit is not UNSET:
            field_dict["upper_limit"] = upper_limit

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_lower_limit(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        lower_limit = _parse_lower_limit(d.pop("lower_limit", UNSET))

        name = d.pop("name", UNSET)

        required = d.pop("required", UNSET)

        unit = d.pop("unit", UNSET)

        def _parse_upper_limit(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        upper_limit = _parse_upper_limit(d.pop("upper_limit", UNSET))

        test_definition_update = cls(
            lower_limit=lower_limit,
            name=name,
            required=required,
            unit=unit,
            upper_limit=upper_limit,
        )

        return test_definition_update
