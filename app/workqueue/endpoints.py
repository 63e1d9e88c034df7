"""`GET /workstations/{id}/queue`: the work queue of a workstation (everyone reads)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from app.auth.principal import Reader
from app.db.session import DbSession
from app.kit.pagination import Page, Paging
from app.kit.problems import problem_responses
from app.kit.routing import CommandRoute
from app.kit.schemas import MAX_ID
from app.workqueue import service
from app.workqueue.schemas import QueueAwaiting, QueueItem, QueueKind

router = APIRouter(
    tags=["workstations"], responses=problem_responses(401, 403), route_class=CommandRoute
)


@router.get(
    "/workstations/{workstation_id}/queue",
    response_model=Page[QueueItem],
    responses=problem_responses(400, 404, 422),
)
async def workstation_queue(
    workstation_id: Annotated[int, Path(ge=1, le=MAX_ID, description="workstation id")],
    session: DbSession,
    _: Reader,
    paging: Paging,
    awaiting: Annotated[
        list[QueueAwaiting] | None,
        Query(description="only items awaiting one of these (repeat the parameter)"),
    ] = None,
    kind: Annotated[QueueKind | None, Query(description="only units or only batches")] = None,
) -> Page[QueueItem]:
    """What waits at this workstation or arrives next, in dispatch order: units at its step
    (awaiting `move`, `gate_decision` or `disposition`), units at the step before it
    (awaiting `arrival`; step 0 before a first step here), batches whose step here is ready
    (`start`) or in progress (`complete`). Ordered by the order's priority (1 first), its due
    date (none last), then age: older orders first, and within an order what has waited
    longest (`since`) first. Items of `paused` and `blocked` orders are listed too (see
    `order_status`). Readable by every role: the queue shows what `GET /units` and `GET /wip`
    show anyway; operators act only on their lines' units all the same."""
    items, cursor = await service.workstation_queue(
        session, workstation_id, paging, awaiting=awaiting or [], kind=kind
    )
    return Page(items=items, next_cursor=cursor)
