"""Domain errors of production orders (codes are part of the API contract)."""

from __future__ import annotations

from app.kit.errors import Conflict


class QuantityExceeded(Conflict):
    """More would be produced than the order's quantity (scrap may be replaced, one for one)."""

    code = "quantity_exceeded"
    title = "Order quantity exceeded"


class UnitsInProgress(Conflict):
    """An order cannot be completed while its units are still in progress."""

    code = "units_in_progress"
    title = "Units still in progress"


class WrongTracking(Conflict):
    """A serial call on a batch order, or a batch call on a serial order."""

    code = "wrong_tracking"
    title = "Wrong tracking"
