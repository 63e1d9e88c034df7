from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.value_kind import ValueKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="TestDefinitionCreate")


@_attrs_define
class TestDefinitionCreate:
    """A test performed at one step of a route. Limits are inclusive; one may be open.

    Attributes:
        name (str): test name, unique within its route
        route_id (int): id of the route the test belongs to
        step (int): the route step (`seq`, 1-based) where the test is done
        unit (str): unit of measure
        kind (ValueKind | Unset): What a test measures: one number, or a series of points (a curve, a profile).
        lower_limit (float | None | Unset): lowest passing value (inclusive)
        required (bool | None | Unset): a gate at this step refuses `pass` until this test has passed. Only a gate
            enforces it: `true` is refused (422) where the step is not a gate in the route's current revision. Default:
            whether the step is a gate
        upper_limit (float | None | Unset): highest passing value (inclusive)
    """

    name: str
    route_id: int
    step: int
    unit: str
    kind: ValueKind | Unset = UNSET
    lower_limit: float | None | Unset = UNSET
    required: bool | None | Unset = UNSET
    upper_limit: float | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        route_id = self.route_id

        step = self.step

        unit = self.unit

        kind: str | Unset = UNSET
        if not isinstance(self.kind, Unset):
            kind = self.kind.value

        lower_limit: float | None | Unset
        if isinstance(self.lower_limit, Unset):
            lower_limit = UNSET
        else:
            lower_limit = self.lower_limit

        required: bool | None | Unset
        if isinstance(self.required, Unset):
            required = UNSET
        else:
            required = self.required

        upper_limit: float | None | Unset
        if isinstance(self.upper_limit, Unset):
            upper_limit = UNSET
        else:
            upper_limit = self.upper_limit

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "route_id": route_id,
                "step": step,
                "unit": unit,
            }
        )
        if kind is not UNSET:
            field_dict["kind"] = kind
        if lower_limit is not UNSET:
            field_dict["lower_limit"] = lower_limit
        if required is not UNSET:
            field_dict["required"] = required
        if upper_limit is not UNSET:
            field_dict["upper_limit"] = upper_limit

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        route_id = d.pop("route_id")

        step = d.pop("step")

        unit = d.pop("unit")

        _kind = d.pop("kind", UNSET)
        kind: ValueKind | Unset
        if isinstance(_kind, Unset):
            kind = UNSET
        else:
            kind = ValueKind(_kind)

        def _parse_lower_limit(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        lower_limit = _parse_lower_limit(d.pop("lower_limit", UNSET))

        def _parse_required(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        required = _parse_required(d.pop("required", UNSET))

        def _parse_upper_limit(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        upper_limit = _parse_upper_limit(d.pop("upper_limit", UNSET))

        test_definition_create = cls(
            name=name,
            route_id=route_id,
            step=step,
            unit=unit,
            kind=kind,
            lower_limit=lower_limit,
            required=required,
            upper_limit=upper_limit,
        )

        return test_definition_create
