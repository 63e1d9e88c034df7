from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.role import Role
from ..models.user_kind import UserKind

T = TypeVar("T", bound="UserOut")


@_attrs_define
class UserOut:
    """
    Attributes:
        active (bool): false once the account is deactivated
        created_at (datetime.datetime): when the user was created
        full_name (None | str): display name
        id (int): user id
        kind (UserKind):
        line_ids (list[int]): assigned lines, ascending
        role (Role):
        updated_at (datetime.datetime): when the user last changed
        username (str): login name
        workstation_id (int | None): bound workstation (workstation accounts)
    """

    active: bool
    created_at: datetime.datetime
    full_name: None | str
    id: int
    kind: UserKind
    line_ids: list[int]
    role: Role
    updated_at: datetime.datetime
    username: str
    workstation_id: int | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        active = self.active

        created_at = self.created_at.isoformat()

        full_name: None | str
        full_name = self.full_name

        id = self.id

        kind = self.kind.value

        line_ids = self.line_ids

        role = self.role.value

        updated_at = self.updated_at.isoformat()

        username = self.username

        workstation_id: int | None
        workstation_id = self.workstation_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "active": active,
                "created_at": created_at,
                "full_name": full_name,
                "id": id,
                "kind": kind,
                "line_ids": line_ids,
                "role": role,
                "updated_at": updated_at,
                "username": username,
                "workstation_id": workstation_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        active = d.pop("active")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_full_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        full_name = _parse_full_name(d.pop("full_name"))

        id = d.pop("id")

        kind = UserKind(d.pop("kind"))

        line_ids = cast(list[int], d.pop("line_ids"))

        role = Role(d.pop("role"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        username = d.pop("username")

        def _parse_workstation_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        workstation_id = _parse_workstation_id(d.pop("workstation_id"))

        user_out = cls(
            active=active,
            created_at=created_at,
            full_name=full_name,
            id=id,
            kind=kind,
            line_ids=line_ids,
            role=role,
            updated_at=updated_at,
            username=username,
            workstation_id=workstation_id,
        )

        user_out.additional_properties = d
        return user_out

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
