from enum import StrEnum


class DeadLetterStatus(StrEnum):
    DISCARDED = "discarded"
    OPEN = "open"
    REPLAYED = "replayed"

    def __str__(self) -> str:
        return str(self.value)
