"""The order status machine, in one place."""

from __future__ import annotations

from enum import StrEnum

from app.models import OrderStatus

S = OrderStatus


class OrderAction(StrEnum):
    SCHEDULE = "schedule"
    START = "start"
    PAUSE = "pause"
    RESUME = "resume"
    COMPLETE = "complete"
    CLOSE = "close"
    CANCEL = "cancel"
    REJECT = "reject"


# action -> (statuses it may be taken from, status it leads to)
TRANSITIONS: dict[OrderAction, tuple[frozenset[OrderStatus], OrderStatus]] = {
    OrderAction.SCHEDULE: (frozenset({S.NEW}), S.SCHEDULED),
    OrderAction.START: (frozenset({S.NEW, S.SCHEDULED}), S.RUNNING),
    OrderAction.PAUSE: (frozenset({S.RUNNING}), S.PAUSED),
    OrderAction.RESUME: (frozenset({S.PAUSED}), S.RUNNING),
    OrderAction.COMPLETE: (frozenset({S.RUNNING}), S.COMPLETE),
    OrderAction.CLOSE: (frozenset({S.COMPLETE}), S.CLOSED),
    OrderAction.CANCEL: (frozenset({S.NEW, S.SCHEDULED, S.RUNNING, S.PAUSED}), S.CANCELLED),
    OrderAction.REJECT: (frozenset({S.NEW, S.SCHEDULED}), S.REJECTED),
}

ACTION_SUMMARIES: dict[OrderAction, str] = {
    OrderAction.SCHEDULE: "Schedule a new order (new → scheduled).",
    OrderAction.START: "Release an order to production (new|scheduled → running).",
    OrderAction.PAUSE: "Pause a running order; its units refuse moves (running → paused).",
    OrderAction.RESUME: "Resume a paused order (paused → running).",
    OrderAction.COMPLETE: "Supervisor override: complete a running order now (running → "
    "complete). While units are in progress it is 409 `units_in_progress`, unless the body "
    'says `{"open_units": "scrap"}`: they are scrapped with the completion.',
    OrderAction.CLOSE: "Close a complete order for good (complete → closed).",
    OrderAction.CANCEL: "Cancel an order (new|scheduled|running|paused → cancelled). Its "
    'units still in progress are scrapped with it (history `scrapped`, "order cancelled").',
    OrderAction.REJECT: "Reject an order that has not started (new|scheduled → rejected).",
}

# Statuses in which an order's units can be generated (generation starts new/scheduled ones).
GENERATABLE = frozenset({S.NEW, S.SCHEDULED, S.RUNNING})
# Statuses after which nothing about the order changes any more.
FINAL = frozenset({S.CLOSED, S.CANCELLED, S.REJECTED})
FINISHED = frozenset({S.COMPLETE, S.CLOSED, S.CANCELLED, S.REJECTED})


def format_number(n: int) -> str:
    """PO-0001 … PO-9999, then PO-10000: the padding widens, numbers are never reused."""
    return f"PO-{n:04d}"
