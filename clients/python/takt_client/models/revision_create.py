from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.step_in import StepIn


T = TypeVar("T", bound="RevisionCreate")


@_attrs_define
class RevisionCreate:
    """The complete step list of the next revision (earlier revisions never change).

    Attributes:
        steps (list[StepIn]): the steps in order (1 to 200)
    """

    steps: list[StepIn]

    def to_dict(self) -> dict[str, Any]:
        steps = []
        for steps_item_data in self.steps:
            steps_item = steps_item_data.to_dict()
            steps.append(steps_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "steps": steps,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.step_in import StepIn  # noqa: PLC0415

        d = dict(src_dict)
        steps = []
        _steps = d.pop("steps")
        for steps_item_data in _steps:
            steps_item = StepIn.from_dict(steps_item_data)

            steps.append(steps_item)

        revision_create = cls(
            steps=steps,
        )

        return revision_create
