from enum import StrEnum


class HistoryEntryResultType0(StrEnum):
    FAIL = "fail"
    PASS = "pass"

    def __str__(self) -> str:
        return str(self.value)
