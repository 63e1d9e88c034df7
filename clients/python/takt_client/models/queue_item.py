from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.order_status import OrderStatus
from ..models.queue_awaiting import QueueAwaiting
from ..models.queue_kind import QueueKind

T = TypeVar("T", bound="QueueItem")


@_attrs_define
class QueueItem:
    """A unit or batch waiting at a workstation or arriving next.

    Attributes:
        awaiting (QueueAwaiting): What a queue item waits for.
        batch_id (int | None): the batch's id; null for a unit
        due_date (datetime.date | None): the order's due date
        kind (QueueKind):
        order (str): order number
        order_status (OrderStatus):
        part (str): part number
        priority (int): the order's priority, 1 (highest) to 5
        quantity (int): 1 for a unit, the step's input quantity for a batch
        serial (None | str): the unit's serial; null for a batch
        since (datetime.datetime): since when it waits: a unit's last change (entering its step, a failed gate, its
            creation at step 0); a batch step's start, else the previous step's completion, else the batch's creation
        station_step (int): the route step at this workstation the item is at or arrives at
        step (int): the item's current route step (for an arriving unit the step before this workstation's, 0 before the
            route)
        step_name (str): that step's name
    """

    awaiting: QueueAwaiting
    batch_id: int | None
    due_date: datetime.date | None
    kind: QueueKind
    order: str
    order_status: OrderStatus
    part: str
    priority: int
    quantity: int
    serial: None | str
    since: datetime.datetime
    station_step: int
    step: int
    step_name: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        awaiting = self.awaiting.value

        batch_id: int | None
        batch_id = self.batch_id

        due_date: None | str
        if isinstance(self.due_date, datetime.date):
            due_date = self.due_date.isoformat()
        else:
            due_date = self.due_date

        kind = self.kind.value

        order = self.order

        order_status = self.order_status.value

        part = self.part

        priority = self.priority

        quantity = self.quantity

        serial: None | str
        serial = self.serial

        since = self.since.isoformat()

        station_step = self.station_step

        step = self.step

        step_name = self.step_name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "awaiting": awaiting,
                "batch_id": batch_id,
                "due_date": due_date,
                "kind": kind,
                "order": order,
                "order_status": order_status,
                "part": part,
                "priority": priority,
                "quantity": quantity,
                "serial": serial,
                "since": since,
                "station_step": station_step,
                "step": step,
                "step_name": step_name,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        awaiting = QueueAwaiting(d.pop("awaiting"))

        def _parse_batch_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        batch_id = _parse_batch_id(d.pop("batch_id"))

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

        kind = QueueKind(d.pop("kind"))

        order = d.pop("order")

        order_status = OrderStatus(d.pop("order_status"))

        part = d.pop("part")

        priority = d.pop("priority")

        quantity = d.pop("quantity")

        def _parse_serial(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        serial = _parse_serial(d.pop("serial"))

        since = datetime.datetime.fromisoformat(d.pop("since"))

        station_step = d.pop("station_step")

        step = d.pop("step")

        step_name = d.pop("step_name")

        queue_item = cls(
            awaiting=awaiting,
            batch_id=batch_id,
            due_date=due_date,
            kind=kind,
            order=order,
            order_status=order_status,
            part=part,
            priority=priority,
            quantity=quantity,
            serial=serial,
            since=since,
            station_step=station_step,
            step=step,
            step_name=step_name,
        )

        queue_item.additional_properties = d
        return queue_item

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
