from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.child_lot import ChildLot


T = TypeVar("T", bound="RecordChild")


@_attrs_define
class RecordChild:
    """A sub-assembly installed into the unit, with its own record summary (recursively).

    Attributes:
        children (list[RecordChild]): the child's own sub-assemblies
        installed_at (datetime.datetime): when it was installed
        installed_by (str): who installed it
        lots (list[ChildLot]): lots the child consumed
        measurements_failed (int): the child's failing measurements
        measurements_passed (int): the child's passing measurements
        part (str): the child's part number
        removed_at (datetime.datetime | None): when it was removed (null: installed)
        removed_by (None | str): who removed it
        removed_reason (None | str): why it was removed
        serial (str): the child's serial
        status (str): the child's status
        step (int): the parent's step it was installed at
    """

    children: list[RecordChild]
    installed_at: datetime.datetime
    installed_by: str
    lots: list[ChildLot]
    measurements_failed: int
    measurements_passed: int
    part: str
    removed_at: datetime.datetime | None
    removed_by: None | str
    removed_reason: None | str
    serial: str
    status: str
    step: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        children = []
        for children_item_data in self.children:
            children_item = children_item_data.to_dict()
            children.append(children_item)

        installed_at = self.installed_at.isoformat()

        installed_by = self.installed_by

        lots = []
        for lots_item_data in self.lots:
            lots_item = lots_item_data.to_dict()
            lots.append(lots_item)

        measurements_failed = self.measurements_failed

        measurements_passed = self.measurements_passed

        part = self.part

        removed_at: None | str
        if isinstance(self.removed_at, datetime.datetime):
            removed_at = self.removed_at.isoformat()
        else:
            removed_at = self.removed_at

        removed_by: None | str
        removed_by = self.removed_by

        removed_reason: None | str
        removed_reason = self.removed_reason

        serial = self.serial

        status = self.status

        step = self.step

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "children": children,
                "installed_at": installed_at,
                "installed_by": installed_by,
                "lots": lots,
                "measurements_failed": measurements_failed,
                "measurements_passed": measurements_passed,
                "part": part,
                "removed_at": removed_at,
                "removed_by": removed_by,
                "removed_reason": removed_reason,
                "serial": serial,
                "status": status,
                "step": step,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.child_lot import ChildLot  # noqa: PLC0415

        d = dict(src_dict)
        children = []
        _children = d.pop("children")
        for children_item_data in _children:
            children_item = RecordChild.from_dict(children_item_data)

            children.append(children_item)

        installed_at = datetime.datetime.fromisoformat(d.pop("installed_at"))

        installed_by = d.pop("installed_by")

        lots = []
        _lots = d.pop("lots")
        for lots_item_data in _lots:
            lots_item = ChildLot.from_dict(lots_item_data)

            lots.append(lots_item)

        measurements_failed = d.pop("measurements_failed")

        measurements_passed = d.pop("measurements_passed")

        part = d.pop("part")

        def _parse_removed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                removed_at_type_0 = datetime.datetime.fromisoformat(data)

                return removed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        removed_at = _parse_removed_at(d.pop("removed_at"))

        def _parse_removed_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        removed_by = _parse_removed_by(d.pop("removed_by"))

        def _parse_removed_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        removed_reason = _parse_removed_reason(d.pop("removed_reason"))

        serial = d.pop("serial")

        status = d.pop("status")

        step = d.pop("step")

        record_child = cls(
            children=children,
            installed_at=installed_at,
            installed_by=installed_by,
            lots=lots,
            measurements_failed=measurements_failed,
            measurements_passed=measurements_passed,
            part=part,
            removed_at=removed_at,
            removed_by=removed_by,
            removed_reason=removed_reason,
            serial=serial,
            status=status,
            step=step,
        )

        record_child.additional_properties = d
        return record_child

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
