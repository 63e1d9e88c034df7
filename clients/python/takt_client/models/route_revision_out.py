from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.step_out import StepOut


T = TypeVar("T", bound="RouteRevisionOut")


@_attrs_define
class RouteRevisionOut:
    """One immutable revision of a route.

    Attributes:
        created_at (datetime.datetime): when the revision was created
        created_by (str): who created it (`user:<name>` or `api_key:<name>`)
        revision (int): revision number (1, 2, …)
        route_id (int): id of the route
        steps (list[StepOut]): the revision's steps, by `seq`
    """

    created_at: datetime.datetime
    created_by: str
    revision: int
    route_id: int
    steps: list[StepOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        created_by = self.created_by

        revision = self.revision

        route_id = self.route_id

        steps = []
        for steps_item_data in self.steps:
            steps_item = steps_item_data.to_dict()
            steps.append(steps_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "created_by": created_by,
                "revision": revision,
                "route_id": route_id,
                "steps": steps,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.step_out import StepOut  # noqa: PLC0415

        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        created_by = d.pop("created_by")

        revision = d.pop("revision")

        route_id = d.pop("route_id")

        steps = []
        _steps = d.pop("steps")
        for steps_item_data in _steps:
            steps_item = StepOut.from_dict(steps_item_data)

            steps.append(steps_item)

        route_revision_out = cls(
            created_at=created_at,
            created_by=created_by,
            revision=revision,
            route_id=route_id,
            steps=steps,
        )

        route_revision_out.additional_properties = d
        return route_revision_out

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
