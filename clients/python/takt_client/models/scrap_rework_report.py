from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ScrapReworkReport")


@_attrs_define
class ScrapReworkReport:
    """
    Attributes:
        from_ (datetime.datetime): start of the window (inclusive)
        good (int): GQ: of those, completed
        produced (int): PQ: units and batch items finished in the window (completed or scrapped)
        quality_ratio (float | None): quality ratio = GQ / PQ
        rework_ratio (float | None): rework ratio = RQ / PQ
        reworked (int): RQ: of those, reworked at least once (units only)
        scrap_ratio (float | None): scrap ratio = SQ / PQ
        scrapped (int): SQ: of those, scrapped
        to (datetime.datetime): end of the window (exclusive)
    """

    from_: datetime.datetime
    good: int
    produced: int
    quality_ratio: float | None
    rework_ratio: float | None
    reworked: int
    scrap_ratio: float | None
    scrapped: int
    to: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from_ = self.from_.isoformat()

        good = self.good

        produced = self.produced

        quality_ratio: float | None
        quality_ratio = self.quality_ratio

        rework_ratio: float | None
        rework_ratio = self.rework_ratio

        reworked = self.reworked

        scrap_ratio: float | None
        scrap_ratio = self.scrap_ratio

        scrapped = self.scrapped

        to = self.to.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "from": from_,
                "good": good,
                "produced": produced,
                "quality_ratio": quality_ratio,
                "rework_ratio": rework_ratio,
                "reworked": reworked,
                "scrap_ratio": scrap_ratio,
                "scrapped": scrapped,
                "to": to,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        from_ = datetime.datetime.fromisoformat(d.pop("from"))

        good = d.pop("good")

        produced = d.pop("produced")

        def _parse_quality_ratio(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        quality_ratio = _parse_quality_ratio(d.pop("quality_ratio"))

        def _parse_rework_ratio(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        rework_ratio = _parse_rework_ratio(d.pop("rework_ratio"))

        reworked = d.pop("reworked")

        def _parse_scrap_ratio(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        scrap_ratio = _parse_scrap_ratio(d.pop("scrap_ratio"))

        scrapped = d.pop("scrapped")

        to = datetime.datetime.fromisoformat(d.pop("to"))

        scrap_rework_report = cls(
            from_=from_,
            good=good,
            produced=produced,
            quality_ratio=quality_ratio,
            rework_ratio=rework_ratio,
            reworked=reworked,
            scrap_ratio=scrap_ratio,
            scrapped=scrapped,
            to=to,
        )

        scrap_rework_report.additional_properties = d
        return scrap_rework_report

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
