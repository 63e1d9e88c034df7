from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.record_bom import RecordBom
    from ..models.record_child import RecordChild
    from ..models.record_event import RecordEvent
    from ..models.record_issue import RecordIssue
    from ..models.record_labour import RecordLabour
    from ..models.record_lot import RecordLot
    from ..models.record_measurement import RecordMeasurement
    from ..models.record_order import RecordOrder
    from ..models.record_part import RecordPart
    from ..models.record_quality_event import RecordQualityEvent
    from ..models.record_route import RecordRoute
    from ..models.record_stay import RecordStay
    from ..models.record_unit import RecordUnit


T = TypeVar("T", bound="UnitRecord")


@_attrs_define
class UnitRecord:
    """The device history record of one unit: everything that happened to it.

    Attributes:
        bom_revision (None | RecordBom): the BOM the order pinned (null: none)
        children (list[RecordChild]): sub-assemblies installed (open and removed), each with its summary
        generated_at (datetime.datetime): when this record was generated
        generated_by (str): who asked for it
        history (list[RecordEvent]): the unit's history, oldest first
        issues (list[RecordIssue]): issues touching the unit, oldest first
        labour (list[RecordLabour]): labour entries, oldest first
        lots (list[RecordLot]): lots consumed, oldest first
        measurements (list[RecordMeasurement]): every measurement, oldest first
        order (RecordOrder):
        part (RecordPart):
        quality_events (list[RecordQualityEvent]): the quality log, oldest first
        route (RecordRoute):
        stays (list[RecordStay]): every stay at a route step, oldest first
        unit (RecordUnit):
    """

    bom_revision: None | RecordBom
    children: list[RecordChild]
    generated_at: datetime.datetime
    generated_by: str
    history: list[RecordEvent]
    issues: list[RecordIssue]
    labour: list[RecordLabour]
    lots: list[RecordLot]
    measurements: list[RecordMeasurement]
    order: RecordOrder
    part: RecordPart
    quality_events: list[RecordQualityEvent]
    route: RecordRoute
    stays: list[RecordStay]
    unit: RecordUnit
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.record_bom import RecordBom  # noqa: PLC0415

        bom_revision: dict[str, Any] | None
        if isinstance(self.bom_revision, RecordBom):
            bom_revision = self.bom_revision.to_dict()
        else:
            bom_revision = self.bom_revision

        children = []
        for children_item_data in self.children:
            children_item = children_item_data.to_dict()
            children.append(children_item)

        generated_at = self.generated_at.isoformat()

        generated_by = self.generated_by

        history = []
        for history_item_data in self.history:
            history_item = history_item_data.to_dict()
            history.append(history_item)

        issues = []
        for issues_item_data in self.issues:
            issues_item = issues_item_data.to_dict()
            issues.append(issues_item)

        labour = []
        for labour_item_data in self.labour:
            labour_item = labour_item_data.to_dict()
            labour.append(labour_item)

        lots = []
        for lots_item_data in self.lots:
            lots_item = lots_item_data.to_dict()
            lots.append(lots_item)

        measurements = []
        for measurements_item_data in self.measurements:
            measurements_item = measurements_item_data.to_dict()
            measurements.append(measurements_item)

        order = self.order.to_dict()

        part = self.part.to_dict()

        quality_events = []
        for quality_events_item_data in self.quality_events:
            quality_events_item = quality_events_item_data.to_dict()
            quality_events.append(quality_events_item)

        route = self.route.to_dict()

        stays = []
        for stays_item_data in self.stays:
            stays_item = stays_item_data.to_dict()
            stays.append(stays_item)

        unit = self.unit.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "bom_revision": bom_revision,
                "children": children,
                "generated_at": generated_at,
                "generated_by": generated_by,
                "history": history,
                "issues": issues,
                "labour": labour,
                "lots": lots,
                "measurements": measurements,
                "order": order,
                "part": part,
                "quality_events": quality_events,
                "route": route,
                "stays": stays,
                "unit": unit,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.record_bom import RecordBom  # noqa: PLC0415
        from ..models.record_child import RecordChild  # noqa: PLC0415
        from ..models.record_event import RecordEvent  # noqa: PLC0415
        from ..models.record_issue import RecordIssue  # noqa: PLC0415
        from ..models.record_labour import RecordLabour  # noqa: PLC0415
        from ..models.record_lot import RecordLot  # noqa: PLC0415
        from ..models.record_measurement import RecordMeasurement  # noqa: PLC0415
        from ..models.record_order import RecordOrder  # noqa: PLC0415
        from ..models.record_part import RecordPart  # noqa: PLC0415
        from ..models.record_quality_event import RecordQualityEvent  # noqa: PLC0415
        from ..models.record_route import RecordRoute  # noqa: PLC0415
        from ..models.record_stay import RecordStay  # noqa: PLC0415
        from ..models.record_unit import RecordUnit  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_bom_revision(data: object) -> None | RecordBom:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                bom_revision_type_0 = RecordBom.from_dict(data)

                return bom_revision_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RecordBom, data)

        bom_revision = _parse_bom_revision(d.pop("bom_revision"))

        children = []
        _children = d.pop("children")
        for children_item_data in _children:
            children_item = RecordChild.from_dict(children_item_data)

            children.append(children_item)

        generated_at = datetime.datetime.fromisoformat(d.pop("generated_at"))

        generated_by = d.pop("generated_by")

        history = []
        _history = d.pop("history")
        for history_item_data in _history:
            history_item = RecordEvent.from_dict(history_item_data)

            history.append(history_item)

        issues = []
        _issues = d.pop("issues")
        for issues_item_data in _issues:
            issues_item = RecordIssue.from_dict(issues_item_data)

            issues.append(issues_item)

        labour = []
        _labour = d.pop("labour")
        for labour_item_data in _labour:
            labour_item = RecordLabour.from_dict(labour_item_data)

            labour.append(labour_item)

        lots = []
        _lots = d.pop("lots")
        for lots_item_data in _lots:
            lots_item = RecordLot.from_dict(lots_item_data)

            lots.append(lots_item)

        measurements = []
        _measurements = d.pop("measurements")
        for measurements_item_data in _measurements:
            measurements_item = RecordMeasurement.from_dict(measurements_item_data)

            measurements.append(measurements_item)

        order = RecordOrder.from_dict(d.pop("order"))

        part = RecordPart.from_dict(d.pop("part"))

        quality_events = []
        _quality_events = d.pop("quality_events")
        for quality_events_item_data in _quality_events:
            quality_events_item = RecordQualityEvent.from_dict(quality_events_item_data)

            quality_events.append(quality_events_item)

        route = RecordRoute.from_dict(d.pop("route"))

        stays = []
        _stays = d.pop("stays")
        for stays_item_data in _stays:
            stays_item = RecordStay.from_dict(stays_item_data)

            stays.append(stays_item)

        unit = RecordUnit.from_dict(d.pop("unit"))

        unit_record = cls(
            bom_revision=bom_revision,
            children=children,
            generated_at=generated_at,
            generated_by=generated_by,
            history=history,
            issues=issues,
            labour=labour,
            lots=lots,
            measurements=measurements,
            order=order,
            part=part,
            quality_events=quality_events,
            route=route,
            stays=stays,
            unit=unit,
        )

        unit_record.additional_properties = d
        return unit_record

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
