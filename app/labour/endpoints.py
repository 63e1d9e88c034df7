"""HTTP routes for labour: clock on and off, list entries, and the labour report."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, status

from app.analytics.window import AnalyticsWindow
from app.auth.principal import Allow, Principal, Reader, UnitExecutor
from app.db.session import DbCommand, DbSession
from app.kit.pagination import Page, Paging
from app.kit.problems import problem_responses
from app.kit.routing import CommandRoute
from app.kit.schemas import MAX_ID
from app.kit.window import TimeWindow
from app.labour import analytics, queries, service
from app.labour.schemas import ClockOn, LabourEntryOut, LabourGroup, LabourReport
from app.models import Role

router = APIRouter(tags=["labour"], responses=problem_responses(401, 403), route_class=CommandRoute)
analytics_router = APIRouter(
    prefix="/analytics",
    tags=["analytics"],
    responses=problem_responses(401, 403, 422),
    route_class=CommandRoute,
)

# Entry paths take digits only (`{entry_id:int}`): `/labour/clock-on` is not an entry.
EntryId = Annotated[int, Path(ge=1, le=MAX_ID, description="labour entry id")]
# Per-person figures are for those who lead people: supervisors and admins (API keys: `read`).
LabourReader = Annotated[
    Principal, Depends(Allow(frozenset({Role.ADMIN, Role.SUPERVISOR}), "read"))
]


@router.post(
    "/labour/clock-on",
    status_code=status.HTTP_201_CREATED,
    response_model=LabourEntryOut,
    responses=problem_responses(404, 409, 422),
)
async def clock_on(body: ClockOn, cmd: DbCommand, principal: UnitExecutor) -> LabourEntryOut:
    """Clock a person on to a job: the current step of the unit `serial` or of the batch
    `batch_id` (exactly one; 422 otherwise). The unit must be in progress at step 1 or later
    (409 `unit_finished`, `unit_not_started`), the batch in progress (409 `batch_finished`),
    the order running (409 `order_not_runnable`).

    Who: the caller by default; `user_id` of someone else needs a supervisor or admin (an API
    key: a supervisor's scopes) — 403 `may_not_clock_others`. The person must be an active
    `person` account (422 `unknown_reference`, `not_a_person`, `user_inactive`). An operator
    clocks on only at a step of their lines (403 `not_your_station`); a workstation account
    is not a person and cannot clock on at all (403 `workstation_account`).

    One person may be on several jobs, several people on one job; the same person on the
    same job (and step) twice is 409 `already_clocked_on`. Moving the unit on (or completing
    the batch step) clocks everyone on it off."""
    return await service.clock_on(cmd, principal, body)


@router.post(
    "/labour/{entry_id:int}/clock-off",
    response_model=LabourEntryOut,
    responses=problem_responses(404, 409, 422),
)
async def clock_off(entry_id: EntryId, cmd: DbCommand, principal: UnitExecutor) -> LabourEntryOut:
    """Close an open entry (`ended_at` now, `seconds`). An operator closes only their own
    entries (403 `not_your_entry`), supervisors and admins anyone's; an entry already closed
    is 409 `already_clocked_off`."""
    return await service.clock_off(cmd, principal, entry_id)


@router.get("/labour", response_model=Page[LabourEntryOut], responses=problem_responses(400, 422))
async def list_labour(
    session: DbSession,
    _: Reader,
    paging: Paging,
    window: TimeWindow,
    user_id: Annotated[int | None, Query(ge=1, le=MAX_ID, description="only this person")] = None,
    order: Annotated[
        str | None,
        Query(max_length=32, pattern=r"^[^\x00-\x1f\x7f]*$", description="order number"),
    ] = None,
    workstation_id: Annotated[
        int | None, Query(ge=1, le=MAX_ID, description="only jobs at this workstation")
    ] = None,
    open_: Annotated[
        bool | None,
        Query(alias="open", description="true: only open entries; false: only closed ones"),
    ] = None,
) -> Page[LabourEntryOut]:
    """Labour entries, newest first. `from`/`to` bound when the person clocked on."""
    items, cursor = await queries.list_entries(
        session,
        paging,
        user_id=user_id,
        order=order,
        workstation_id=workstation_id,
        since=window.since,
        until=window.until,
        open_=open_,
    )
    return Page(items=items, next_cursor=cursor)


@router.get(
    "/labour/{entry_id:int}", response_model=LabourEntryOut, responses=problem_responses(404)
)
async def get_labour(entry_id: EntryId, session: DbSession, _: Reader) -> LabourEntryOut:
    """One labour entry."""
    return await queries.get_entry(session, entry_id)


@analytics_router.get("/labour", response_model=LabourReport)
async def labour_report(
    session: DbSession,
    _: LabourReader,
    window: AnalyticsWindow,
    group_by: Annotated[LabourGroup, Query(description="how rows are grouped")] = LabourGroup.USER,
) -> LabourReport:
    """**Labour efficiency** per person, order, route step or workstation, over the window
    (`from` default 7 days before `to`, `to` default now). Supervisors and admins.

    * `hours` = Σ durations of the entries closed in the window (each in full; open entries
      count once closed; a person on two jobs at once books both).
    * `units` = the jobs that finished their step in the window while the group was clocked
      on to them: a unit moving on from (or completing at) the entry's step — 1 — or a batch
      step completing — its `good` quantity. Moving the job on closes its entries, so output
      and hours fall in the same window. Each finishing counts once per group (in the `user`
      grouping, for every person who was on it); whoever clocked off before it finished is
      not credited.
    * `standard_hours` = `Σ ideal_cycle_s * units / 3600` over the route steps (steps without an
      ideal cycle time add nothing); `efficiency = standard_hours / hours` (null: no hours).
    * Group `step` = the route step (route, `seq`, name; revisions with the same step
      merge)."""
    return await analytics.labour_report(session, window, group_by)
