from enum import StrEnum


class DeadLetterOutStatus(StrEnum):
    DISCARDED = "discarded"
    OPEN = "open"
    REPLAYED = "replayed"

    def __str__(self) -> str:
        return str(self.value)
