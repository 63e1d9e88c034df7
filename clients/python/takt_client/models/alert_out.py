from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.alert_kind import AlertKind

if TYPE_CHECKING:
    from ..models.alert_out_details_type_0 import AlertOutDetailsType0


T = TypeVar("T", bound="AlertOut")


@_attrs_define
class AlertOut:
    """
    Attributes:
        acknowledged_at (datetime.datetime | None): when acknowledged (null: open)
        acknowledged_by (None | str): who acknowledged it
        at (datetime.datetime): when the rule fired
        defect_code (None | str): which defect (`defect_repeat`)
        details (AlertOutDetailsType0 | None): the figures behind the alert
        id (int): alert id
        kind (AlertKind):
        message (str): what happened, for people
        rule (str): its name
        rule_id (int): the rule that fired
        value (float): the yield in % or the number of occurrences
        workstation_id (int | None): where (yield alerts, scoped rules)
    """

    acknowledged_at: datetime.datetime | None
    acknowledged_by: None | str
    at: datetime.datetime
    defect_code: None | str
    details: AlertOutDetailsType0 | None
    id: int
    kind: AlertKind
    message: str
    rule: str
    rule_id: int
    value: float
    workstation_id: int | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.alert_out_details_type_0 import AlertOutDetailsType0  # noqa: PLC0415

        acknowledged_at: None | str
        if isinstance(self.acknowledged_at, datetime.datetime):
            acknowledged_at = self.acknowledged_at.isoformat()
        else:
            acknowledged_at = self.acknowledged_at

        acknowledged_by: None | str
        acknowledged_by = self.acknowledged_by

        at = self.at.isoformat()

        defect_code: None | str
        defect_code = self.defect_code

        details: dict[str, Any] | None
        if isinstance(self.details, AlertOutDetailsType0):
            details = self.details.to_dict()
        else:
            details = self.details

        id = self.id

        kind = self.kind.value

        message = self.message

        rule = self.rule

        rule_id = self.rule_id

        value = self.value

        workstation_id: int | None
        workstation_id = self.workstation_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "acknowledged_at": acknowledged_at,
                "acknowledged_by": acknowledged_by,
                "at": at,
                "defect_code": defect_code,
                "details": details,
                "id": id,
                "kind": kind,
                "message": message,
                "rule": rule,
                "rule_id": rule_id,
                "value": value,
                "workstation_id": workstation_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.alert_out_details_type_0 import AlertOutDetailsType0  # noqa: PLC0415

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

        at = datetime.datetime.fromisoformat(d.pop("at"))

        def _parse_defect_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        defect_code = _parse_defect_code(d.pop("defect_code"))

        def _parse_details(data: object) -> AlertOutDetailsType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                details_type_0 = AlertOutDetailsType0.from_dict(data)

                return details_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AlertOutDetailsType0 | None, data)

        details = _parse_details(d.pop("details"))

        id = d.pop("id")

        kind = AlertKind(d.pop("kind"))

        message = d.pop("message")

        rule = d.pop("rule")

        rule_id = d.pop("rule_id")

        value = d.pop("value")

        def _parse_workstation_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        workstation_id = _parse_workstation_id(d.pop("workstation_id"))

        alert_out = cls(
            acknowledged_at=acknowledged_at,
            acknowledged_by=acknowledged_by,
            at=at,
            defect_code=defect_code,
            details=details,
            id=id,
            kind=kind,
            message=message,
            rule=rule,
            rule_id=rule_id,
            value=value,
            workstation_id=workstation_id,
        )

        alert_out.additional_properties = d
        return alert_out

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
