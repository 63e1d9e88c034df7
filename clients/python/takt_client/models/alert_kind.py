from enum import StrEnum


class AlertKind(StrEnum):
    DEFECT_REPEAT = "defect_repeat"
    YIELD_BELOW = "yield_below"

    def __str__(self) -> str:
        return str(self.value)
