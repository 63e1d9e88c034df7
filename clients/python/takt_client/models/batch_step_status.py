from enum import StrEnum


class BatchStepStatus(StrEnum):
    DONE = "done"
    IN_PROGRESS = "in_progress"
    PENDING = "pending"

    def __str__(self) -> str:
        return str(self.value)
