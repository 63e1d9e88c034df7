from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.delivery_out_status import DeliveryOutStatus

if TYPE_CHECKING:
    from ..models.delivery_out_payload import DeliveryOutPayload


T = TypeVar("T", bound="DeliveryOut")


@_attrs_define
class DeliveryOut:
    """
    Attributes:
        attempts (int): attempts made
        created_at (datetime.datetime): when it was queued
        delivered_at (datetime.datetime | None): when a receiver accepted it
        duration_ms (float | None): duration of the last attempt
        event_type (str): webhook event type (`webhook.test` for a ping)
        id (int): delivery id
        last_error (None | str): what went wrong on the last attempt
        last_status_code (int | None): HTTP status of the last attempt
        message_id (str): `webhook-id` header: the same on every retry
        next_attempt_at (datetime.datetime | None): when it is tried next (undelivered)
        payload (DeliveryOutPayload): the body sent: `{type, timestamp, data}`
        redelivery_of (int | None): the delivery this one repeats
        seq (int | None): the outbox event's sequence number (null: ping, redelivery)
        status (DeliveryOutStatus): pending (not tried), failed (retry scheduled), succeeded, dead (given up)
        webhook_id (int): the webhook
    """

    attempts: int
    created_at: datetime.datetime
    delivered_at: datetime.datetime | None
    duration_ms: float | None
    event_type: str
    id: int
    last_error: None | str
    last_status_code: int | None
    message_id: str
    next_attempt_at: datetime.datetime | None
    payload: DeliveryOutPayload
    redelivery_of: int | None
    seq: int | None
    status: DeliveryOutStatus
    webhook_id: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        attempts = self.attempts

        created_at = self.created_at.isoformat()

        delivered_at: None | str
        if isinstance(self.delivered_at, datetime.datetime):
            delivered_at = self.delivered_at.isoformat()
        else:
            delivered_at = self.delivered_at

        duration_ms: float | None
        duration_ms = self.duration_ms

        event_type = self.event_type

        id = self.id

        last_error: None | str
        last_error = self.last_error

        last_status_code: int | None
        last_status_code = self.last_status_code

        message_id = self.message_id

        next_attempt_at: None | str
        if isinstance(self.next_attempt_at, datetime.datetime):
            next_attempt_at = self.next_attempt_at.isoformat()
        else:
            next_attempt_at = self.next_attempt_at

        payload = self.payload.to_dict()

        redelivery_of: int | None
        redelivery_of = self.redelivery_of

        seq: int | None
        seq = self.seq

        status = self.status.value

        webhook_id = self.webhook_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "attempts": attempts,
                "created_at": created_at,
                "delivered_at": delivered_at,
                "duration_ms": duration_ms,
                "event_type": event_type,
                "id": id,
                "last_error": last_error,
                "last_status_code": last_status_code,
                "message_id": message_id,
                "next_attempt_at": next_attempt_at,
                "payload": payload,
                "redelivery_of": redelivery_of,
                "seq": seq,
                "status": status,
                "webhook_id": webhook_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.delivery_out_payload import DeliveryOutPayload  # noqa: PLC0415

        d = dict(src_dict)
        attempts = d.pop("attempts")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_delivered_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                delivered_at_type_0 = datetime.datetime.fromisoformat(data)

                return delivered_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        delivered_at = _parse_delivered_at(d.pop("delivered_at"))

        def _parse_duration_ms(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        duration_ms = _parse_duration_ms(d.pop("duration_ms"))

        event_type = d.pop("event_type")

        id = d.pop("id")

        def _parse_last_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        last_error = _parse_last_error(d.pop("last_error"))

        def _parse_last_status_code(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        last_status_code = _parse_last_status_code(d.pop("last_status_code"))

        message_id = d.pop("message_id")

        def _parse_next_attempt_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                next_attempt_at_type_0 = datetime.datetime.fromisoformat(data)

                return next_attempt_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        next_attempt_at = _parse_next_attempt_at(d.pop("next_attempt_at"))

        payload = DeliveryOutPayload.from_dict(d.pop("payload"))

        def _parse_redelivery_of(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        redelivery_of = _parse_redelivery_of(d.pop("redelivery_of"))

        def _parse_seq(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        seq = _parse_seq(d.pop("seq"))

        status = DeliveryOutStatus(d.pop("status"))

        webhook_id = d.pop("webhook_id")

        delivery_out = cls(
            attempts=attempts,
            created_at=created_at,
            delivered_at=delivered_at,
            duration_ms=duration_ms,
            event_type=event_type,
            id=id,
            last_error=last_error,
            last_status_code=last_status_code,
            message_id=message_id,
            next_attempt_at=next_attempt_at,
            payload=payload,
            redelivery_of=redelivery_of,
            seq=seq,
            status=status,
            webhook_id=webhook_id,
        )

        delivery_out.additional_properties = d
        return delivery_out

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
