from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.tracking import Tracking
from ..types import UNSET, Unset

T = TypeVar("T", bound="OrderCreate")


@_attrs_define
class OrderCreate:
    """
    Attributes:
        part_id (int): part to build
        quantity (int): units to build
        due_date (datetime.date | None | Unset): when the order is due (YYYY-MM-DD)
        external_ref (None | str | Unset):
        line_id (int | None | Unset): line the order is planned on
        planned_start (datetime.datetime | None | Unset): when the order is planned to start (ISO 8601 with an offset);
            its plant-local date may not be after `due_date`
        priority (int | Unset): 1 (highest) to 5 (lowest) Default: 3.
        route_id (int | None | Unset): route to follow; may be omitted when the part has exactly one route. The route's
            current revision is pinned to the order.
        tracking (Tracking | Unset): How an order's production is tracked: serialized units, or quantity batches.
    """

    part_id: int
    quantity: int
    due_date: datetime.date | None | Unset = UNSET
    external_ref: None | str | Unset = UNSET
    line_id: int | None | Unset = UNSET
    planned_start: datetime.datetime | None | Unset = UNSET
    priority: int | Unset = 3
    route_id: int | None | Unset = UNSET
    tracking: Tracking | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        part_id = self.part_id

        quantity = self.quantity

        due_date: None | str | Unset
        if isinstance(self.due_date, Unset):
            due_date = UNSET
        elif isinstance(self.due_date, datetime.date):
            due_date = self.due_date.isoformat()
        else:
            due_date = self.due_date

        external_ref: None | str | Unset
        if isinstance(self.external_ref, Unset):
            external_ref = UNSET
        else:
            external_ref = self.external_ref

        line_id: int | None | Unset
        if isinstance(self.line_id, Unset):
            line_id = UNSET
        else:
            line_id = self.line_id

        planned_start: None | str | Unset
        if isinstance(self.planned_start, Unset):
            planned_start = UNSET
        elif isinstance(self.planned_start, datetime.datetime):
            planned_start = self.planned_start.isoformat()
        else:
            planned_start = self.planned_start

        priority = self.priority

        route_id: int | None | Unset
        if isinstance(self.route_id, Unset):
            route_id = UNSET
        else:
            route_id = self.route_id

        tracking: str | Unset = UNSET
        if not isinstance(self.tracking, Unset):
            tracking = self.tracking.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "part_id": part_id,
                "quantity": quantity,
            }
        )
        if due_date is not UNSET:
            field_dict["due_date"] = due_date
        if external_ref is not UNSET:
            field_dict["external_ref"] = external_ref
        if line_id is not UNSET:
            field_dict["line_id"] = line_id
        if planned_start is not UNSET:
            field_dict["planned_start"] = planned_start
        if priority is not UNSET:
            field_dict["priority"] = priority
        if route_id is not UNSET:
            field_dict["route_id"] = route_id
        if tracking is not UNSET:
            field_dict["tracking"] = tracking

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        part_id = d.pop("part_id")

        quantity = d.pop("quantity")

        def _parse_due_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                due_date_type_0 = datetime.date.fromisoformat(data)

                return due_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        due_date = _parse_due_date(d.pop("due_date", UNSET))

        def _parse_external_ref(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        external_ref = _parse_external_ref(d.pop("external_ref", UNSET))

        def _parse_line_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        line_id = _parse_line_id(d.pop("line_id", UNSET))

        def _parse_planned_start(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                planned_start_type_0 = datetime.datetime.fromisoformat(data)

                return planned_start_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        planned_start = _parse_planned_start(d.pop("planned_start", UNSET))

        priority = d.pop("priority", UNSET)

        def _parse_route_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        route_id = _parse_route_id(d.pop("route_id", UNSET))

        _tracking = d.pop("tracking", UNSET)
        tracking: Tracking | Unset
        if isinstance(_tracking, Unset):
            tracking = UNSET
        else:
            tracking = Tracking(_tracking)

        order_create = cls(
            part_id=part_id,
            quantity=quantity,
            due_date=due_date,
            external_ref=external_ref,
            line_id=line_id,
            planned_start=planned_start,
            priority=priority,
            route_id=route_id,
            tracking=tracking,
        )

        return order_create
