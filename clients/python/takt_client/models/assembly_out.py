from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AssemblyOut")


@_attrs_define
class AssemblyOut:
    """A child unit installed into a parent unit; `removed_at` set once it was taken out.

    Attributes:
        child (str): the child unit's serial
        child_part (str): the child's part number
        id (int): assembly record id
        installed_at (datetime.datetime): when it was installed
        installed_by (str): who installed it
        parent (str): the parent unit's serial
        removed_at (datetime.datetime | None): when it was removed (null: installed)
        removed_by (None | str): who removed it
        removed_reason (None | str): why it was removed
        step (int): the parent's route step `seq` it was installed at
    """

    child: str
    child_part: str
    id: int
    installed_at: datetime.datetime
    installed_by: str
    parent: str
    removed_at: datetime.datetime | None
    removed_by: None | str
    removed_reason: None | str
    step: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        child = self.child

        child_part = self.child_part

        id = self.id

        installed_at = self.installed_at.isoformat()

        installed_by = self.installed_by

        parent = self.parent

        removed_at: None | str
        if isinstance(self.removed_at, datetime.datetime):
            removed_at = self.removed_at.isoformat()
        else:
            removed_at = self.removed_at

        removed_by: None | str
        removed_by = self.removed_by

        removed_reason: None | str
        removed_reason = self.removed_reason

        step = self.step

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "child": child,
                "child_part": child_part,
                "id": id,
                "installed_at": installed_at,
                "installed_by": installed_by,
                "parent": parent,
                "removed_at": removed_at,
                "removed_by": removed_by,
                "removed_reason": removed_reason,
                "step": step,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        child = d.pop("child")

        child_part = d.pop("child_part")

        id = d.pop("id")

        installed_at = datetime.datetime.fromisoformat(d.pop("installed_at"))

        installed_by = d.pop("installed_by")

        parent = d.pop("parent")

        def _parse_removed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                removed_at_type_0 = datetime.datetime.fromisoformat(data)

                return removed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        removed_at = _parse_removed_at(d.pop("removed_at"))

        def _parse_removed_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        removed_by = _parse_removed_by(d.pop("removed_by"))

        def _parse_removed_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        removed_reason = _parse_removed_reason(d.pop("removed_reason"))

        step = d.pop("step")

        assembly_out = cls(
            child=child,
            child_part=child_part,
            id=id,
            installed_at=installed_at,
            installed_by=installed_by,
            parent=parent,
            removed_at=removed_at,
            removed_by=removed_by,
            removed_reason=removed_reason,
            step=step,
        )

        assembly_out.additional_properties = d
        return assembly_out

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
