from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="IssueCreate")


@_attrs_define
class IssueCreate:
    """An issue raised on the shop floor. It names where it is (`line_id`, `workstation_id`)
    and what it concerns (`order`, `serial`); a serial also names its order.

        Attributes:
            title (str): short summary
            type_ (int | str): the issue type: its id or its code
            description (None | str | Unset): details
            line_id (int | None | Unset): the line where the issue is
            order (None | str | Unset): the order concerned (its number)
            serial (None | str | Unset): the unit concerned (also names its order)
            workstation_id (int | None | Unset): the workstation where it is
    """

    title: str
    type_: int | str
    description: None | str | Unset = UNSET
    line_id: int | None | Unset = UNSET
    order: None | str | Unset = UNSET
    serial: None | str | Unset = UNSET
    workstation_id: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        title = self.title

        type_: int | str
        type_ = self.type_

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        line_id: int | None | Unset
        if isinstance(self.line_id, Unset):
            line_id = UNSET
        else:
            line_id = self.line_id

        order: None | str | Unset
        if isinstance(self.order, Unset):
            order = UNSET
        else:
            order = self.order

        serial: None | str | Unset
        if isinstance(self.serial, Unset):
            serial = UNSET
        else:
            serial = self.serial

        workstation_id: int | None | Unset
        if isinstance(self.workstation_id, Unset):
            workstation_id = UNSET
        else:
            workstation_id = self.workstation_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "title": title,
                "type": type_,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if line_id is not UNSET:
            field_dict["line_id"] = line_id
        if order is not UNSET:
            field_dict["order"] = order
        if serial is not UNSET:
            field_dict["serial"] = serial
        if workstation_id is not UNSET:
            field_dict["workstation_id"] = workstation_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        title = d.pop("title")

        def _parse_type_(data: object) -> int | str:
            return cast(int | str, data)

        type_ = _parse_type_(d.pop("type"))

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        def _parse_line_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        line_id = _parse_line_id(d.pop("line_id", UNSET))

        def _parse_order(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        order = _parse_order(d.pop("order", UNSET))

        def _parse_serial(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        serial = _parse_serial(d.pop("serial", UNSET))

        def _parse_workstation_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        workstation_id = _parse_workstation_id(d.pop("workstation_id", UNSET))

        issue_create = cls(
            title=title,
            type_=type_,
            description=description,
            line_id=line_id,
            order=order,
            serial=serial,
            workstation_id=workstation_id,
        )

        return issue_create
