"""Domain errors of materials (codes are part of the API contract)."""

from __future__ import annotations

from app.kit.errors import Conflict, Invalid, NotFound


class NoBom(NotFound):
    code = "no_bom"
    title = "No bill of materials"


class NotInBom(Invalid):
    code = "not_in_bom"
    title = "Part not in the order's bill of materials"


class WrongPartKind(Invalid):
    """A product (a serialized, routed part) given where a component or material is due."""

    code = "wrong_part_kind"
    title = "Wrong part kind"


class InvalidBom(Invalid):
    """A BOM item list that cannot be a bill of materials (the part itself, a duplicate)."""

    code = "invalid_bom"
    title = "Invalid bill of materials"


class InsufficientQuantity(Conflict):
    code = "insufficient_quantity"
    title = "Insufficient quantity in the lot"


class LotUnavailable(Conflict):
    code = "lot_unavailable"
    title = "Lot unavailable"
