from enum import StrEnum


class OrderStatus(StrEnum):
    BLOCKED = "blocked"
    CANCELLED = "cancelled"
    CLOSED = "closed"
    COMPLETE = "complete"
    NEW = "new"
    PAUSED = "paused"
    REJECTED = "rejected"
    RUNNING = "running"
    SCHEDULED = "scheduled"

    def __str__(self) -> str:
        return str(self.value)
