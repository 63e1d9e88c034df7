from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="WorkstationOut")


@_attrs_define
class WorkstationOut:
    """
    Attributes:
        auto_issue_type (None | str): an issue type code: a machine reporting `down` opens such an issue (stored as
            given; checked against issue types once they exist)
        code (str): workstation code, unique within its line
        created_at (datetime.datetime): when the workstation was created
        id (int): workstation id
        ideal_cycle_s (float | None): the machine's planned run time per item in seconds (> 0), for OEE from machine
            counts
        line_id (int): id of the line the workstation belongs to
        name (str): display name
        silence_timeout_s (int | None): seconds (> 0) of silence after which the machine is recorded as `down` (reason
            category `unqualified`)
        updated_at (datetime.datetime): when the workstation last changed
    """

    auto_issue_type: None | str
    code: str
    created_at: datetime.datetime
    id: int
    ideal_cycle_s: float | None
    line_id: int
    name: str
    silence_timeout_s: int | None
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        auto_issue_type: None | str
        auto_issue_type = self.auto_issue_type

        code = self.code

        created_at = self.created_at.isoformat()

        id = self.id

        ideal_cycle_s: float | None
        ideal_cycle_s = self.ideal_cycle_s

        line_id = self.line_id

        name = self.name

        silence_timeout_s: int | None
        silence_timeout_s = self.silence_timeout_s

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "auto_issue_type": auto_issue_type,
                "code": code,
                "created_at": created_at,
                "id": id,
                "ideal_cycle_s": ideal_cycle_s,
                "line_id": line_id,
                "name": name,
                "silence_timeout_s": silence_timeout_s,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_auto_issue_type(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        auto_issue_type = _parse_auto_issue_type(d.pop("auto_issue_type"))

        code = d.pop("code")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = d.pop("id")

        def _parse_ideal_cycle_s(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        ideal_cycle_s = _parse_ideal_cycle_s(d.pop("ideal_cycle_s"))

        line_id = d.pop("line_id")

        name = d.pop("name")

        def _parse_silence_timeout_s(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        silence_timeout_s = _parse_silence_timeout_s(d.pop("silence_timeout_s"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        workstation_out = cls(
            auto_issue_type=auto_issue_type,
            code=code,
            created_at=created_at,
            id=id,
            ideal_cycle_s=ideal_cycle_s,
            line_id=line_id,
            name=name,
            silence_timeout_s=silence_timeout_s,
            updated_at=updated_at,
        )

        workstation_out.additional_properties = d
        return workstation_out

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
