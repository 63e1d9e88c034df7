from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Confirmation")


@_attrs_define
class Confirmation:
    """
    Attributes:
        expires_in (int): seconds until the token expires
        summary (str): what confirming will do, in a sentence
        token (str): single-use token for `POST /assistant/confirm`, bound to the caller and to this exact action; it
            expires (TAKT_ASSISTANT_CONFIRM_SECONDS)
    """

    expires_in: int
    summary: str
    token: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        expires_in = self.expires_in

        summary = self.summary

        token = self.token

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "expires_in": expires_in,
                "summary": summary,
                "token": token,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        expires_in = d.pop("expires_in")

        summary = d.pop("summary")

        token = d.pop("token")

        confirmation = cls(
            expires_in=expires_in,
            summary=summary,
            token=token,
        )

        confirmation.additional_properties = d
        return confirmation

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
