from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.machine_state_name import MachineStateName

T = TypeVar("T", bound="MachineStateOut")


@_attrs_define
class MachineStateOut:
    """
    Attributes:
        actor (str): the source: `mqtt:<topic>` or `mapping:<id>`
        ended_at (datetime.datetime | None): end of the interval (null: current state)
        id (int): interval id
        reason (None | str): free-text reason the machine gave, if any
        reason_code (None | str): that downtime reason's code
        reason_id (int | None): the configured downtime reason, if named
        seconds (float): length of the interval (until now while current)
        started_at (datetime.datetime): start of the interval
        state (MachineStateName):
        workstation_id (int): workstation
    """

    actor: str
    ended_at: datetime.datetime | None
    id: int
    reason: None | str
    reason_code: None | str
    reason_id: int | None
    seconds: float
    started_at: datetime.datetime
    state: MachineStateName
    workstation_id: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        actor = self.actor

        ended_at: None | str
        if isinstance(self.ended_at, datetime.datetime):
            ended_at = self.ended_at.isoformat()
        else:
            ended_at = self.ended_at

        id = self.id

        reason: None | str
        reason = self.reason

        reason_code: None | str
        reason_code = self.reason_code

        reason_id: int | None
        reason_id = self.reason_id

        seconds = self.seconds

        started_at = self.started_at.isoformat()

        state = self.state.value

        workstation_id = self.workstation_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "actor": actor,
                "ended_at": ended_at,
                "id": id,
                "reason": reason,
                "reason_code": reason_code,
                "reason_id": reason_id,
                "seconds": seconds,
                "started_at": started_at,
                "state": state,
                "workstation_id": workstation_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        actor = d.pop("actor")

        def _parse_ended_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ended_at_type_0 = datetime.datetime.fromisoformat(data)

                return ended_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        ended_at = _parse_ended_at(d.pop("ended_at"))

        id = d.pop("id")

        def _parse_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reason = _parse_reason(d.pop("reason"))

        def _parse_reason_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reason_code = _parse_reason_code(d.pop("reason_code"))

        def _parse_reason_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        reason_id = _parse_reason_id(d.pop("reason_id"))

        seconds = d.pop("seconds")

        started_at = datetime.datetime.fromisoformat(d.pop("started_at"))

        state = MachineStateName(d.pop("state"))

        workstation_id = d.pop("workstation_id")

        machine_state_out = cls(
            actor=actor,
            ended_at=ended_at,
            id=id,
            reason=reason,
            reason_code=reason_code,
            reason_id=reason_id,
            seconds=seconds,
            started_at=started_at,
            state=state,
            workstation_id=workstation_id,
        )

        machine_state_out.additional_properties = d
        return machine_state_out

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
