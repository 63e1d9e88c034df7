from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="WorkstationCreate")


@_attrs_define
class WorkstationCreate:
    """A workstation (work center) on a line.

    Attributes:
        code (str): workstation code, unique within its line; used in MQTT topics
        line_id (int): id of the line the workstation belongs to
        name (str): display name
        auto_issue_type (None | str | Unset): an issue type code: a machine reporting `down` opens such an issue (stored
            as given; checked against issue types once they exist)
        ideal_cycle_s (float | None | Unset): the machine's planned run time per item in seconds (> 0), for OEE from
            machine counts
        silence_timeout_s (int | None | Unset): seconds (> 0) of silence after which the machine is recorded as `down`
            (reason category `unqualified`)
    """

    code: str
    line_id: int
    name: str
    auto_issue_type: None | str | Unset = UNSET
    ideal_cycle_s: float | None | Unset = UNSET
    silence_timeout_s: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        line_id = self.line_id

        name = self.name

        auto_issue_type: None | str | Unset
        if isinstance(self.auto_issue_type, Unset):
            auto_issue_type = UNSET
        else:
            auto_issue_type = self.auto_issue_type

        ideal_cycle_s: float | None | Unset
        if isinstance(self.ideal_cycle_s, Unset):
            ideal_cycle_s = UNSET
        else:
            ideal_cycle_s = self.ideal_cycle_s

        silence_timeout_s: int | None | Unset
        if isinstance(self.silence_timeout_s, Unset):
            silence_timeout_s = UNSET
        else:
            silence_timeout_s = self.silence_timeout_s

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "code": code,
                "line_id": line_id,
                "name": name,
            }
        )
        if auto_issue_type is not UNSET:
            field_dict["auto_issue_type"] = auto_issue_type
        if ideal_cycle_s is not UNSET:
            field_dict["ideal_cycle_s"] = ideal_cycle_s
        if silence_timeout_s is not UNSET:
            field_dict["silence_timeout_s"] = silence_timeout_s

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        line_id = d.pop("line_id")

        name = d.pop("name")

        def _parse_auto_issue_type(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        auto_issue_type = _parse_auto_issue_type(d.pop("auto_issue_type", UNSET))

        def _parse_ideal_cycle_s(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        ideal_cycle_s = _parse_ideal_cycle_s(d.pop("ideal_cycle_s", UNSET))

        def _parse_silence_timeout_s(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        silence_timeout_s = _parse_silence_timeout_s(d.pop("silence_timeout_s", UNSET))

        workstation_create = cls(
            code=code,
            line_id=line_id,
            name=name,
            auto_issue_type=auto_issue_type,
            ideal_cycle_s=ideal_cycle_s,
            silence_timeout_s=silence_timeout_s,
        )

        return workstation_create
