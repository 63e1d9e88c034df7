from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="WebhookOut")


@_attrs_define
class WebhookOut:
    """
    Attributes:
        active (bool): whether events are delivered to it
        consecutive_failures (int): failed attempts since the last success
        created_at (datetime.datetime): when it was created
        created_by (str): who created it
        deactivated_at (datetime.datetime | None): when it was deactivated
        deactivated_reason (None | str): why it was deactivated automatically (410 Gone, too many failures)
        description (None | str): what the webhook is for
        events (list[str]): event types delivered (`*`: all)
        id (int): webhook id
        previous_secret_expires_at (datetime.datetime | None): after a rotation, deliveries are also signed with the
            previous secret until then
        updated_at (datetime.datetime): when it last changed
        url (str): where deliveries are POSTed
    """

    active: bool
    consecutive_failures: int
    created_at: datetime.datetime
    created_by: str
    deactivated_at: datetime.datetime | None
    deactivated_reason: None | str
    description: None | str
    events: list[str]
    id: int
    previous_secret_expires_at: datetime.datetime | None
    updated_at: datetime.datetime
    url: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        active = self.active

        consecutive_failures = self.consecutive_failures

        created_at = self.created_at.isoformat()

        created_by = self.created_by

        deactivated_at: None | str
        if isinstance(self.deactivated_at, datetime.datetime):
            deactivated_at = self.deactivated_at.isoformat()
        else:
            deactivated_at = self.deactivated_at

        deactivated_reason: None | str
        deactivated_reason = self.deactivated_reason

        description: None | str
        description = self.description

        events = self.events

        id = self.id

        previous_secret_expires_at: None | str
        if isinstance(self.previous_secret_expires_at, datetime.datetime):
            previous_secret_expires_at = self.previous_secret_expires_at.isoformat()
        else:
            previous_secret_expires_at = self.previous_secret_expires_at

        updated_at = self.updated_at.isoformat()

        url = self.url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "active": active,
                "consecutive_failures": consecutive_failures,
                "created_at": created_at,
                "created_by": created_by,
                "deactivated_at": deactivated_at,
                "deactivated_reason": deactivated_reason,
                "description": description,
                "events": events,
                "id": id,
                "previous_secret_expires_at": previous_secret_expires_at,
                "updated_at": updated_at,
                "url": url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        active = d.pop("active")

        consecutive_failures = d.pop("consecutive_failures")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        created_by = d.pop("created_by")

        def _parse_deactivated_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                deactivated_at_type_0 = datetime.datetime.fromisoformat(data)

                return deactivated_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        deactivated_at = _parse_deactivated_at(d.pop("deactivated_at"))

        def _parse_deactivated_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        deactivated_reason = _parse_deactivated_reason(d.pop("deactivated_reason"))

        def _parse_description(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        description = _parse_description(d.pop("description"))

        events = cast(list[str], d.pop("events"))

        id = d.pop("id")

        def _parse_previous_secret_expires_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                previous_secret_expires_at_type_0 = datetime.datetime.fromisoformat(data)

                return previous_secret_expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        previous_secret_expires_at = _parse_previous_secret_expires_at(d.pop("previous_secret_expires_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        url = d.pop("url")

        webhook_out = cls(
            active=active,
            consecutive_failures=consecutive_failures,
            created_at=created_at,
            created_by=created_by,
            deactivated_at=deactivated_at,
            deactivated_reason=deactivated_reason,
            description=description,
            events=events,
            id=id,
            previous_secret_expires_at=previous_secret_expires_at,
            updated_at=updated_at,
            url=url,
        )

        webhook_out.additional_properties = d
        return webhook_out

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
