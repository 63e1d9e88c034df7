from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ProductionRow")


@_attrs_define
class ProductionRow:
    """
    Attributes:
        completed (int): units completed and batch items finished good
        first_pass_yield (float | None): completed at the first attempt / (completed + scrapped); null when nothing
            finished
        key (None | str): the period (`2026-12-02`, `2026-W49`, `2026-12`, `2026-12-02 Early`), the line's code or the
            part's number (null: units and batches without a line)
        orders_completed (int): orders that became complete in the period
        scrapped (int): units and batch items scrapped
        started (int): units generated and batch quantities created
        throughput_per_hour (float | None): completed per hour of the period (shifts: of planned busy time); null when
            the period has no hours
    """

    completed: int
    first_pass_yield: float | None
    key: None | str
    orders_completed: int
    scrapped: int
    started: int
    throughput_per_hour: float | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        completed = self.completed

        first_pass_yield: float | None
        first_pass_yield = self.first_pass_yield

        key: None | str
        key = self.key

        orders_completed = self.orders_completed

        scrapped = self.scrapped

        started = self.started

        throughput_per_hour: float | None
        throughput_per_hour = self.throughput_per_hour

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "completed": completed,
                "first_pass_yield": first_pass_yield,
                "key": key,
                "orders_completed": orders_completed,
                "scrapped": scrapped,
                "started": started,
                "throughput_per_hour": throughput_per_hour,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        completed = d.pop("completed")

        def _parse_first_pass_yield(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        first_pass_yield = _parse_first_pass_yield(d.pop("first_pass_yield"))

        def _parse_key(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        key = _parse_key(d.pop("key"))

        orders_completed = d.pop("orders_completed")

        scrapped = d.pop("scrapped")

        started = d.pop("started")

        def _parse_throughput_per_hour(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        throughput_per_hour = _parse_throughput_per_hour(d.pop("throughput_per_hour"))

        production_row = cls(
            completed=completed,
            first_pass_yield=first_pass_yield,
            key=key,
            orders_completed=orders_completed,
            scrapped=scrapped,
            started=started,
            throughput_per_hour=throughput_per_hour,
        )

        production_row.additional_properties = d
        return production_row

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
