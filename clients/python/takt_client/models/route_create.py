from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.step_in import StepIn


T = TypeVar("T", bound="RouteCreate")


@_attrs_define
class RouteCreate:
    """A route for a part; its steps become revision 1.

    Attributes:
        code (str): unique route code
        name (str): display name
        part_id (int): id of the part this route builds
        steps (list[StepIn]): the steps in order (1 to 200)
    """

    code: str
    name: str
    part_id: int
    steps: list[StepIn]

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        name = self.name

        part_id = self.part_id

        steps = []
        for steps_item_data in self.steps:
            steps_item = steps_item_data.to_dict()
            steps.append(steps_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "code": code,
                "name": name,
                "part_id": part_id,
                "steps": steps,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.step_in import StepIn  # noqa: PLC0415

        d = dict(src_dict)
        code = d.pop("code")

        name = d.pop("name")

        part_id = d.pop("part_id")

        steps = []
        _steps = d.pop("steps")
        for steps_item_data in _steps:
            steps_item = StepIn.from_dict(steps_item_data)

            steps.append(steps_item)

        route_create = cls(
            code=code,
            name=name,
            part_id=part_id,
            steps=steps,
        )

        return route_create
