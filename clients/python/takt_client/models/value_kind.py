from enum import StrEnum


class ValueKind(StrEnum):
    SCALAR = "scalar"
    VECTOR = "vector"

    def __str__(self) -> str:
        return str(self.value)
