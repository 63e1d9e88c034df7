from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.dead_letter_out import DeadLetterOut
    from ..models.replay_out_result import ReplayOutResult


T = TypeVar("T", bound="ReplayOut")


@_attrs_define
class ReplayOut:
    """
    Attributes:
        dead_letter (DeadLetterOut):
        result (ReplayOutResult): what applying the message did
    """

    dead_letter: DeadLetterOut
    result: ReplayOutResult
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        dead_letter = self.dead_letter.to_dict()

        result = self.result.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "dead_letter": dead_letter,
                "result": result,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.dead_letter_out import DeadLetterOut  # noqa: PLC0415
        from ..models.replay_out_result import ReplayOutResult  # noqa: PLC0415

        d = dict(src_dict)
        dead_letter = DeadLetterOut.from_dict(d.pop("dead_letter"))

        result = ReplayOutResult.from_dict(d.pop("result"))

        replay_out = cls(
            dead_letter=dead_letter,
            result=result,
        )

        replay_out.additional_properties = d
        return replay_out

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
