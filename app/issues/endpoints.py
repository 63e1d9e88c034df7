"""HTTP routes for issue types (admins write, everyone reads) and issues (andon)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Response, status

from app.auth.principal import ALL_ROLES, Allow, ConfigAdmin, Principal, Reader
from app.db.session import DbCommand, DbSession
from app.issues import service, types
from app.issues.schemas import (
    IssueCreate,
    IssueOut,
    IssueResolve,
    IssueTypeCreate,
    IssueTypeOut,
    IssueTypeUpdate,
)
from app.kit.pagination import Page, Paging
from app.kit.problems import problem_responses
from app.kit.routing import CommandRoute
from app.kit.schemas import MAX_ID
from app.models import IssueSeverity, IssueStatus, Role

_SUPERVISORS = frozenset({Role.ADMIN, Role.SUPERVISOR})
# Anyone on the floor pulls the cord (operators on their lines); answering it (and releasing
# what a blocking issue holds) is a supervisor's.
IssueOpener = Annotated[Principal, Depends(Allow(ALL_ROLES, "issues:write"))]
IssueHandler = Annotated[Principal, Depends(Allow(_SUPERVISORS, "issues:write"))]

TypeId = Annotated[int, Path(ge=1, le=MAX_ID, description="issue type id")]
IssueId = Annotated[int, Path(ge=1, le=MAX_ID, description="issue id")]
IdFilter = Annotated[int | None, Query(ge=1, le=MAX_ID)]
_NO_CONTENT = status.HTTP_204_NO_CONTENT

router = APIRouter(tags=["issues"], responses=problem_responses(401, 403), route_class=CommandRoute)


# -- issue types ----------------------------------------------------------------------------


@router.post(
    "/issue-types",
    status_code=status.HTTP_201_CREATED,
    response_model=IssueTypeOut,
    responses=problem_responses(409, 422),
)
async def create_issue_type(
    body: IssueTypeCreate, session: DbSession, principal: ConfigAdmin
) -> IssueTypeOut:
    """Create an issue type. Its `code` must be unique (409 `duplicate`)."""
    return IssueTypeOut.model_validate(await types.create_type(session, principal, body))


@router.get(
    "/issue-types", response_model=Page[IssueTypeOut], responses=problem_responses(400, 422)
)
async def list_issue_types(
    session: DbSession,
    _: Reader,
    paging: Paging,
    code: Annotated[str | None, Query(max_length=32, description="exact code")] = None,
    blocking: Annotated[bool | None, Query()] = None,
    severity: Annotated[IssueSeverity | None, Query()] = None,
) -> Page[IssueTypeOut]:
    """List issue types, oldest first."""
    items, cursor = await types.list_types(
        session, paging, code=code, blocking=blocking, severity=severity
    )
    return Page(items=[IssueTypeOut.model_validate(x) for x in items], next_cursor=cursor)


@router.get("/issue-types/{type_id}", response_model=IssueTypeOut, responses=problem_responses(404))
async def get_issue_type(type_id: TypeId, session: DbSession, _: Reader) -> IssueTypeOut:
    """One issue type."""
    return IssueTypeOut.model_validate(await types.get_type(session, type_id))


@router.patch(
    "/issue-types/{type_id}",
    response_model=IssueTypeOut,
    responses=problem_responses(404, 409, 422),
)
async def update_issue_type(
    type_id: TypeId, body: IssueTypeUpdate, session: DbSession, principal: ConfigAdmin
) -> IssueTypeOut:
    """Change an issue type; `blocking` applies to issues opened afterwards."""
    return IssueTypeOut.model_validate(await types.update_type(session, principal, type_id, body))


@router.delete(
    "/issue-types/{type_id}", status_code=_NO_CONTENT, responses=problem_responses(404, 409)
)
async def delete_issue_type(
    type_id: TypeId, session: DbSession, principal: ConfigAdmin
) -> Response:
    """Delete an issue type; 409 `in_use` while issues reference it."""
    await types.delete_type(session, principal, type_id)
    return Response(status_code=_NO_CONTENT)


# -- issues ---------------------------------------------------------------------------------


@router.post(
    "/issues",
    status_code=status.HTTP_201_CREATED,
    response_model=IssueOut,
    responses=problem_responses(422),
)
async def open_issue(body: IssueCreate, cmd: DbCommand, principal: IssueOpener) -> IssueOut:
    """Open an issue (status `open`). Unknown references are 422 `unknown_reference`; a
    workstation off the named line, or a serial of another order, 422 `reference_mismatch`.
    Operators open issues on their lines: the issue's line (`line_id`, or the workstation's
    line), else its unit's line, else its order's planned line must be one of theirs (403
    `not_your_station`). A **blocking** issue naming an order (or a unit of it) moves the
    order to `blocked` from `new`, `scheduled`, `running` or `paused`; the order returns to
    that status when its last blocking issue is resolved. Every change is sent on the WIP
    WebSocket as `{"type": "issue", "seq", "issue"}`."""
    return await service.open_issue(cmd, principal, body)


@router.get("/issues", response_model=Page[IssueOut], responses=problem_responses(400, 422))
async def list_issues(
    session: DbSession,
    _: Reader,
    paging: Paging,
    status_: Annotated[IssueStatus | None, Query(alias="status")] = None,
    type_: Annotated[
        str | None, Query(alias="type", max_length=32, description="type code (or id)")
    ] = None,
    order: Annotated[str | None, Query(max_length=20, description="order number")] = None,
    line_id: IdFilter = None,
    workstation_id: IdFilter = None,
    blocking: Annotated[bool | None, Query()] = None,
) -> Page[IssueOut]:
    """Issues, newest first."""
    items, cursor = await service.list_issues(
        session,
        paging,
        status=status_,
        type_=type_,
        order=order,
        line_id=line_id,
        workstation_id=workstation_id,
        blocking=blocking,
    )
    return Page(items=items, next_cursor=cursor)


@router.get("/issues/{issue_id}", response_model=IssueOut, responses=problem_responses(404))
async def get_issue(issue_id: IssueId, session: DbSession, _: Reader) -> IssueOut:
    """One issue."""
    return await service.get_issue(session, issue_id)


@router.post(
    "/issues/{issue_id}/acknowledge",
    response_model=IssueOut,
    responses=problem_responses(404, 409),
)
async def acknowledge_issue(issue_id: IssueId, cmd: DbCommand, principal: IssueHandler) -> IssueOut:
    """open → acknowledged; anything else is 409 `illegal_transition`."""
    return await service.transition(cmd, principal, issue_id, "acknowledge")


@router.post(
    "/issues/{issue_id}/resolve",
    response_model=IssueOut,
    responses=problem_responses(404, 409, 422),
)
async def resolve_issue(
    issue_id: IssueId, body: IssueResolve, cmd: DbCommand, principal: IssueHandler
) -> IssueOut:
    """open|acknowledged → resolved, with what was done; anything else is 409
    `illegal_transition`. Resolving an order's last blocking issue returns the order to the
    status it had before it was blocked."""
    return await service.transition(cmd, principal, issue_id, "resolve", body.resolution)


@router.post(
    "/issues/{issue_id}/close",
    response_model=IssueOut,
    responses=problem_responses(404, 409),
)
async def close_issue(issue_id: IssueId, cmd: DbCommand, principal: IssueHandler) -> IssueOut:
    """resolved → closed; anything else is 409 `illegal_transition`."""
    return await service.transition(cmd, principal, issue_id, "close")
