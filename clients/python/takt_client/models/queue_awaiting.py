from enum import StrEnum


class QueueAwaiting(StrEnum):
    ARRIVAL = "arrival"
    COMPLETE = "complete"
    DISPOSITION = "disposition"
    GATE_DECISION = "gate_decision"
    MOVE = "move"
    START = "start"

    def __str__(self) -> str:
        return str(self.value)
