"""Imports: the targets, their mapping profiles (CRUD), and one import of a file."""

from __future__ import annotations

from typing import IO, Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.audit import crud as audited
from app.auth.principal import Principal
from app.imports import pipeline
from app.imports.lots import LotsTarget
from app.imports.orders import OrdersTarget
from app.imports.parts import PartsTarget
from app.imports.schemas import ImportMappingCreate, ImportMappingUpdate, ImportTarget
from app.kit import crud
from app.kit.errors import Invalid, NotFound
from app.kit.pagination import PageParams
from app.models import ImportMapping

TARGETS: dict[str, pipeline.Target] = {
    "orders": OrdersTarget(),
    "parts": PartsTarget(),
    "lots": LotsTarget(),
}
MAPPING_FIELDS = ("name", "target", "columns", "defaults", "date_format")


async def import_file(
    session: AsyncSession,
    principal: Principal,
    target: ImportTarget,
    source: IO[bytes],
    *,
    filename: str | None,
    zone: ZoneInfo,
    mapping: ImportMapping | None = None,
    dry_run: bool = False,
    progress: pipeline.Progress | None = None,
) -> pipeline.Outcome:
    """Import a CSV or XLSX file into `target` in the session's transaction (see
    `app.imports.pipeline`); a mapping profile names the columns, defaults and date format."""
    if mapping is not None and mapping.target != target.value:
        raise Invalid(
            f"mapping {mapping.name!r} is for {mapping.target}, not {target.value}",
            code="mapping_target_mismatch",
        )
    return await pipeline.run(
        session,
        TARGETS[target.value],
        source,
        filename=shown_name(filename),
        actor=principal.actor,
        zone=zone,
        columns=mapping.columns if mapping else None,
        defaults=mapping.defaults if mapping else None,
        date_format=mapping.date_format if mapping else None,
        mapping_name=mapping.name if mapping else None,
        dry_run=dry_run,
        progress=progress,
    )


def shown_name(filename: str | None) -> str | None:
    """The upload's file name as the audit log keeps it: no control characters (a NUL
    cannot be stored), at most 200 characters."""
    if filename is None:
        return None
    cleaned = "".join(c for c in filename if c.isprintable())
    return cleaned[:200] or None


# -- mapping profiles -------------------------------------------------------------------------


async def create_mapping(
    session: AsyncSession, principal: Principal, data: ImportMappingCreate
) -> ImportMapping:
    return await audited.create(
        session,
        principal,
        ImportMapping(**data.model_dump(mode="json")),
        entity_type="import_mapping",
        audited=MAPPING_FIELDS,
    )


async def get_mapping(session: AsyncSession, mapping_id: int) -> ImportMapping:
    return await crud.get_or_404(session, ImportMapping, mapping_id, "import mapping")


async def mapping_by_name(session: AsyncSession, name: str) -> ImportMapping:
    found = await session.scalar(select(ImportMapping).where(ImportMapping.name == name))
    if found is None:
        raise NotFound(f"import mapping {name!r} does not exist")
    return found


async def list_mappings(
    session: AsyncSession,
    params: PageParams,
    *,
    target: ImportTarget | None = None,
    name: str | None = None,
) -> tuple[list[ImportMapping], str | None]:
    stmt = select(ImportMapping)
    if target is not None:
        stmt = stmt.where(ImportMapping.target == target.value)
    if name is not None:
        stmt = stmt.where(ImportMapping.name == name)
    return await crud.list_page(session, stmt, ImportMapping, params)


async def update_mapping(
    session: AsyncSession, principal: Principal, mapping_id: int, data: ImportMappingUpdate
) -> ImportMapping:
    mapping = await get_mapping(session, mapping_id)
    values: dict[str, Any] = data.changes()
    fields = {f.name for f in TARGETS[mapping.target].fields}
    unknown = sorted({*values.get("columns", {}), *values.get("defaults", {})} - fields)
    if unknown:
        raise Invalid(
            f"unknown field(s) {', '.join(unknown)} of {mapping.target}: known are "
            + ", ".join(sorted(fields))
        )
    return await audited.update(session, principal, mapping, values, entity_type="import_mapping")


async def delete_mapping(session: AsyncSession, principal: Principal, mapping_id: int) -> None:
    mapping = await get_mapping(session, mapping_id)
    await audited.delete(
        session, principal, mapping, entity_type="import_mapping", audited=MAPPING_FIELDS
    )
