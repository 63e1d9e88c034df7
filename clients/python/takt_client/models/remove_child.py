from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="RemoveChild")


@_attrs_define
class RemoveChild:
    """Take an installed sub-assembly out of this (parent) unit.

    Attributes:
        child_serial (str): serial of the installed sub-assembly
        reason (str): why it is removed (kept in both units' histories and the audit log)
    """

    child_serial: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        child_serial = self.child_serial

        reason = self.reason

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "child_serial": child_serial,
                "reason": reason,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        child_serial = d.pop("child_serial")

        reason = d.pop("reason")

        remove_child = cls(
            child_serial=child_serial,
            reason=reason,
        )

        return remove_child
