"""HTTP routes for unit execution."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status

from app.auth.principal import Reader, UnitExecutor
from app.db.session import DbCommand, DbSession
from app.kit.pagination import Page, Paging
from app.kit.problems import problem_responses
from app.kit.routing import CommandRoute
from app.kit.schemas import MAX_ID, Serial
from app.models import UnitStatus
from app.orders.endpoints import OrderNumber
from app.units import generation, queries, service
from app.units.schemas import (
    GateDecision,
    GeneratedUnits,
    GenerateUnits,
    HistoryEntry,
    MoveUnit,
    ReworkUnit,
    ScrapUnit,
    StepVisit,
    UnitOut,
)

router = APIRouter(tags=["units"], responses=problem_responses(401, 403), route_class=CommandRoute)

_COMMAND_PROBLEMS = problem_responses(404, 409, 422)

# The unit commands come first: a router matches its routes in order, and these are the hot path.


@router.post("/units/{serial}/move", response_model=UnitOut, responses=_COMMAND_PROBLEMS)
async def move_unit(
    serial: Serial, cmd: DbCommand, principal: UnitExecutor, body: MoveUnit | None = None
) -> UnitOut:
    """Complete the current step and enter the next (step 0 → 1); from the last step the unit
    completes. 409 `gate_decision_required` at an undecided gate, `step_mismatch` when
    `expected_step` differs, `unit_finished` for a finished unit, `order_not_runnable` unless
    the order is running."""
    return await service.move_unit(cmd, principal, serial, body or MoveUnit())


@router.post("/units/{serial}/gate", response_model=UnitOut, responses=_COMMAND_PROBLEMS)
async def decide_gate(
    serial: Serial, body: GateDecision, cmd: DbCommand, principal: UnitExecutor
) -> UnitOut:
    """Record the gate inspection at the unit's current (gate) step. `pass` records
    `gate_passed` and moves the unit on like `move`; `fail` records `gate_failed` and leaves it
    awaiting `disposition` (rework or scrap). 409 `not_a_gate` elsewhere."""
    return await service.decide_gate(cmd, principal, serial, body)


@router.post("/units/{serial}/rework", response_model=UnitOut, responses=_COMMAND_PROBLEMS)
async def rework_unit(
    serial: Serial, body: ReworkUnit, cmd: DbCommand, principal: UnitExecutor
) -> UnitOut:
    """Send the unit back to `to_step` (this or an earlier step); 409 `rework_forward` for a
    later step, 422 `unknown_step` for a step the route does not have."""
    return await service.rework_unit(cmd, principal, serial, body)


@router.post("/units/{serial}/scrap", response_model=UnitOut, responses=_COMMAND_PROBLEMS)
async def scrap_unit(
    serial: Serial, body: ScrapUnit, cmd: DbCommand, principal: UnitExecutor
) -> UnitOut:
    """End the unit as `scrapped` with a reason (and optionally a defect code)."""
    return await service.scrap_unit(cmd, principal, serial, body)


@router.post(
    "/orders/{number}/units",
    status_code=status.HTTP_201_CREATED,
    response_model=GeneratedUnits,
    responses=_COMMAND_PROBLEMS,
)
async def generate_units(
    number: OrderNumber, body: GenerateUnits, cmd: DbCommand, principal: UnitExecutor
) -> GeneratedUnits:
    """Create `count` serialized units (serials from the part's counter, consecutive and never
    reused). A `new` or `scheduled` order starts running; other statuses are 409
    `order_not_runnable`. Scrap may be replaced but nothing over-produced: 409
    `quantity_exceeded` when `started - scrapped + count` would exceed the order's
    `quantity`."""
    return GeneratedUnits(items=await generation.generate_units(cmd, principal, number, body.count))


@router.get("/units", response_model=Page[UnitOut], responses=problem_responses(400, 422))
async def list_units(
    session: DbSession,
    _: Reader,
    paging: Paging,
    order: Annotated[str | None, Query(max_length=32, description="order number")] = None,
    status_: Annotated[UnitStatus | None, Query(alias="status")] = None,
    workstation_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    step: Annotated[int | None, Query(ge=0, le=10_000)] = None,
    part_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> Page[UnitOut]:
    """List units, oldest first, filtered by order, status, current workstation or step."""
    items, cursor = await queries.list_units(
        session,
        paging,
        order=order,
        status=status_,
        workstation_id=workstation_id,
        step=step,
        part_id=part_id,
    )
    return Page(items=items, next_cursor=cursor)


@router.get("/units/{serial}", response_model=UnitOut, responses=problem_responses(404))
async def get_unit(serial: Serial, session: DbSession, _: Reader) -> UnitOut:
    """One unit by serial."""
    return await queries.get_unit(session, serial)


@router.get(
    "/units/{serial}/history", response_model=Page[HistoryEntry], responses=problem_responses(404)
)
async def unit_history(
    serial: Serial, session: DbSession, _: Reader, paging: Paging
) -> Page[HistoryEntry]:
    """Every event of the unit, oldest first (append-only)."""
    items, cursor = await queries.history(session, serial, paging)
    return Page(items=items, next_cursor=cursor)


@router.get(
    "/units/{serial}/steps", response_model=list[StepVisit], responses=problem_responses(404)
)
async def unit_step_visits(serial: Serial, session: DbSession, _: Reader) -> list[StepVisit]:
    """Each stay of the unit at a step: entered, left, seconds there and who finished it."""
    return await queries.step_visits(session, serial)
