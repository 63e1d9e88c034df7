from enum import StrEnum


class GroupBy(StrEnum):
    DAY = "day"
    LINE = "line"
    MONTH = "month"
    PART = "part"
    SHIFT = "shift"
    WEEK = "week"

    def __str__(self) -> str:
        return str(self.value)
