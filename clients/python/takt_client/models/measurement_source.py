from enum import StrEnum


class MeasurementSource(StrEnum):
    IMPORT = "import"
    MACHINE = "machine"
    OPERATOR = "operator"

    def __str__(self) -> str:
        return str(self.value)
