from enum import StrEnum


class MachineStateName(StrEnum):
    DOWN = "down"
    IDLE = "idle"
    OFF = "off"
    RUNNING = "running"
    SETUP = "setup"

    def __str__(self) -> str:
        return str(self.value)
