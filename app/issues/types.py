"""Issue types: configuration (admins write, everyone reads), audited like master data."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.audit import crud as audited
from app.auth.principal import Principal
from app.issues.schemas import IssueTypeCreate, IssueTypeUpdate
from app.kit import crud
from app.kit.pagination import PageParams
from app.models import IssueSeverity, IssueType

ENTITY = "issue_type"
AUDITED = ("code", "name", "blocking", "severity")


async def create_type(
    session: AsyncSession, principal: Principal, data: IssueTypeCreate
) -> IssueType:
    """A new type; its `code` must be unique (409 `duplicate`)."""
    return await audited.create(
        session,
        principal,
        IssueType(**data.model_dump(mode="json")),
        entity_type=ENTITY,
        audited=AUDITED,
    )


async def get_type(session: AsyncSession, type_id: int) -> IssueType:
    return await crud.get_or_404(session, IssueType, type_id, "issue type")


async def list_types(
    session: AsyncSession,
    params: PageParams,
    *,
    code: str | None = None,
    blocking: bool | None = None,
    severity: IssueSeverity | None = None,
) -> tuple[list[IssueType], str | None]:
    stmt = select(IssueType)
    if code is not None:
        stmt = stmt.where(IssueType.code == code)
    if blocking is not None:
        stmt = stmt.where(IssueType.blocking.is_(blocking))
    if severity is not None:
        stmt = stmt.where(IssueType.severity == severity.value)
    return await crud.list_page(session, stmt, IssueType, params)


async def update_type(
    session: AsyncSession, principal: Principal, type_id: int, data: IssueTypeUpdate
) -> IssueType:
    """Change a type; issues already open keep the `blocking` they were opened with."""
    issue_type = await get_type(session, type_id)
    values = {k: v.value if isinstance(v, IssueSeverity) else v for k, v in data.changes().items()}
    return await audited.update(session, principal, issue_type, values, entity_type=ENTITY)


async def delete_type(session: AsyncSession, principal: Principal, type_id: int) -> None:
    """Refused (409 `in_use`) while issues reference the type."""
    issue_type = await get_type(session, type_id)
    await audited.delete(session, principal, issue_type, entity_type=ENTITY, audited=AUDITED)
