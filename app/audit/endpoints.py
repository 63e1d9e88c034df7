"""HTTP routes for reading the audit log. There are deliberately no routes that change it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import StreamingResponse

from app.audit import service
from app.audit.schemas import AuditEntryOut, AuditFilters
from app.auth.principal import Auditor
from app.db.session import DbSession
from app.kit.pagination import Page, Paging
from app.kit.problems import problem_responses
from app.kit.routing import CommandRoute
from app.kit.schemas import MAX_ID
from app.kit.window import TimeWindow

router = APIRouter(
    prefix="/audit-log",
    tags=["audit"],
    responses=problem_responses(401, 403),
    route_class=CommandRoute,
)

# Printable text: PostgreSQL refuses NUL and a filter never needs control characters.
_TEXT = r"^[^\x00-\x1f\x7f]*$"


async def audit_filters(
    *,
    entity_type: Annotated[
        str | None, Query(max_length=32, pattern=_TEXT, description="e.g. `line`, `user`")
    ] = None,
    entity_id: Annotated[
        str | None, Query(max_length=64, pattern=_TEXT, description="id of the record")
    ] = None,
    actor: Annotated[
        str | None,
        Query(max_length=100, pattern=_TEXT, description="e.g. `user:admin`, `api_key:erp`"),
    ] = None,
    action: Annotated[
        str | None, Query(max_length=32, pattern=_TEXT, description="e.g. `create`, `update`")
    ] = None,
    window: TimeWindow,
) -> AuditFilters:
    return AuditFilters(
        entity_type=entity_type,
        entity_id=entity_id,
        actor=actor,
        action=action,
        since=window.since,
        until=window.until,
    )


Filters = Annotated[AuditFilters, Depends(audit_filters)]


@router.get("", response_model=Page[AuditEntryOut], responses=problem_responses(400, 422))
async def list_audit_entries(
    session: DbSession, _: Auditor, paging: Paging, filters: Filters
) -> Page[AuditEntryOut]:
    """Audit entries, newest first: who changed what, when, with the changed fields' values
    before and after. `from` is inclusive, `to` exclusive."""
    items, cursor = await service.list_entries(session, filters, paging)
    return Page(items=[AuditEntryOut.model_validate(x) for x in items], next_cursor=cursor)


@router.get(
    "/export",
    response_class=StreamingResponse,
    responses={
        200: {
            "description": "CSV with a header row: "
            + ", ".join(service.CSV_COLUMNS)
            + "; `before` and `after` are JSON text",
            "content": {"text/csv": {"schema": {"type": "string"}}},
        },
        **problem_responses(422),
    },
)
async def export_audit_log(request: Request, _: Auditor, filters: Filters) -> StreamingResponse:
    """The entries the same filters select in `GET /audit-log`, all of them, newest first,
    as `text/csv` (streamed)."""
    return StreamingResponse(
        service.export_csv(request.app.state.db, filters),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="audit-log.csv"'},
    )


@router.get("/{entry_id}", response_model=AuditEntryOut, responses=problem_responses(404, 422))
async def get_audit_entry(
    entry_id: Annotated[int, Path(ge=1, le=MAX_ID, description="audit entry id")],
    session: DbSession,
    _: Auditor,
) -> AuditEntryOut:
    """One audit entry by id."""
    return AuditEntryOut.model_validate(await service.get_entry(session, entry_id))
