from enum import StrEnum


class RecordIssueRelation(StrEnum):
    LINE = "line"
    ORDER = "order"
    UNIT = "unit"
    WORKSTATION = "workstation"

    def __str__(self) -> str:
        return str(self.value)
