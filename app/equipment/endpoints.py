"""HTTP routes for the machine states and counts of workstations."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query
from pydantic import AwareDatetime

from app.auth.principal import Reader
from app.db.session import DbSession
from app.equipment import service
from app.equipment.schemas import CountsOut, MachineStateOut
from app.equipment.service import Period
from app.kit.errors import Invalid
from app.kit.pagination import Page, Paging
from app.kit.problems import problem_responses
from app.kit.schemas import MAX_ID

router = APIRouter(tags=["workstations"], responses=problem_responses(401, 403))

WorkstationId = Annotated[int, Path(ge=1, le=MAX_ID, description="workstation id")]


def _utc(value: datetime | None, name: str) -> datetime | None:
    if value is None:
        return None
    try:
        return value.astimezone(UTC)
    except OverflowError as exc:
        raise Invalid("the timestamp is out of range in UTC", field=name) from exc


def period(
    since: Annotated[
        AwareDatetime | None,
        Query(
            alias="from",
            description="from this time: ISO 8601 with an offset (URL-encode `+` as `%2B`)",
        ),
    ] = None,
    until: Annotated[
        AwareDatetime | None,
        Query(alias="to", description="until this time: ISO 8601 with an offset"),
    ] = None,
) -> Period:
    return Period(_utc(since, "from"), _utc(until, "to"))


Between = Annotated[Period, Depends(period)]


@router.get(
    "/workstations/{workstation_id}/states",
    response_model=Page[MachineStateOut],
    responses=problem_responses(400, 404, 422),
)
async def list_machine_states(
    workstation_id: WorkstationId, session: DbSession, _: Reader, paging: Paging, between: Between
) -> Page[MachineStateOut]:
    """The machine state history of a workstation: the intervals overlapping `from`..`to`,
    oldest first; the current state has `ended_at` null."""
    items, cursor = await service.list_states(session, workstation_id, between, paging)
    return Page(items=items, next_cursor=cursor)


@router.get(
    "/workstations/{workstation_id}/counts",
    response_model=CountsOut,
    responses=problem_responses(404, 422),
)
async def machine_counts(
    workstation_id: WorkstationId, session: DbSession, _: Reader, between: Between
) -> CountsOut:
    """Quantities the workstation's machine produced in `from`..`to`, from its counters."""
    return await service.count_summary(session, workstation_id, between)
