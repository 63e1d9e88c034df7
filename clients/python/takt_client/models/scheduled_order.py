from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.order_status import OrderStatus

T = TypeVar("T", bound="ScheduledOrder")


@_attrs_define
class ScheduledOrder:
    """
    Attributes:
        completed (int):
        due_date (datetime.date | None):
        id (int):
        number (str):
        part_id (int):
        part_number (str):
        planned_start (datetime.datetime | None):
        priority (int):
        progress (float): completed / quantity
        quantity (int):
        scrapped (int):
        status (OrderStatus):
    """

    completed: int
    due_date: datetime.date | None
    id: int
    number: str
    part_id: int
    part_number: str
    planned_start: datetime.datetime | None
    priority: int
    progress: float
    quantity: int
    scrapped: int
    status: OrderStatus
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        completed = self.completed

        due_date: None | str
        if isinstance(self.due_date, datetime.date):
            due_date = self.due_date.isoformat()
        else:
            due_date = self.due_date

        id = self.id

        number = self.number

        part_id = self.part_id

        part_number = self.part_number

        planned_start: None | str
        if isinstance(self.planned_start, datetime.datetime):
            planned_start = self.planned_start.isoformat()
        else:
            planned_start = self.planned_start

        priority = self.priority

        progress = self.progress

        quantity = self.quantity

        scrapped = self.scrapped

        status = self.status.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "completed": completed,
                "due_date": due_date,
                "id": id,
                "number": number,
                "part_id": part_id,
                "part_number": part_number,
                "planned_start": planned_start,
                "priority": priority,
                "progress": progress,
                "quantity": quantity,
                "scrapped": scrapped,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        completed = d.pop("completed")

        def _parse_due_date(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                due_date_type_0 = datetime.date.fromisoformat(data)

                return due_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        due_date = _parse_due_date(d.pop("due_date"))

        id = d.pop("id")

        number = d.pop("number")

        part_id = d.pop("part_id")

        part_number = d.pop("part_number")

        def _parse_planned_start(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                planned_start_type_0 = datetime.datetime.fromisoformat(data)

                return planned_start_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        planned_start = _parse_planned_start(d.pop("planned_start"))

        priority = d.pop("priority")

        progress = d.pop("progress")

        quantity = d.pop("quantity")

        scrapped = d.pop("scrapped")

        status = OrderStatus(d.pop("status"))

        scheduled_order = cls(
            completed=completed,
            due_date=due_date,
            id=id,
            number=number,
            part_id=part_id,
            part_number=part_number,
            planned_start=planned_start,
            priority=priority,
            progress=progress,
            quantity=quantity,
            scrapped=scrapped,
            status=status,
        )

        scheduled_order.additional_properties = d
        return scheduled_order

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
