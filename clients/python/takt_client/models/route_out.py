from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.step_out import StepOut


T = TypeVar("T", bound="RouteOut")


@_attrs_define
class RouteOut:
    """A route at its current revision.

    Attributes:
        code (str): unique route code
        created_at (datetime.datetime): when the route was created
        id (int): route id
        name (str): display name
        part_id (int): id of the part this route builds
        revision (int): the current revision (1, 2, …); new orders pin it
        steps (list[StepOut]): the current revision's steps, by `seq`
        updated_at (datetime.datetime): when the route or its current revision changed
    """

    code: str
    created_at: datetime.datetime
    id: int
    name: str
    part_id: int
    revision: int
    steps: list[StepOut]
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        created_at = self.created_at.isoformat()

        id = self.id

        name = self.name

        part_id = self.part_id

        revision = self.revision

        steps = []
        for steps_item_data in self.steps:
            steps_item = steps_item_data.to_dict()
            steps.append(steps_item)

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "created_at": created_at,
                "id": id,
                "name": name,
                "part_id": part_id,
                "revision": revision,
                "steps": steps,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.step_out import StepOut  # noqa: PLC0415

        d = dict(src_dict)
        code = d.pop("code")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = d.pop("id")

        name = d.pop("name")

        part_id = d.pop("part_id")

        revision = d.pop("revision")

        steps = []
        _steps = d.pop("steps")
        for steps_item_data in _steps:
            steps_item = StepOut.from_dict(steps_item_data)

            steps.append(steps_item)

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        route_out = cls(
            code=code,
            created_at=created_at,
            id=id,
            name=name,
            part_id=part_id,
            revision=revision,
            steps=steps,
            updated_at=updated_at,
        )

        route_out.additional_properties = d
        return route_out

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
