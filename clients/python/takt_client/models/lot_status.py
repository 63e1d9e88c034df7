from enum import StrEnum


class LotStatus(StrEnum):
    AVAILABLE = "available"
    CONSUMED = "consumed"
    ON_HOLD = "on_hold"

    def __str__(self) -> str:
        return str(self.value)
