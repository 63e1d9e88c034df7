from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.workstation_wip import WorkstationWip


T = TypeVar("T", bound="WipSnapshot")


@_attrs_define
class WipSnapshot:
    """
    Attributes:
        completed (int): completed units (units only)
        in_progress (int): in-progress units at step 1 or later (units only: batch quantities are in the workstations'
            `count`)
        not_started (int): in-progress units at step 0 (units only: no batches)
        scrapped (int): scrapped units (units only)
        seq (int): sequence number of the last WIP event this snapshot includes
        workstations (list[WorkstationWip]): every workstation (of the line)
    """

    completed: int
    in_progress: int
    not_started: int
    scrapped: int
    seq: int
    workstations: list[WorkstationWip]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        completed = self.completed

        in_progress = self.in_progress

        not_started = self.not_started

        scrapped = self.scrapped

        seq = self.seq

        workstations = []
        for workstations_item_data in self.workstations:
            workstations_item = workstations_item_data.to_dict()
            workstations.append(workstations_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "completed": completed,
                "in_progress": in_progress,
                "not_started": not_started,
                "scrapped": scrapped,
                "seq": seq,
                "workstations": workstations,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.workstation_wip import WorkstationWip  # noqa: PLC0415

        d = dict(src_dict)
        completed = d.pop("completed")

        in_progress = d.pop("in_progress")

        not_started = d.pop("not_started")

        scrapped = d.pop("scrapped")

        seq = d.pop("seq")

        workstations = []
        _workstations = d.pop("workstations")
        for workstations_item_data in _workstations:
            workstations_item = WorkstationWip.from_dict(workstations_item_data)

            workstations.append(workstations_item)

        wip_snapshot = cls(
            completed=completed,
            in_progress=in_progress,
            not_started=not_started,
            scrapped=scrapped,
            seq=seq,
            workstations=workstations,
        )

        wip_snapshot.additional_properties = d
        return wip_snapshot

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
