from enum import StrEnum


class WhereUsedKind(StrEnum):
    BATCH = "batch"
    UNIT = "unit"

    def __str__(self) -> str:
        return str(self.value)
