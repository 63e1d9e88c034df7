from enum import StrEnum


class QualityEventType(StrEnum):
    INSPECTION = "inspection"
    OBSERVATION = "observation"
    REWORK = "rework"
    SCRAP = "scrap"

    def __str__(self) -> str:
        return str(self.value)
