from enum import StrEnum


class RecordQualityEventResultType0(StrEnum):
    FAIL = "fail"
    PASS = "pass"

    def __str__(self) -> str:
        return str(self.value)
