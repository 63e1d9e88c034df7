from enum import StrEnum


class UnitStatus(StrEnum):
    COMPLETED = "completed"
    IN_PROGRESS = "in_progress"
    SCRAPPED = "scrapped"

    def __str__(self) -> str:
        return str(self.value)
