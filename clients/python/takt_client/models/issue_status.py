from enum import StrEnum


class IssueStatus(StrEnum):
    ACKNOWLEDGED = "acknowledged"
    CLOSED = "closed"
    OPEN = "open"
    RESOLVED = "resolved"

    def __str__(self) -> str:
        return str(self.value)
