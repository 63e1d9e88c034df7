from enum import StrEnum


class LabourGroup(StrEnum):
    ORDER = "order"
    STEP = "step"
    USER = "user"
    WORKSTATION = "workstation"

    def __str__(self) -> str:
        return str(self.value)
