from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.order_status import OrderStatus
from ..models.tracking import Tracking
from ..types import UNSET, Unset

T = TypeVar("T", bound="OrderOut")


@_attrs_define
class OrderOut:
    """
    Attributes:
        completed (int): units (quantity) completed
        created_at (datetime.datetime): when the order was created
        due_date (datetime.date | None): due date
        external_ref (None | str): ERP order number
        finished_at (datetime.datetime | None): when the order became complete, cancelled or rejected
        id (int): order id
        line_id (int | None): planned line
        number (str): order number, PO-0001, PO-0002, …
        part_id (int): part being built
        planned_start (datetime.datetime | None): planned start (UTC)
        priority (int): 1 (highest) to 5 (lowest)
        quantity (int): units to build
        route_id (int): route followed
        route_revision (int): route revision pinned when the order was created
        scrapped (int): units (quantity) scrapped
        started (int): units generated so far (batch orders: the quantity of their batches)
        started_at (datetime.datetime | None): when the order first started running
        status (OrderStatus):
        tracking (Tracking): How an order's production is tracked: serialized units, or quantity batches.
        updated_at (datetime.datetime): when the order last changed
        bom_revision (int | None | Unset): the part's BOM revision pinned when the order was created; null: none
    """

    completed: int
    created_at: datetime.datetime
    due_date: datetime.date | None
    external_ref: None | str
    finished_at: datetime.datetime | None
    id: int
    line_id: int | None
    number: str
    part_id: int
    planned_start: datetime.datetime | None
    priority: int
    quantity: int
    route_id: int
    route_revision: int
    scrapped: int
    started: int
    started_at: datetime.datetime | None
    status: OrderStatus
    tracking: Tracking
    updated_at: datetime.datetime
    bom_revision: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        completed = self.completed

        created_at = self.created_at.isoformat()

        due_date: None | str
        if isinstance(self.due_date, datetime.date):
            due_date = self.due_date.isoformat()
        else:
            due_date = self.due_date

        external_ref: None | str
        external_ref = self.external_ref

        finished_at: None | str
        if isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

        id = self.id

        line_id: int | None
        line_id = self.line_id

        number = self.number

        part_id = self.part_id

        planned_start: None | str
        if isinstance(self.planned_start, datetime.datetime):
            planned_start = self.planned_start.isoformat()
        else:
            planned_start = self.planned_start

        priority = self.priority

        quantity = self.quantity

        route_id = self.route_id

        route_revision = self.route_revision

        scrapped = self.scrapped

        started = self.started

        started_at: None | str
        if isinstance(self.started_at, datetime.datetime):
            started_at = self.started_at.isoformat()
        else:
            started_at = self.started_at

        status = self.status.value

        tracking = self.tracking.value

        updated_at = self.updated_at.isoformat()

        bom_revision: int | None | Unset
        if isinstance(self.bom_revision, Unset):
            bom_revision = UNSET
        else:
            bom_revision = self.bom_revision

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "completed": completed,
                "created_at": created_at,
                "due_date": due_date,
                "external_ref": external_ref,
                "finished_at": finished_at,
                "id": id,
                "line_id": line_id,
                "number": number,
                "part_id": part_id,
                "planned_start": planned_start,
                "priority": priority,
                "quantity": quantity,
                "route_id": route_id,
                "route_revision": route_revision,
                "scrapped": scrapped,
                "started": started,
                "started_at": started_at,
                "status": status,
                "tracking": tracking,
                "updated_at": updated_at,
            }
        )
        if bom_revision is not UNSET:
            field_dict["bom_revision"] = bom_revision

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        completed = d.pop("completed")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

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

        def _parse_external_ref(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        external_ref = _parse_external_ref(d.pop("external_ref"))

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

        id = d.pop("id")

        def _parse_line_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        line_id = _parse_line_id(d.pop("line_id"))

        number = d.pop("number")

        part_id = d.pop("part_id")

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

        quantity = d.pop("quantity")

        route_id = d.pop("route_id")

        route_revision = d.pop("route_revision")

        scrapped = d.pop("scrapped")

        started = d.pop("started")

        def _parse_started_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                started_at_type_0 = datetime.datetime.fromisoformat(data)

                return started_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        started_at = _parse_started_at(d.pop("started_at"))

        status = OrderStatus(d.pop("status"))

        tracking = Tracking(d.pop("tracking"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        def _parse_bom_revision(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        bom_revision = _parse_bom_revision(d.pop("bom_revision", UNSET))

        order_out = cls(
            completed=completed,
            created_at=created_at,
            due_date=due_date,
            external_ref=external_ref,
            finished_at=finished_at,
            id=id,
            line_id=line_id,
            number=number,
            part_id=part_id,
            planned_start=planned_start,
            priority=priority,
            quantity=quantity,
            route_id=route_id,
            route_revision=route_revision,
            scrapped=scrapped,
            started=started,
            started_at=started_at,
            status=status,
            tracking=tracking,
            updated_at=updated_at,
            bom_revision=bom_revision,
        )

        order_out.additional_properties = d
        return order_out

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
