"""Which outbox events become which webhook events: the one table.

A webhook subscribes to names of the contract (`unit.completed`, …) or to `*` (all of them).
Each outbox event becomes zero, one or two webhook events (an order completing is both
`order.status_changed` and `order.completed`); the body sent is the Standard Webhooks
envelope `{"type", "timestamp", "data"}`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.issues.events import ISSUE_EVENT
from app.materials import events as materials_events
from app.models import BatchStatus, EventType, IssueStatus
from app.orders.events import ORDER_STATUS_EVENT
from app.outbox.repository import Event
from app.quality.events import ALERT_EVENT
from app.realtime.messages import iso
from app.wip.events import BATCH_STEP_COMPLETED, payload_of

UNIT_COMPLETED = "unit.completed"
ORDER_COMPLETED = "order.completed"
ORDER_STATUS_CHANGED = "order.status_changed"
ISSUE_OPENED = "issue.opened"
ALERT_FIRED = "alert.fired"
BATCH_COMPLETED = "batch.completed"
LOT_CONSUMED = "lot.consumed"
PING = "webhook.test"  # the test ping (`POST /webhooks/{id}/test`), never subscribed to
ALL = "*"

EVENT_NAMES: tuple[str, ...] = (
    UNIT_COMPLETED,
    ORDER_COMPLETED,
    ORDER_STATUS_CHANGED,
    ISSUE_OPENED,
    ALERT_FIRED,
    BATCH_COMPLETED,
    LOT_CONSUMED,
)

Data = dict[str, Any]


def _unit_completed(event: Event) -> list[tuple[str, Data]]:
    return [
        (
            UNIT_COMPLETED,
            {
                "serial": event.serial,
                "order": event.order_number,
                "line_id": event.line_id,
                "step": event.from_step,
                "workstation_id": event.from_workstation_id,
                "completed_at": iso(event.at),
            },
        )
    ]


def _order_status(event: Event) -> list[tuple[str, Data]]:
    data = payload_of(event.payload)
    found = [(ORDER_STATUS_CHANGED, data)]
    if data.get("to") == "complete":
        found.append((ORDER_COMPLETED, data))
    return found


def _issue(event: Event) -> list[tuple[str, Data]]:
    data = payload_of(event.payload)
    if data.get("status") != IssueStatus.OPEN.value:
        return []  # acknowledged, resolved, closed: not subscribable (yet)
    return [(ISSUE_OPENED, data)]


def _alert(event: Event) -> list[tuple[str, Data]]:
    return [(ALERT_FIRED, payload_of(event.payload))]


def _batch_step_completed(event: Event) -> list[tuple[str, Data]]:
    if event.status != BatchStatus.COMPLETED.value:
        return []  # a step of a batch that goes on
    body = payload_of(event.payload)
    return [
        (
            BATCH_COMPLETED,
            {
                "batch": body.get("batch"),
                "order": event.order_number,
                "line_id": event.line_id,
                "step": body.get("step"),
                "quantity": body.get("quantity"),
                "good": body.get("good"),
                "scrap": body.get("scrap"),
                "completed_at": iso(event.at),
            },
        )
    ]


def _lot_consumed(event: Event) -> list[tuple[str, Data]]:
    return [(LOT_CONSUMED, payload_of(event.payload))]


# outbox event type -> the webhook events it becomes
MAPPING: dict[str, Callable[[Event], list[tuple[str, Data]]]] = {
    EventType.COMPLETED.value: _unit_completed,
    ORDER_STATUS_EVENT: _order_status,
    ISSUE_EVENT: _issue,
    ALERT_EVENT: _alert,
    BATCH_STEP_COMPLETED: _batch_step_completed,
    materials_events.LOT_CONSUMED: _lot_consumed,
}


def webhook_events(event: Event) -> list[tuple[str, Data]]:
    """The webhook events (name, data) an outbox event becomes (none for most)."""
    convert = MAPPING.get(event.type)
    return convert(event) if convert is not None else []


def envelope(name: str, at: str, data: Data) -> Data:
    """The body of a delivery (Standard Webhooks' recommended payload structure)."""
    return {"type": name, "timestamp": at, "data": data}


def subscribed(events: list[str], name: str) -> bool:
    return name in events or ALL in events
