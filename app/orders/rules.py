"""Rules of an order's route and line, as pure functions: the single-order commands
(`app.orders.service`) and the order import (`app.imports.orders`) both decide with them,
each reading what they need its own way (one order, or a file's worth at once)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

from app.kit.errors import Invalid


class RouteLike(Protocol):
    @property
    def id(self) -> int: ...

    @property
    def code(self) -> str: ...

    @property
    def part_id(self) -> int: ...


R = TypeVar("R", bound=RouteLike)


def pick_route(part_id: int, part_number: str, requested: R | None, candidates: Sequence[R]) -> R:
    """The order's route: the requested one if it builds the part; else the part's only
    route (422 `no_route` without one, `route_required` with several)."""
    if requested is not None:
        if requested.part_id != part_id:
            raise Invalid(
                f"route {requested.code} builds part {requested.part_id}, not part {part_id}",
                code="route_part_mismatch",
            )
        return requested
    if not candidates:
        raise Invalid(f"part {part_number} has no route: create one first", code="no_route")
    if len(candidates) > 1:
        raise Invalid(
            f"part {part_number} has several routes: choose one with route_id",
            code="route_required",
        )
    return candidates[0]


def line_not_on_route(line_code: str) -> Invalid:
    """A planned line the order's route revision does not visit (its units are counted on
    that line's board before they enter the route)."""
    return Invalid(
        f"line {line_code} is not on the order's route: plan it on a line one of the "
        "route's steps is at",
        code="line_not_on_route",
        field="line_id",
    )
