from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Overview")


@_attrs_define
class Overview:
    """
    Attributes:
        active_lines (int): lines with work in progress (units or batches) or a running order
        blocking_issues (int): open or acknowledged issues that block
        done_today (int): units completed and batch items finished good today (plant-local day)
        open_issues (int): issues open or acknowledged
        orders_blocked (int): orders blocked
        orders_in_progress (int): orders running or paused
        orders_pending (int): orders new or scheduled
        orders_total (int): orders in any status
    """

    active_lines: int
    blocking_issues: int
    done_today: int
    open_issues: int
    orders_blocked: int
    orders_in_progress: int
    orders_pending: int
    orders_total: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        active_lines = self.active_lines

        blocking_issues = self.blocking_issues

        done_today = self.done_today

        open_issues = self.open_issues

        orders_blocked = self.orders_blocked

        orders_in_progress = self.orders_in_progress

        orders_pending = self.orders_pending

        orders_total = self.orders_total

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "active_lines": active_lines,
                "blocking_issues": blocking_issues,
                "done_today": done_today,
                "open_issues": open_issues,
                "orders_blocked": orders_blocked,
                "orders_in_progress": orders_in_progress,
                "orders_pending": orders_pending,
                "orders_total": orders_total,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        active_lines = d.pop("active_lines")

        blocking_issues = d.pop("blocking_issues")

        done_today = d.pop("done_today")

        open_issues = d.pop("open_issues")

        orders_blocked = d.pop("orders_blocked")

        orders_in_progress = d.pop("orders_in_progress")

        orders_pending = d.pop("orders_pending")

        orders_total = d.pop("orders_total")

        overview = cls(
            active_lines=active_lines,
            blocking_issues=blocking_issues,
            done_today=done_today,
            open_issues=open_issues,
            orders_blocked=orders_blocked,
            orders_in_progress=orders_in_progress,
            orders_pending=orders_pending,
            orders_total=orders_total,
        )

        overview.additional_properties = d
        return overview

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
