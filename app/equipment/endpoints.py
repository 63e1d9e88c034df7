"""HTTP routes for the machine states and counts of workstations."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from app.auth.principal import OrderPlanner, Reader
from app.db.session import DbCommand, DbSession
from app.equipment import service
from app.equipment.schemas import CountsOut, MachineStateOut, StateReasonUpdate
from app.kit.pagination import Page, Paging
from app.kit.problems import problem_responses
from app.kit.routing import CommandRoute
from app.kit.schemas import MAX_ID
from app.kit.window import TimeWindow

router = APIRouter(
    tags=["workstations"], responses=problem_responses(401, 403), route_class=CommandRoute
)

WorkstationId = Annotated[int, Path(ge=1, le=MAX_ID, description="workstation id")]
StateId = Annotated[int, Path(ge=1, le=MAX_ID, description="machine-state interval id")]


@router.get(
    "/workstations/{workstation_id}/states",
    response_model=Page[MachineStateOut],
    responses=problem_responses(400, 404, 422),
)
async def list_machine_states(
    workstation_id: WorkstationId, session: DbSession, _: Reader, paging: Paging, window: TimeWindow
) -> Page[MachineStateOut]:
    """The machine state history of a workstation: the intervals overlapping `from`..`to`,
    oldest first; the current state has `ended_at` null."""
    items, cursor = await service.list_states(session, workstation_id, window, paging)
    return Page(items=items, next_cursor=cursor)


@router.get(
    "/workstations/{workstation_id}/counts",
    response_model=CountsOut,
    responses=problem_responses(404, 422),
)
async def machine_counts(
    workstation_id: WorkstationId, session: DbSession, _: Reader, window: TimeWindow
) -> CountsOut:
    """Quantities the workstation's machine produced in `from`..`to`, from its counters."""
    return await service.count_summary(session, workstation_id, window)


@router.patch(
    "/workstations/{workstation_id}/states/{state_id}",
    response_model=MachineStateOut,
    responses=problem_responses(404, 409, 422),
)
async def set_machine_state_reason(
    workstation_id: WorkstationId,
    state_id: StateId,
    body: StateReasonUpdate,
    cmd: DbCommand,
    principal: OrderPlanner,
) -> MachineStateOut:
    """Name the downtime reason of a non-running interval (supervisors, admins): 409
    `state_running` on a running one, 404 for an interval of another workstation, 422
    `unknown_reference` for an unknown `reason_code`. Naming the reason of the current
    interval sends a `machine` message on the WIP WebSocket."""
    return await service.set_state_reason(
        cmd, principal, workstation_id, state_id, body.reason_code
    )
