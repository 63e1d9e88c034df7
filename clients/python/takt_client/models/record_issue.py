from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.record_issue_relation import RecordIssueRelation

T = TypeVar("T", bound="RecordIssue")


@_attrs_define
class RecordIssue:
    """
    Attributes:
        acknowledged_at (datetime.datetime | None): when
        acknowledged_by (None | str): who acknowledged it
        blocking (bool): whether it blocked
        closed_at (datetime.datetime | None): when
        closed_by (None | str): who closed it
        id (int): issue id
        line (None | str): line code
        opened_at (datetime.datetime): when it was opened
        opened_by (str): who opened it
        relation (RecordIssueRelation): why it is in the record: it names the unit, the unit or batch's order, or the
            workstation (or its whole line) while the unit or batch was there
        resolution (None | str): what was done
        resolved_at (datetime.datetime | None): when
        resolved_by (None | str): who resolved it
        status (str): `open`, `acknowledged`, `resolved` or `closed`
        title (str): short summary
        type_ (str): issue type code
        workstation (None | str): workstation code
    """

    acknowledged_at: datetime.datetime | None
    acknowledged_by: None | str
    blocking: bool
    closed_at: datetime.datetime | None
    closed_by: None | str
    id: int
    line: None | str
    opened_at: datetime.datetime
    opened_by: str
    relation: RecordIssueRelation
    resolution: None | str
    resolved_at: datetime.datetime | None
    resolved_by: None | str
    status: str
    title: str
    type_: str
    workstation: None | str
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

        id = self.id

        line: None | str
        line = self.line

        opened_at = self.opened_at.isoformat()

        opened_by = self.opened_by

        relation = self.relation.value

        resolution: None | str
        resolution = self.resolution

        resolved_at: None | str
        if isinstance(self.resolved_at, datetime.datetime):
            resolved_at = self.resolved_at.isoformat()
        else:
            resolved_at = self.resolved_at

        resolved_by: None | str
        resolved_by = self.resolved_by

        status = self.status

        title = self.title

        type_ = self.type_

        workstation: None | str
        workstation = self.workstation

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "acknowledged_at": acknowledged_at,
                "acknowledged_by": acknowledged_by,
                "blocking": blocking,
                "closed_at": closed_at,
                "closed_by": closed_by,
                "id": id,
                "line": line,
                "opened_at": opened_at,
                "opened_by": opened_by,
                "relation": relation,
                "resolution": resolution,
                "resolved_at": resolved_at,
                "resolved_by": resolved_by,
                "status": status,
                "title": title,
                "type": type_,
                "workstation": workstation,
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

        id = d.pop("id")

        def _parse_line(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        line = _parse_line(d.pop("line"))

        opened_at = datetime.datetime.fromisoformat(d.pop("opened_at"))

        opened_by = d.pop("opened_by")

        relation = RecordIssueRelation(d.pop("relation"))

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

        status = d.pop("status")

        title = d.pop("title")

        type_ = d.pop("type")

        def _parse_workstation(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        workstation = _parse_workstation(d.pop("workstation"))

        record_issue = cls(
            acknowledged_at=acknowledged_at,
            acknowledged_by=acknowledged_by,
            blocking=blocking,
            closed_at=closed_at,
            closed_by=closed_by,
            id=id,
            line=line,
            opened_at=opened_at,
            opened_by=opened_by,
            relation=relation,
            resolution=resolution,
            resolved_at=resolved_at,
            resolved_by=resolved_by,
            status=status,
            title=title,
            type_=type_,
            workstation=workstation,
        )

        record_issue.additional_properties = d
        return record_issue

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
