from enum import StrEnum


class AssistantReplyStatus(StrEnum):
    ASKED = "asked"
    CONFIRM = "confirm"
    DONE = "done"
    NOT_UNDERSTOOD = "not_understood"
    REFUSED = "refused"

    def __str__(self) -> str:
        return str(self.value)
