from enum import StrEnum


class DowntimeCategory(StrEnum):
    EQUIPMENT_FAILURE = "equipment_failure"
    MATERIAL_SHORTAGE = "material_shortage"
    MINOR_STOP = "minor_stop"
    NO_OPERATOR = "no_operator"
    PLANNED = "planned"
    REDUCED_SPEED = "reduced_speed"
    SETUP_ADJUSTMENT = "setup_adjustment"
    UNQUALIFIED = "unqualified"

    def __str__(self) -> str:
        return str(self.value)
