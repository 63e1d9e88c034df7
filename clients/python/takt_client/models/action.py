from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.action_arguments import ActionArguments
    from ..models.action_result import ActionResult


T = TypeVar("T", bound="Action")


@_attrs_define
class Action:
    """
    Attributes:
        arguments (ActionArguments): its arguments, as resolved
        result (ActionResult): what the tool returned (the same body as the REST endpoint it stands for), or `{"error":
            {"status", "code", "detail"}}` when it was refused, or `{"confirmation_required": true}` while it awaits
            confirmation
        tool (str): the tool that ran (or was refused, or awaits confirmation)
    """

    arguments: ActionArguments
    result: ActionResult
    tool: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        arguments = self.arguments.to_dict()

        result = self.result.to_dict()

        tool = self.tool

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "arguments": arguments,
                "result": result,
                "tool": tool,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.action_arguments import ActionArguments  # noqa: PLC0415
        from ..models.action_result import ActionResult  # noqa: PLC0415

        d = dict(src_dict)
        arguments = ActionArguments.from_dict(d.pop("arguments"))

        result = ActionResult.from_dict(d.pop("result"))

        tool = d.pop("tool")

        action = cls(
            arguments=arguments,
            result=result,
            tool=tool,
        )

        action.additional_properties = d
        return action

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
