from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.role import Role
from ..models.user_kind import UserKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="UserUpdate")


@_attrs_define
class UserUpdate:
    """
    Attributes:
        active (bool | Unset): false deactivates the account: it can no longer log in or act
        full_name (None | str | Unset): new display name; null clears it
        kind (UserKind | Unset):
        line_ids (list[int] | Unset): the complete new set of assigned lines
        password (str | Unset): new password
        role (Role | Unset):
        workstation_id (int | None | Unset): new bound workstation (kind=workstation only); null unbinds
    """

    active: bool | Unset = UNSET
    full_name: None | str | Unset = UNSET
    kind: UserKind | Unset = UNSET
    line_ids: list[int] | Unset = UNSET
    password: str | Unset = UNSET
    role: Role | Unset = UNSET
    workstation_id: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        active = self.active

        full_name: None | str | Unset
        if isinstance(self.full_name, Unset):
            full_name = UNSET
        else:
            full_name = self.full_name

        kind: str | Unset = UNSET
        if not isinstance(self.kind, Unset):
            kind = self.kind.value

        line_ids: list[int] | Unset = UNSET
        if not isinstance(self.line_ids, Unset):
            line_ids = self.line_ids

        password = self.password

        role: str | Unset = UNSET
        if not isinstance(self.role, Unset):
            role = self.role.value

        workstation_id: int | None | Unset
        if isinstance(self.workstation_id, Unset):
            workstation_id = UNSET
        else:
            workstation_id = self.workstation_id

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if active is not UNSET:
            field_dict["active"] = active
        if full_name is not UNSET:
            field_dict["full_name"] = full_name
        if kind is not UNSET:
            field_dict["kind"] = kind
        if line_ids is not UNSET:
            field_dict["line_ids"] = line_ids
        if password is not UNSET:
            field_dict["password"] = password
        if role is not UNSET:
            field_dict["role"] = role
        if workstation_id is not UNSET:
            field_dict["workstation_id"] = workstation_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        active = d.pop("active", UNSET)

        def _parse_full_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        full_name = _parse_full_name(d.pop("full_name", UNSET))

        _kind = d.pop("kind", UNSET)
        kind: UserKind | Unset
        if isinstance(_kind, Unset):
            kind = UNSET
        else:
            kind = UserKind(_kind)

        line_ids = cast(list[int], d.pop("line_ids", UNSET))

        password = d.pop("password", UNSET)

        _role = d.pop("role", UNSET)
        role: Role | Unset
        if isinstance(_role, Unset):
            role = UNSET
        else:
            role = Role(_role)

        def _parse_workstation_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        workstation_id = _parse_workstation_id(d.pop("workstation_id", UNSET))

        user_update = cls(
            active=active,
            full_name=full_name,
            kind=kind,
            line_ids=line_ids,
            password=password,
            role=role,
            workstation_id=workstation_id,
        )

        return user_update
