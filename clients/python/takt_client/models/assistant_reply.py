from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.assistant_reply_status import AssistantReplyStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.action import Action
    from ..models.confirmation import Confirmation


T = TypeVar("T", bound="AssistantReply")


@_attrs_define
class AssistantReply:
    """
    Attributes:
        actions (list[Action]): the tool calls made (none for a question back)
        reply (str): the answer in a short sentence
        status (AssistantReplyStatus): `done`, `confirm` (awaits confirmation), `refused` (the command was refused:
            permissions, state, unknown reference), `asked` (something is missing or ambiguous: the reply asks),
            `not_understood` (with `suggestions`)
        confirm (Confirmation | None | Unset): present when a destructive action awaits confirmation
        suggestions (list[str] | Unset): known sentences closest to what was said
    """

    actions: list[Action]
    reply: str
    status: AssistantReplyStatus
    confirm: Confirmation | None | Unset = UNSET
    suggestions: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.confirmation import Confirmation  # noqa: PLC0415

        actions = []
        for actions_item_data in self.actions:
            actions_item = actions_item_data.to_dict()
            actions.append(actions_item)

        reply = self.reply

        status = self.status.value

        confirm: dict[str, Any] | None | Unset
        if isinstance(self.confirm, Unset):
            confirm = UNSET
        elif isinstance(self.confirm, Confirmation):
            confirm = self.confirm.to_dict()
        else:
            confirm = self.confirm

        suggestions: list[str] | Unset = UNSET
        if not isinstance(self.suggestions, Unset):
            suggestions = self.suggestions

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "actions": actions,
                "reply": reply,
                "status": status,
            }
        )
        if confirm is not UNSET:
            field_dict["confirm"] = confirm
        if suggestions is not UNSET:
            field_dict["suggestions"] = suggestions

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.action import Action  # noqa: PLC0415
        from ..models.confirmation import Confirmation  # noqa: PLC0415

        d = dict(src_dict)
        actions = []
        _actions = d.pop("actions")
        for actions_item_data in _actions:
            actions_item = Action.from_dict(actions_item_data)

            actions.append(actions_item)

        reply = d.pop("reply")

        status = AssistantReplyStatus(d.pop("status"))

        def _parse_confirm(data: object) -> Confirmation | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                confirm_type_0 = Confirmation.from_dict(data)

                return confirm_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Confirmation | None | Unset, data)

        confirm = _parse_confirm(d.pop("confirm", UNSET))

        suggestions = cast(list[str], d.pop("suggestions", UNSET))

        assistant_reply = cls(
            actions=actions,
            reply=reply,
            status=status,
            confirm=confirm,
            suggestions=suggestions,
        )

        assistant_reply.additional_properties = d
        return assistant_reply

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
