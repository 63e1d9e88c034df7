from enum import StrEnum


class PartKind(StrEnum):
    COMPONENT = "component"
    MATERIAL = "material"
    PRODUCT = "product"

    def __str__(self) -> str:
        return str(self.value)
