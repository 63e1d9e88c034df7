"""Domain errors of issues (codes are part of the API contract)."""

from __future__ import annotations

from app.kit.errors import Conflict, Invalid


class PlaceMismatch(Invalid):
    """What an issue names does not fit together (a workstation on another line, a serial
    of another order)."""

    code = "reference_mismatch"
    title = "References do not agree"


class WorkstationBlocked(Conflict):
    """A blocking issue is open at the workstation (or its line) a command acts at."""

    code = "workstation_blocked"
    title = "Workstation blocked"
