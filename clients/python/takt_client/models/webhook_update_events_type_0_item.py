from enum import StrEnum


class WebhookUpdateEventsType0Item(StrEnum):
    ALERT_FIRED = "alert.fired"
    BATCH_COMPLETED = "batch.completed"
    ISSUE_OPENED = "issue.opened"
    LOT_CONSUMED = "lot.consumed"
    ORDER_COMPLETED = "order.completed"
    ORDER_STATUS_CHANGED = "order.status_changed"
    UNIT_COMPLETED = "unit.completed"
    VALUE_7 = "*"

    def __str__(self) -> str:
        return str(self.value)
