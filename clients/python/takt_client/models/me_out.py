from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.role import Role
from ..models.user_kind import UserKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="MeOut")


@_attrs_define
class MeOut:
    """
    Attributes:
        id (int): user id (API key id for an API key)
        kind (Literal['api_key'] | UserKind): `person` or `workstation` for users, `api_key` for API keys
        line_ids (list[int]): lines the user is assigned to
        role (None | Role): role; null for an API key
        username (str): username (key name for an API key)
        scopes (list[str] | Unset): an API key's scopes
        workstation_id (int | None | Unset): workstation a workstation account is bound to
    """

    id: int
    kind: Literal["api_key"] | UserKind
    line_ids: list[int]
    role: None | Role
    username: str
    scopes: list[str] | Unset = UNSET
    workstation_id: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        kind: Literal["api_key"] | str
        if isinstance(self.kind, UserKind):
            kind = self.kind.value
        else:
            kind = self.kind

        line_ids = self.line_ids

        role: None | str
        if isinstance(self.role, Role):
            role = self.role.value
        else:
            role = self.role

        username = self.username

        scopes: list[str] | Unset = UNSET
        if not isinstance(self.scopes, Unset):
            scopes = self.scopes

        workstation_id: int | None | Unset
        if isinstance(self.workstation_id, Unset):
            workstation_id = UNSET
        else:
            workstation_id = self.workstation_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "kind": kind,
                "line_ids": line_ids,
                "role": role,
                "username": username,
            }
        )
        if scopes is not UNSET:
            field_dict["scopes"] = scopes
        if workstation_id is not UNSET:
            field_dict["workstation_id"] = workstation_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        def _parse_kind(data: object) -> Literal["api_key"] | UserKind:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                kind_type_0 = UserKind(data)

                return kind_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            kind_type_1 = cast(Literal["api_key"], data)
            if kind_type_1 != "api_key":
                raise ValueError(f"kind_type_1 must match const 'api_key', got '{kind_type_1}'")
            return kind_type_1

        kind = _parse_kind(d.pop("kind"))

        line_ids = cast(list[int], d.pop("line_ids"))

        def _parse_role(data: object) -> None | Role:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                role_type_0 = Role(data)

                return role_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Role, data)

        role = _parse_role(d.pop("role"))

        username = d.pop("username")

        scopes = cast(list[str], d.pop("scopes", UNSET))

        def _parse_workstation_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        workstation_id = _parse_workstation_id(d.pop("workstation_id", UNSET))

        me_out = cls(
            id=id,
            kind=kind,
            line_ids=line_ids,
            role=role,
            username=username,
            scopes=scopes,
            workstation_id=workstation_id,
        )

        me_out.additional_properties = d
        return me_out

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
