from enum import StrEnum


class MessageOutcome(StrEnum):
    APPLIED = "applied"
    DEAD_LETTER = "dead_letter"

    def __str__(self) -> str:
        return str(self.value)
