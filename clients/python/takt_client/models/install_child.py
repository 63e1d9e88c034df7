from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="InstallChild")


@_attrs_define
class InstallChild:
    """Install a completed unit into this (parent) unit at the parent's current step.

    Attributes:
        child_serial (str): serial of the sub-assembly to install
    """

    child_serial: str

    def to_dict(self) -> dict[str, Any]:
        child_serial = self.child_serial

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "child_serial": child_serial,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        child_serial = d.pop("child_serial")

        install_child = cls(
            child_serial=child_serial,
        )

        return install_child
