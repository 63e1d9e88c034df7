from enum import StrEnum


class TelemetryKind(StrEnum):
    COUNT = "count"
    EVENT = "event"
    MEASUREMENT = "measurement"
    STATE = "state"

    def __str__(self) -> str:
        return str(self.value)
