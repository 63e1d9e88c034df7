from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.issue_status import IssueStatus

T = TypeVar("T", bound="IssueOut")


@_attrs_define
class IssueOut:
    """
    Attributes:
        acknowledged_at (datetime.datetime | None): when it was acknowledged
        acknowledged_by (None | str): who acknowledged it
        blocking (bool): whether it blocks (its type's, when it was opened)
        closed_at (datetime.datetime | None): when it was closed
        closed_by (None | str): who closed it
        description (None | str): details
        id (int): issue id
        line_id (int | None): the line named, or the workstation's line
        opened_at (datetime.datetime): when it was opened
        opened_by (str): who opened it
        order (None | str): the order concerned
        resolution (None | str): what was done
        resolved_at (datetime.datetime | None): when it was resolved
        resolved_by (None | str): who resolved it
        serial (None | str): the unit concerned
        status (IssueStatus):
        title (str): short summary
        type_ (str): the issue type's code
        workstation_id (int | None): the workstation named
    """

    acknowledged_at: datetime.datetime | None
    acknowledged_by: None | str
    blocking: bool
    closed_at: datetime.datetime | None
    closed_by: None | str
    description: None | str
    id: int
    line_id: int | None
    opened_at: datetime.datetime
    opened_by: str
    order: None | str
    resolution: None | str
    resolved_at: datetime.datetime | None
    resolved_by: None | str
    serial: None | str
    status: IssueStatus
    title: str
    type_: str
    workstation_id: int | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        acknowledged_at: None | str
        if isinstance(self.acknowledged_at, datetime.datetime):
            acknowledged_at = self.acknowledged_at.isoformat()
        else:
            acknowledged_at = self.acknowledged_at

        acknowledged_by: None | str
        acknowledged_by = self.acknowledged_by

        blocking = self.blocking

        closed_at: None | str
        if isinstance(self.closed_at, datetime.datetime):
            closed_at = self.closed_at.isoformat()
        else:
            closed_at = self.closed_at

        closed_by: None | str
        closed_by = self.closed_by

        description: None | str
        description = self.description

        id = self.id

        line_id: int | None
        line_id = self.line_id

        opened_at = self.opened_at.isoformat()

        opened_by = self.opened_by

        order: None | str
        order = self.order

        resolution: None | str
        resolution = self.resolution

        resolved_at: None | str
        if isinstance(self.resolved_at, datetime.datetime):
            resolved_at = self.resolved_at.isoformat()
        else:
            resolved_at = self.resolved_at

        resolved_by: None | str
        resolved_by = self.resolved_by

        serial: None | str
        serial = self.serial

        status = self.status.value

        title = self.title

        type_ = self.type_

        workstation_id: int | None
        workstation_id = self.workstation_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "acknowledged_at": acknowledged_at,
                "acknowledged_by": acknowledged_by,
                "blocking": blocking,
                "closed_at": closed_at,
                "closed_by": closed_by,
                "description": description,
                "id": id,
                "line_id": line_id,
                "opened_at": opened_at,
                "opened_by": opened_by,
                "order": order,
                "resolution": resolution,
                "resolved_at": resolved_at,
                "resolved_by": resolved_by,
                "serial": serial,
                "status": status,
                "title": title,
                "type": type_,
                "workstation_id": workstation_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_acknowledged_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                acknowledged_at_type_0 = datetime.datetime.fromisoformat(data)

                return acknowledged_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        acknowledged_at = _parse_acknowledged_at(d.pop("acknowledged_at"))

        def _parse_acknowledged_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        acknowledged_by = _parse_acknowledged_by(d.pop("acknowledged_by"))

        blocking = d.pop("blocking")

        def _parse_closed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                closed_at_type_0 = datetime.datetime.fromisoformat(data)

                return closed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        closed_at = _parse_closed_at(d.pop("closed_at"))

        def _parse_closed_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        closed_by = _parse_closed_by(d.pop("closed_by"))

        def _parse_description(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        description = _parse_description(d.pop("description"))

        id = d.pop("id")

        def _parse_line_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        line_id = _parse_line_id(d.pop("line_id"))

        opened_at = datetime.datetime.fromisoformat(d.pop("opened_at"))

        opened_by = d.pop("opened_by")

        def _parse_order(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        order = _parse_order(d.pop("order"))

        def _parse_resolution(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        resolution = _parse_resolution(d.pop("resolution"))

        def _parse_resolved_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                resolved_at_type_0 = datetime.datetime.fromisoformat(data)

                return resolved_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        resolved_at = _parse_resolved_at(d.pop("resolved_at"))

        def _parse_resolved_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        resolved_by = _parse_resolved_by(d.pop("resolved_by"))

        def _parse_serial(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        serial = _parse_serial(d.pop("serial"))

        status = IssueStatus(d.pop("status"))

        title = d.pop("title")

        type_ = d.pop("type")

        def _parse_workstation_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        workstation_id = _parse_workstation_id(d.pop("workstation_id"))

        issue_out = cls(
            acknowledged_at=acknowledged_at,
            acknowledged_by=acknowledged_by,
            blocking=blocking,
            closed_at=closed_at,
            closed_by=closed_by,
            description=description,
            id=id,
            line_id=line_id,
            opened_at=opened_at,
            opened_by=opened_by,
            order=order,
            resolution=resolution,
            resolved_at=resolved_at,
            resolved_by=resolved_by,
            serial=serial,
            status=status,
            title=title,
            type_=type_,
            workstation_id=workstation_id,
        )

        issue_out.additional_properties = d
        return issue_out

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
