"""Commands and queries for shop-floor configuration."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.audit import crud as audited
from app.auth.principal import Principal
from app.kit import crud
from app.kit.errors import Conflict, InUse, NotFound, UnknownReference
from app.kit.pagination import PageParams
from app.masterdata.schemas import (
    DefectCodeCreate,
    DefectCodeUpdate,
    LineCreate,
    LineUpdate,
    PartCreate,
    PartUpdate,
    WorkstationCreate,
    WorkstationUpdate,
)
from app.models import (
    BomItem,
    DefectCode,
    IssueType,
    Line,
    Lot,
    Part,
    PartKind,
    Severity,
    Workstation,
)

LINE_FIELDS = ("code", "name")
WORKSTATION_FIELDS = (
    "code",
    "name",
    "line_id",
    "ideal_cycle_s",
    "auto_issue_type",
    "silence_timeout_s",
)
PART_FIELDS = ("number", "name", "serial_prefix", "serial_digits", "kind", "uom")
DEFECT_CODE_FIELDS = ("code", "description", "severity")
SERIAL_SCHEME = frozenset({"serial_prefix", "serial_digits"})


# -- lines ----------------------------------------------------------------------------------


async def create_line(session: AsyncSession, principal: Principal, data: LineCreate) -> Line:
    return await audited.create(
        session, principal, Line(**data.model_dump()), entity_type="line", audited=LINE_FIELDS
    )


async def get_line(session: AsyncSession, line_id: int) -> Line:
    return await crud.get_or_404(session, Line, line_id, "line")


async def list_lines(
    session: AsyncSession, params: PageParams, *, code: str | None = None
) -> tuple[list[Line], str | None]:
    stmt = select(Line)
    if code is not None:
        stmt = stmt.where(Line.code == code)
    return await crud.list_page(session, stmt, Line, params)


async def update_line(
    session: AsyncSession, principal: Principal, line_id: int, data: LineUpdate
) -> Line:
    line = await get_line(session, line_id)
    return await audited.update(session, principal, line, data.changes(), entity_type="line")


async def delete_line(session: AsyncSession, principal: Principal, line_id: int) -> None:
    line = await get_line(session, line_id)
    await audited.delete(session, principal, line, entity_type="line", audited=LINE_FIELDS)


# -- workstations ---------------------------------------------------------------------------


async def _require_issue_type(session: AsyncSession, code: str | None) -> None:
    """`auto_issue_type` names an existing issue type (422 `unknown_reference`)."""
    if code is None:
        return
    if await session.scalar(select(IssueType.id).where(IssueType.code == code)) is None:
        raise UnknownReference(
            f"auto_issue_type {code!r} is not an issue type", field="auto_issue_type"
        )


async def create_workstation(
    session: AsyncSession, principal: Principal, data: WorkstationCreate
) -> Workstation:
    await crud.require_reference(session, Line, data.line_id, "line_id")
    await _require_issue_type(session, data.auto_issue_type)
    return await audited.create(
        session,
        principal,
        Workstation(**data.model_dump()),
        entity_type="workstation",
        audited=WORKSTATION_FIELDS,
    )


async def get_workstation(session: AsyncSession, workstation_id: int) -> Workstation:
    return await crud.get_or_404(session, Workstation, workstation_id, "workstation")


async def list_workstations(
    session: AsyncSession,
    params: PageParams,
    *,
    line_id: int | None = None,
    code: str | None = None,
) -> tuple[list[Workstation], str | None]:
    stmt = select(Workstation)
    if line_id is not None:
        stmt = stmt.where(Workstation.line_id == line_id)
    if code is not None:
        stmt = stmt.where(Workstation.code == code)
    return await crud.list_page(session, stmt, Workstation, params)


async def update_workstation(
    session: AsyncSession, principal: Principal, workstation_id: int, data: WorkstationUpdate
) -> Workstation:
    workstation = await get_workstation(session, workstation_id)
    values = data.changes()
    await _require_issue_type(session, values.get("auto_issue_type"))
    return await audited.update(session, principal, workstation, values, entity_type="workstation")


async def delete_workstation(
    session: AsyncSession, principal: Principal, workstation_id: int
) -> None:
    """Refused (`in_use`) while route steps, users or units reference the workstation."""
    workstation = await get_workstation(session, workstation_id)
    await audited.delete(
        session, principal, workstation, entity_type="workstation", audited=WORKSTATION_FIELDS
    )


# -- parts ----------------------------------------------------------------------------------


async def create_part(session: AsyncSession, principal: Principal, data: PartCreate) -> Part:
    return await audited.create(
        session,
        principal,
        Part(**data.model_dump(mode="json"), serial_counter=0),
        entity_type="part",
        audited=(*PART_FIELDS, "serial_counter"),
    )


async def get_part(session: AsyncSession, part_id: int) -> Part:
    return await crud.get_or_404(session, Part, part_id, "part")


async def list_parts(
    session: AsyncSession,
    params: PageParams,
    *,
    number: str | None = None,
    serial_prefix: str | None = None,
    kind: PartKind | None = None,
) -> tuple[list[Part], str | None]:
    stmt = select(Part)
    if kind is not None:
        stmt = stmt.where(Part.kind == kind.value)
    if number is not None:
        stmt = stmt.where(Part.number == number)
    if serial_prefix is not None:
        stmt = stmt.where(Part.serial_prefix == serial_prefix)
    return await crud.list_page(session, stmt, Part, params)


async def update_part(
    session: AsyncSession, principal: Principal, part_id: int, data: PartUpdate
) -> Part:
    """Change a part; its serial scheme is frozen once a serial has been issued.

    Changing the prefix afterwards would free it for another part whose serials could then
    collide with units already built, so the row is locked against concurrent generation.
    """
    part = await session.scalar(
        select(Part)
        .where(Part.id == part_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if part is None:
        raise NotFound(f"part {part_id} does not exist")
    values = {k: v.value if isinstance(v, PartKind) else v for k, v in data.changes().items()}
    if values.get("kind") == PartKind.PRODUCT.value and part.kind != PartKind.PRODUCT.value:
        await _refuse_product_kind(session, part)
    scheme_changes = [f for f in SERIAL_SCHEME & values.keys() if values[f] != getattr(part, f)]
    locked = serial_scheme_locked(part.number, part.serial_counter, scheme_changes)
    if locked is not None:
        raise locked
    return await audited.update(session, principal, part, values, entity_type="part")


def serial_scheme_locked(number: str, issued: int, changing: Iterable[str]) -> Conflict | None:
    """The refusal to change a part's serial scheme once it has issued serials (None: the
    change is allowed). Shared with the part import (`app.imports.parts`)."""
    fields = sorted(SERIAL_SCHEME & set(changing))
    if not fields or issued <= 0:
        return None
    return Conflict(
        f"part {number} has issued {issued} serials; its {' and '.join(fields)} can no "
        "longer change",
        code="serial_scheme_locked",
    )


async def _refuse_product_kind(session: AsyncSession, part: Part) -> None:
    """A part received in lots or listed in a BOM stays a component or material (a product
    is neither: it is built and serialized)."""
    lot = await session.scalar(select(Lot.id).where(Lot.part_id == part.id).limit(1))
    item = await session.scalar(
        select(BomItem.id).where(BomItem.component_part_id == part.id).limit(1)
    )
    used = lot if lot is not None else item
    if used is not None:
        raise InUse(
            f"part {part.number} has lots or is in a BOM; it cannot become a product",
            field="kind",
        )


async def delete_part(session: AsyncSession, principal: Principal, part_id: int) -> None:
    """Refused (`in_use`) while routes, orders, units, BOMs or lots reference the part."""
    part = await get_part(session, part_id)
    await audited.delete(
        session, principal, part, entity_type="part", audited=(*PART_FIELDS, "serial_counter")
    )


# -- defect codes ---------------------------------------------------------------------------


async def create_defect_code(
    session: AsyncSession, principal: Principal, data: DefectCodeCreate
) -> DefectCode:
    return await audited.create(
        session,
        principal,
        DefectCode(**data.model_dump(mode="json")),
        entity_type="defect_code",
        audited=DEFECT_CODE_FIELDS,
    )


async def get_defect_code(session: AsyncSession, defect_code_id: int) -> DefectCode:
    return await crud.get_or_404(session, DefectCode, defect_code_id, "defect code")


async def list_defect_codes(
    session: AsyncSession,
    params: PageParams,
    *,
    code: str | None = None,
    severity: Severity | None = None,
) -> tuple[list[DefectCode], str | None]:
    stmt = select(DefectCode)
    if code is not None:
        stmt = stmt.where(DefectCode.code == code)
    if severity is not None:
        stmt = stmt.where(DefectCode.severity == severity.value)
    return await crud.list_page(session, stmt, DefectCode, params)


async def update_defect_code(
    session: AsyncSession, principal: Principal, defect_code_id: int, data: DefectCodeUpdate
) -> DefectCode:
    defect_code = await get_defect_code(session, defect_code_id)
    values = {k: v.value if isinstance(v, Severity) else v for k, v in data.changes().items()}
    return await audited.update(session, principal, defect_code, values, entity_type="defect_code")


async def delete_defect_code(
    session: AsyncSession, principal: Principal, defect_code_id: int
) -> None:
    """Refused (`in_use`) while unit history or quality records reference the code."""
    defect_code = await get_defect_code(session, defect_code_id)
    await audited.delete(
        session, principal, defect_code, entity_type="defect_code", audited=DEFECT_CODE_FIELDS
    )
