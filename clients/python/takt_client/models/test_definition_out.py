from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.value_kind import ValueKind

T = TypeVar("T", bound="TestDefinitionOut")


@_attrs_define
class TestDefinitionOut:
    """
    Attributes:
        created_at (datetime.datetime): when the test was defined
        id (int): test definition id
        kind (ValueKind): What a test measures: one number, or a series of points (a curve, a profile).
        lower_limit (float | None): lowest passing value (inclusive); null: open
        name (str): test name, unique within its route
        required (bool): a gate at this step needs this test to pass
        route_id (int): id of the route
        step (int): route step (`seq`) where the test is done
        unit (str): unit of measure
        updated_at (datetime.datetime): when the definition last changed
        upper_limit (float | None): highest passing value (inclusive); null: open
    """

    created_at: datetime.datetime
    id: int
    kind: ValueKind
    lower_limit: float | None
    name: str
    required: bool
    route_id: int
    step: int
    unit: str
    updated_at: datetime.datetime
    upper_limit: float | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        id = self.id

        kind = self.kind.value

        lower_limit: float | None
        lower_limit = self.lower_limit

        name = self.name

        required = self.required

        route_id = self.route_id

        step = self.step

        unit = self.unit

        updated_at = self.updated_at.isoformat()

        upper_limit: float | None
        upper_limit = self.upper_limit

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "id": id,
                "kind": kind,
                "lower_limit": lower_limit,
                "name": name,
                "required": required,
                "route_id": route_id,
                "step": step,
                "unit": unit,
                "updated_at": updated_at,
                "upper_limit": upper_limit,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = d.pop("id")

        kind = ValueKind(d.pop("kind"))

        def _parse_lower_limit(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        lower_limit = _parse_lower_limit(d.pop("lower_limit"))

        name = d.pop("name")

        required = d.pop("required")

        route_id = d.pop("route_id")

        step = d.pop("step")

        unit = d.pop("unit")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        def _parse_upper_limit(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        upper_limit = _parse_upper_limit(d.pop("upper_limit"))

        test_definition_out = cls(
            created_at=created_at,
            id=id,
            kind=kind,
            lower_limit=lower_limit,
            name=name,
            required=required,
            route_id=route_id,
            step=step,
            unit=unit,
            updated_at=updated_at,
            upper_limit=upper_limit,
        )

        test_definition_out.additional_properties = d
        return test_definition_out

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
