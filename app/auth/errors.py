"""Domain errors of access rules (codes are part of the API contract)."""

from __future__ import annotations

from app.kit.errors import Forbidden


class NotYourStation(Forbidden):
    code = "not_your_station"
    title = "Not your line or workstation"
