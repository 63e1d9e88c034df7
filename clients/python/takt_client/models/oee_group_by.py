from enum import StrEnum


class OeeGroupBy(StrEnum):
    DAY = "day"
    LINE = "line"
    SHIFT = "shift"
    WORKSTATION = "workstation"

    def __str__(self) -> str:
        return str(self.value)
