"""HTTP routes for the machine states and counts of workstations."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from app.auth.principal import Reader
from app.db.session import DbSession
from app.equipment import service
from app.equipment.schemas import CountsOut, MachineStateOut
from app.kit.pagination import Page, Paging
from app.kit.problems import problem_responses
from app.kit.schemas import MAX_ID
from app.kit.window import TimeWindow

router = APIRouter(tags=["workstations"], responses=problem_responses(401, 403))

WorkstationId = Annotated[int, Path(ge=1, le=MAX_ID, description="workstation id")]


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
