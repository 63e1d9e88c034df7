from enum import StrEnum


class UserKind(StrEnum):
    PERSON = "person"
    WORKSTATION = "workstation"

    def __str__(self) -> str:
        return str(self.value)
