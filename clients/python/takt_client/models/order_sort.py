from enum import StrEnum


class OrderSort(StrEnum):
    CREATED_AT = "created_at"
    DUE_DATE = "due_date"
    PRIORITY = "priority"
    VALUE_1 = "-priority"
    VALUE_3 = "-due_date"
    VALUE_5 = "-created_at"

    def __str__(self) -> str:
        return str(self.value)
