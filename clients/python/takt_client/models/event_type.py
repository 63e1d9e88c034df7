from enum import StrEnum


class EventType(StrEnum):
    COMPLETED = "completed"
    CONSUMED = "consumed"
    CREATED = "created"
    GATE_FAILED = "gate_failed"
    GATE_PASSED = "gate_passed"
    INSTALLED = "installed"
    MEASURED = "measured"
    MOVED = "moved"
    REMOVED = "removed"
    REWORKED = "reworked"
    SCRAPPED = "scrapped"

    def __str__(self) -> str:
        return str(self.value)
