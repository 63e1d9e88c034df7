from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.oee_row import OeeRow


T = TypeVar("T", bound="OeeReport")


@_attrs_define
class OeeReport:
    """
    Attributes:
        from_ (datetime.datetime): start of the window (inclusive)
        group_by (str): `workstation`, `line`, `shift` or `day`
        rows (list[OeeRow]): one row per key, in time or id order
        timezone (str): the plant's time zone (shift and day keys)
        to (datetime.datetime): end of the window (exclusive)
    """

    from_: datetime.datetime
    group_by: str
    rows: list[OeeRow]
    timezone: str
    to: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from_ = self.from_.isoformat()

        group_by = self.group_by

        rows = []
        for rows_item_data in self.rows:
            rows_item = rows_item_data.to_dict()
            rows.append(rows_item)

        timezone = self.timezone

        to = self.to.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "from": from_,
                "group_by": group_by,
                "rows": rows,
                "timezone": timezone,
                "to": to,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.oee_row import OeeRow  # noqa: PLC0415

        d = dict(src_dict)
        from_ = datetime.datetime.fromisoformat(d.pop("from"))

        group_by = d.pop("group_by")

        rows = []
        _rows = d.pop("rows")
        for rows_item_data in _rows:
            rows_item = OeeRow.from_dict(rows_item_data)

            rows.append(rows_item)

        timezone = d.pop("timezone")

        to = datetime.datetime.fromisoformat(d.pop("to"))

        oee_report = cls(
            from_=from_,
            group_by=group_by,
            rows=rows,
            timezone=timezone,
            to=to,
        )

        oee_report.additional_properties = d
        return oee_report

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
