from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="StepVisit")


@_attrs_define
class StepVisit:
    """
    Attributes:
        entered_at (datetime.datetime): when the unit entered the step
        left_at (datetime.datetime | None): when it left (null: still there)
        left_by (None | str): who finished the step (moved, passed, reworked, scrapped it)
        outcome (None | str): how the unit left: the event type
        seconds (float | None): time at the step
        step (int): route step seq
        workstation (None | str): workstation code
    """

    entered_at: datetime.datetime
    left_at: datetime.datetime | None
    left_by: None | str
    outcome: None | str
    seconds: float | None
    step: int
    workstation: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        entered_at = self.entered_at.isoformat()

        left_at: None | str
        if isinstance(self.left_at, datetime.datetime):
            left_at = self.left_at.isoformat()
        else:
            left_at = self.left_at

        left_by: None | str
        left_by = self.left_by

        outcome: None | str
        outcome = self.outcome

        seconds: float | None
        seconds = self.seconds

        step = self.step

        workstation: None | str
        workstation = self.workstation

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "entered_at": entered_at,
                "left_at": left_at,
                "left_by": left_by,
                "outcome": outcome,
                "seconds": seconds,
                "step": step,
                "workstation": workstation,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        entered_at = datetime.datetime.fromisoformat(d.pop("entered_at"))

        def _parse_left_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                left_at_type_0 = datetime.datetime.fromisoformat(data)

                return left_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        left_at = _parse_left_at(d.pop("left_at"))

        def _parse_left_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        left_by = _parse_left_by(d.pop("left_by"))

        def _parse_outcome(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        outcome = _parse_outcome(d.pop("outcome"))

        def _parse_seconds(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        seconds = _parse_seconds(d.pop("seconds"))

        step = d.pop("step")

        def _parse_workstation(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        workstation = _parse_workstation(d.pop("workstation"))

        step_visit = cls(
            entered_at=entered_at,
            left_at=left_at,
            left_by=left_by,
            outcome=outcome,
            seconds=seconds,
            step=step,
            workstation=workstation,
        )

        step_visit.additional_properties = d
        return step_visit

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
