from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.role import Role
from ..models.user_kind import UserKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="UserCreate")


@_attrs_define
class UserCreate:
    """
    Attributes:
        password (str): password, 12 to 128 characters; not a common password nor the username (422 `weak_password`)
        role (Role):
        username (str): login name, 3 to 64 characters: letters, digits, '_', '.', '@', '-'
        full_name (None | str | Unset):
        kind (UserKind | Unset):
        line_ids (list[int] | Unset): lines the user is assigned to (operators execute units only there)
        workstation_id (int | None | Unset): workstation a workstation account is bound to (kind=workstation only)
    """

    password: str
    role: Role
    username: str
    full_name: None | str | Unset = UNSET
    kind: UserKind | Unset = UNSET
    line_ids: list[int] | Unset = UNSET
    workstation_id: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        password = self.password

        role = self.role.value

        username = self.username

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

        workstation_id: int | None | Unset
        if isinstance(self.workstation_id, Unset):
            workstation_id = UNSET
        else:
            workstation_id = self.workstation_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "password": password,
                "role": role,
                "username": username,
            }
        )
        if full_name is not UNSET:
            field_dict["full_name"] = full_name
        if kind is not UNSET:
            field_dict["kind"] = kind
        if line_ids is not UNSET:
            field_dict["line_ids"] = line_ids
        if workstation_id is not UNSET:
            field_dict["workstation_id"] = workstation_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        password = d.pop("password")

        role = Role(d.pop("role"))

        username = d.pop("username")

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

        def _parse_workstation_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        workstation_id = _parse_workstation_id(d.pop("workstation_id", UNSET))

        user_create = cls(
            password=password,
            role=role,
            username=username,
            full_name=full_name,
            kind=kind,
            line_ids=line_ids,
            workstation_id=workstation_id,
        )

        return user_create
