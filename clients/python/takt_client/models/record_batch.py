from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="RecordBatch")


@_attrs_define
class RecordBatch:
    """
    Attributes:
        created_at (datetime.datetime): when it was created
        created_by (str): who created it
        finished_at (datetime.datetime | None): when it finished
        good (int): still good (passed by the last completed step)
        id (int): batch id
        notes (None | str): free text
        quantity (int): quantity the batch took of the order
        scrap (int): scrapped so far
        status (str): `in_progress`, `completed` or `scrapped`
        step (int): the step in progress or next (finished: the last)
    """

    created_at: datetime.datetime
    created_by: str
    finished_at: datetime.datetime | None
    good: int
    id: int
    notes: None | str
    quantity: int
    scrap: int
    status: str
    step: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        created_by = self.created_by

        finished_at: None | str
        if isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

        good = self.good

        id = self.id

        notes: None | str
        notes = self.notes

        quantity = self.quantity

        scrap = self.scrap

        status = self.status

        step = self.step

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "created_by": created_by,
                "finished_at": finished_at,
                "good": good,
                "id": id,
                "notes": notes,
                "quantity": quantity,
                "scrap": scrap,
                "status": status,
                "step": step,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        created_by = d.pop("created_by")

        def _parse_finished_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                finished_at_type_0 = datetime.datetime.fromisoformat(data)

                return finished_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        finished_at = _parse_finished_at(d.pop("finished_at"))

        good = d.pop("good")

        id = d.pop("id")

        def _parse_notes(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        notes = _parse_notes(d.pop("notes"))

        quantity = d.pop("quantity")

        scrap = d.pop("scrap")

        status = d.pop("status")

        step = d.pop("step")

        record_batch = cls(
            created_at=created_at,
            created_by=created_by,
            finished_at=finished_at,
            good=good,
            id=id,
            notes=notes,
            quantity=quantity,
            scrap=scrap,
            status=status,
            step=step,
        )

        record_batch.additional_properties = d
        return record_batch

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
