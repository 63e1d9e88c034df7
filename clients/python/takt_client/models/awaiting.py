from enum import StrEnum


class Awaiting(StrEnum):
    DISPOSITION = "disposition"
    GATE_DECISION = "gate_decision"
    MOVE = "move"

    def __str__(self) -> str:
        return str(self.value)
