from enum import StrEnum


class ConsumerStatusMqtt(StrEnum):
    CONNECTED = "connected"
    CONNECTING = "connecting"
    DISABLED = "disabled"

    def __str__(self) -> str:
        return str(self.value)
