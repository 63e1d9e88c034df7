from enum import StrEnum


class Tracking(StrEnum):
    BATCH = "batch"
    SERIAL = "serial"

    def __str__(self) -> str:
        return str(self.value)
