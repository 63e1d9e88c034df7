from enum import StrEnum


class ImportTarget(StrEnum):
    LOTS = "lots"
    ORDERS = "orders"
    PARTS = "parts"

    def __str__(self) -> str:
        return str(self.value)
