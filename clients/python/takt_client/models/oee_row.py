from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.loss import Loss


T = TypeVar("T", bound="OeeRow")


@_attrs_define
class OeeRow:
    """
    Attributes:
        apt_s (float): APT actual production time: running within PBT
        availability (float | None): APT / PBT (null: no PBT)
        down_s (float): PBT - APT
        effectiveness (float | None): Σ(ideal cycle * PQ) / APT (null: no APT, or something produced has no ideal cycle
            time)
        gq (int): GQ good quantity
        key (str): workstation id, line id, shift instance (`2026-03-28 Night`: local start day and shift name) or
            plant-local day (`2026-03-28`)
        losses (list[Loss]): down_s by reason, largest first
        oee (float | None): availability * effectiveness * quality ratio
        pbt_s (float): PBT planned busy time: shift time minus breaks
        pq (int): PQ produced quantity
        quality_ratio (float | None): GQ / PQ (null: nothing produced)
    """

    apt_s: float
    availability: float | None
    down_s: float
    effectiveness: float | None
    gq: int
    key: str
    losses: list[Loss]
    oee: float | None
    pbt_s: float
    pq: int
    quality_ratio: float | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        apt_s = self.apt_s

        availability: float | None
        availability = self.availability

        down_s = self.down_s

        effectiveness: float | None
        effectiveness = self.effectiveness

        gq = self.gq

        key = self.key

        losses = []
        for losses_item_data in self.losses:
            losses_item = losses_item_data.to_dict()
            losses.append(losses_item)

        oee: float | None
        oee = self.oee

        pbt_s = self.pbt_s

        pq = self.pq

        quality_ratio: float | None
        quality_ratio = self.quality_ratio

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "apt_s": apt_s,
                "availability": availability,
                "down_s": down_s,
                "effectiveness": effectiveness,
                "gq": gq,
                "key": key,
                "losses": losses,
                "oee": oee,
                "pbt_s": pbt_s,
                "pq": pq,
                "quality_ratio": quality_ratio,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.loss import Loss  # noqa: PLC0415

        d = dict(src_dict)
        apt_s = d.pop("apt_s")

        def _parse_availability(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        availability = _parse_availability(d.pop("availability"))

        down_s = d.pop("down_s")

        def _parse_effectiveness(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        effectiveness = _parse_effectiveness(d.pop("effectiveness"))

        gq = d.pop("gq")

        key = d.pop("key")

        losses = []
        _losses = d.pop("losses")
        for losses_item_data in _losses:
            losses_item = Loss.from_dict(losses_item_data)

            losses.append(losses_item)

        def _parse_oee(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        oee = _parse_oee(d.pop("oee"))

        pbt_s = d.pop("pbt_s")

        pq = d.pop("pq")

        def _parse_quality_ratio(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        quality_ratio = _parse_quality_ratio(d.pop("quality_ratio"))

        oee_row = cls(
            apt_s=apt_s,
            availability=availability,
            down_s=down_s,
            effectiveness=effectiveness,
            gq=gq,
            key=key,
            losses=losses,
            oee=oee,
            pbt_s=pbt_s,
            pq=pq,
            quality_ratio=quality_ratio,
        )

        oee_row.additional_properties = d
        return oee_row

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
