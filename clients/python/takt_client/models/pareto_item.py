from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ParetoItem")


@_attrs_define
class ParetoItem:
    """
    Attributes:
        count (int): items recorded with this code: 1 per event about a unit (or nothing), the event's `quantity` for a
            batch
        cumulative_share (float): share of this and every more frequent code
        defect_code (str): defect code
        description (str): what the defect is
        severity (str): `minor`, `major` or `critical`
        share (float): count / total
    """

    count: int
    cumulative_share: float
    defect_code: str
    description: str
    severity: str
    share: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        count = self.count

        cumulative_share = self.cumulative_share

        defect_code = self.defect_code

        description = self.description

        severity = self.severity

        share = self.share

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "count": count,
                "cumulative_share": cumulative_share,
                "defect_code": defect_code,
                "description": description,
                "severity": severity,
                "share": share,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        count = d.pop("count")

        cumulative_share = d.pop("cumulative_share")

        defect_code = d.pop("defect_code")

        description = d.pop("description")

        severity = d.pop("severity")

        share = d.pop("share")

        pareto_item = cls(
            count=count,
            cumulative_share=cumulative_share,
            defect_code=defect_code,
            description=description,
            severity=severity,
            share=share,
        )

        pareto_item.additional_properties = d
        return pareto_item

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
