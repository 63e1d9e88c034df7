"""Domain errors of issues (codes are part of the API contract)."""

from __future__ import annotations

from app.kit.errors import Invalid


class PlaceMismatch(Invalid):
    """What an issue names does not fit together (a workstation on another line, a serial
    of another order)."""

    code = "reference_mismatch"
    title = "References do not agree"
