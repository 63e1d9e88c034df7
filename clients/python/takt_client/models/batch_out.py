from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.batch_status import BatchStatus

if TYPE_CHECKING:
    from ..models.batch_step_out import BatchStepOut


T = TypeVar("T", bound="BatchOut")


@_attrs_define
class BatchOut:
    """
    Attributes:
        created_at (datetime.datetime): when it was created
        created_by (str): who created the batch
        finished_at (datetime.datetime | None): when it completed or was scrapped
        good (int): quantity still good (all of it before the first step)
        id (int): batch id
        notes (None | str): notes given at creation
        order (str): order number
        quantity (int): quantity the batch started with
        scrap (int): quantity scrapped so far
        status (BatchStatus):
        step (int): the step in progress or next to start; once finished, the step that finished it
        steps (list[BatchStepOut]): its route steps, in order
        updated_at (datetime.datetime): when it last changed
    """

    created_at: datetime.datetime
    created_by: str
    finished_at: datetime.datetime | None
    good: int
    id: int
    notes: None | str
    order: str
    quantity: int
    scrap: int
    status: BatchStatus
    step: int
    steps: list[BatchStepOut]
    updated_at: datetime.datetime
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

        order = self.order

        quantity = self.quantity

        scrap = self.scrap

        status = self.status.value

        step = self.step

        steps = []
        for steps_item_data in self.steps:
            steps_item = steps_item_data.to_dict()
            steps.append(steps_item)

        updated_at = self.updated_at.isoformat()

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
                "order": order,
                "quantity": quantity,
                "scrap": scrap,
                "status": status,
                "step": step,
                "steps": steps,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.batch_step_out import BatchStepOut  # noqa: PLC0415

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

        order = d.pop("order")

        quantity = d.pop("quantity")

        scrap = d.pop("scrap")

        status = BatchStatus(d.pop("status"))

        step = d.pop("step")

        steps = []
        _steps = d.pop("steps")
        for steps_item_data in _steps:
            steps_item = BatchStepOut.from_dict(steps_item_data)

            steps.append(steps_item)

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        batch_out = cls(
            created_at=created_at,
            created_by=created_by,
            finished_at=finished_at,
            good=good,
            id=id,
            notes=notes,
            order=order,
            quantity=quantity,
            scrap=scrap,
            status=status,
            step=step,
            steps=steps,
            updated_at=updated_at,
        )

        batch_out.additional_properties = d
        return batch_out

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
