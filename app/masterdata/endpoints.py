"""HTTP routes for shop-floor configuration (admins write, everyone reads)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status

from app.auth.principal import ConfigAdmin, Reader
from app.db.session import DbSession
from app.kit.pagination import Page, Paging
from app.kit.problems import problem_responses
from app.kit.routing import CommandRoute
from app.kit.schemas import MAX_ID
from app.masterdata import service
from app.masterdata.schemas import (
    DefectCodeCreate,
    DefectCodeOut,
    DefectCodeUpdate,
    LineCreate,
    LineOut,
    LineUpdate,
    PartCreate,
    PartOut,
    PartUpdate,
    WorkstationCreate,
    WorkstationOut,
    WorkstationUpdate,
)
from app.models import PartKind, Severity

router = APIRouter(route_class=CommandRoute)

LineId = Annotated[int, Path(ge=1, le=MAX_ID, description="line id")]
WorkstationId = Annotated[int, Path(ge=1, le=MAX_ID, description="workstation id")]
PartId = Annotated[int, Path(ge=1, le=MAX_ID, description="part id")]
DefectCodeId = Annotated[int, Path(ge=1, le=MAX_ID, description="defect code id")]
CodeFilter = Annotated[str | None, Query(max_length=32, description="exact code")]

_NO_CONTENT = status.HTTP_204_NO_CONTENT


# -- lines ----------------------------------------------------------------------------------

lines = APIRouter(
    prefix="/lines", tags=["lines"], responses=problem_responses(401, 403), route_class=CommandRoute
)


@lines.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=LineOut,
    responses=problem_responses(409, 422),
)
async def create_line(body: LineCreate, session: DbSession, principal: ConfigAdmin) -> LineOut:
    """Create a production line. Its `code` must be unique."""
    return LineOut.model_validate(await service.create_line(session, principal, body))


@lines.get("", response_model=Page[LineOut], responses=problem_responses(400, 422))
async def list_lines(
    session: DbSession,
    _: Reader,
    paging: Paging,
    code: Annotated[str | None, Query(max_length=32, description="exact line code")] = None,
) -> Page[LineOut]:
    """List lines, oldest first."""
    items, cursor = await service.list_lines(session, paging, code=code)
    return Page(items=[LineOut.model_validate(x) for x in items], next_cursor=cursor)


@lines.get("/{line_id}", response_model=LineOut, responses=problem_responses(404))
async def get_line(line_id: LineId, session: DbSession, _: Reader) -> LineOut:
    """One line by id."""
    return LineOut.model_validate(await service.get_line(session, line_id))


@lines.patch("/{line_id}", response_model=LineOut, responses=problem_responses(404, 409, 422))
async def update_line(
    line_id: LineId, body: LineUpdate, session: DbSession, principal: ConfigAdmin
) -> LineOut:
    """Change a line's code or name."""
    return LineOut.model_validate(await service.update_line(session, principal, line_id, body))


@lines.delete("/{line_id}", status_code=_NO_CONTENT, responses=problem_responses(404, 409))
async def delete_line(line_id: LineId, session: DbSession, principal: ConfigAdmin) -> Response:
    """Delete a line; 409 `in_use` while workstations, orders or users reference it."""
    await service.delete_line(session, principal, line_id)
    return Response(status_code=_NO_CONTENT)


# -- workstations ---------------------------------------------------------------------------

workstations = APIRouter(
    prefix="/workstations",
    tags=["workstations"],
    responses=problem_responses(401, 403),
    route_class=CommandRoute,
)


@workstations.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=WorkstationOut,
    responses=problem_responses(409, 422),
)
async def create_workstation(
    body: WorkstationCreate, session: DbSession, principal: ConfigAdmin
) -> WorkstationOut:
    """Create a workstation on a line. Its `code` must be unique within the line (409
    `duplicate`); an unknown `line_id` is 422 `unknown_reference`."""
    workstation = await service.create_workstation(session, principal, body)
    return WorkstationOut.model_validate(workstation)


@workstations.get("", response_model=Page[WorkstationOut], responses=problem_responses(400, 422))
async def list_workstations(
    session: DbSession,
    _: Reader,
    paging: Paging,
    line_id: Annotated[
        int | None, Query(ge=1, le=MAX_ID, description="only workstations on this line")
    ] = None,
    code: CodeFilter = None,
) -> Page[WorkstationOut]:
    """List workstations, oldest first."""
    items, cursor = await service.list_workstations(session, paging, line_id=line_id, code=code)
    return Page(items=[WorkstationOut.model_validate(x) for x in items], next_cursor=cursor)


@workstations.get(
    "/{workstation_id}", response_model=WorkstationOut, responses=problem_responses(404)
)
async def get_workstation(
    workstation_id: WorkstationId, session: DbSession, _: Reader
) -> WorkstationOut:
    """One workstation by id."""
    return WorkstationOut.model_validate(await service.get_workstation(session, workstation_id))


@workstations.patch(
    "/{workstation_id}",
    response_model=WorkstationOut,
    responses=problem_responses(404, 409, 422),
)
async def update_workstation(
    workstation_id: WorkstationId,
    body: WorkstationUpdate,
    session: DbSession,
    principal: ConfigAdmin,
) -> WorkstationOut:
    """Change a workstation's code, name or machine-data settings (`ideal_cycle_s`,
    `auto_issue_type`, `silence_timeout_s`; null clears one). Its line cannot change: create
    a workstation on the other line instead, so history and routes keep meaning what they meant."""
    workstation = await service.update_workstation(session, principal, workstation_id, body)
    return WorkstationOut.model_validate(workstation)


@workstations.delete(
    "/{workstation_id}", status_code=_NO_CONTENT, responses=problem_responses(404, 409)
)
async def delete_workstation(
    workstation_id: WorkstationId, session: DbSession, principal: ConfigAdmin
) -> Response:
    """Delete a workstation; 409 `in_use` while route steps, users or units reference it."""
    await service.delete_workstation(session, principal, workstation_id)
    return Response(status_code=_NO_CONTENT)


# -- parts ----------------------------------------------------------------------------------

parts = APIRouter(
    prefix="/parts", tags=["parts"], responses=problem_responses(401, 403), route_class=CommandRoute
)


@parts.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=PartOut,
    responses=problem_responses(409, 422),
)
async def create_part(body: PartCreate, session: DbSession, principal: ConfigAdmin) -> PartOut:
    """Create a part number with its serial scheme. `number` and `serial_prefix` are unique
    (409 `duplicate`); serials are `{serial_prefix}-{counter zero-padded to serial_digits}`."""
    return PartOut.model_validate(await service.create_part(session, principal, body))


@parts.get("", response_model=Page[PartOut], responses=problem_responses(400, 422))
async def list_parts(
    session: DbSession,
    _: Reader,
    paging: Paging,
    number: Annotated[str | None, Query(max_length=64, description="exact part number")] = None,
    serial_prefix: Annotated[
        str | None, Query(max_length=20, description="exact serial prefix")
    ] = None,
    kind: Annotated[PartKind | None, Query(description="only parts of this kind")] = None,
) -> Page[PartOut]:
    """List parts, oldest first."""
    items, cursor = await service.list_parts(
        session, paging, number=number, serial_prefix=serial_prefix, kind=kind
    )
    return Page(items=[PartOut.model_validate(x) for x in items], next_cursor=cursor)


@parts.get("/{part_id}", response_model=PartOut, responses=problem_responses(404))
async def get_part(part_id: PartId, session: DbSession, _: Reader) -> PartOut:
    """One part by id, with its serial counter."""
    return PartOut.model_validate(await service.get_part(session, part_id))


@parts.patch("/{part_id}", response_model=PartOut, responses=problem_responses(404, 409, 422))
async def update_part(
    part_id: PartId, body: PartUpdate, session: DbSession, principal: ConfigAdmin
) -> PartOut:
    """Change a part's number, name, serial scheme, kind or unit of measure. The serial scheme
    (`serial_prefix`, `serial_digits`) is frozen once a serial has been issued: 409
    `serial_scheme_locked`; a part with lots or in a BOM cannot become a `product` (409
    `in_use`)."""
    return PartOut.model_validate(await service.update_part(session, principal, part_id, body))


@parts.delete("/{part_id}", status_code=_NO_CONTENT, responses=problem_responses(404, 409))
async def delete_part(part_id: PartId, session: DbSession, principal: ConfigAdmin) -> Response:
    """Delete a part; 409 `in_use` while routes, orders, units, BOMs or lots reference it."""
    await service.delete_part(session, principal, part_id)
    return Response(status_code=_NO_CONTENT)


# -- defect codes ---------------------------------------------------------------------------

defect_codes = APIRouter(
    prefix="/defect-codes",
    tags=["defect-codes"],
    responses=problem_responses(401, 403),
    route_class=CommandRoute,
)


@defect_codes.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=DefectCodeOut,
    responses=problem_responses(409, 422),
)
async def create_defect_code(
    body: DefectCodeCreate, session: DbSession, principal: ConfigAdmin
) -> DefectCodeOut:
    """Create a defect code. Its `code` must be unique (409 `duplicate`)."""
    return DefectCodeOut.model_validate(await service.create_defect_code(session, principal, body))


@defect_codes.get("", response_model=Page[DefectCodeOut], responses=problem_responses(400, 422))
async def list_defect_codes(
    session: DbSession,
    _: Reader,
    paging: Paging,
    code: CodeFilter = None,
    severity: Annotated[Severity | None, Query(description="only this severity")] = None,
) -> Page[DefectCodeOut]:
    """List defect codes, oldest first."""
    items, cursor = await service.list_defect_codes(session, paging, code=code, severity=severity)
    return Page(items=[DefectCodeOut.model_validate(x) for x in items], next_cursor=cursor)


@defect_codes.get(
    "/{defect_code_id}", response_model=DefectCodeOut, responses=problem_responses(404)
)
async def get_defect_code(
    defect_code_id: DefectCodeId, session: DbSession, _: Reader
) -> DefectCodeOut:
    """One defect code by id."""
    return DefectCodeOut.model_validate(await service.get_defect_code(session, defect_code_id))


@defect_codes.patch(
    "/{defect_code_id}", response_model=DefectCodeOut, responses=problem_responses(404, 409, 422)
)
async def update_defect_code(
    defect_code_id: DefectCodeId,
    body: DefectCodeUpdate,
    session: DbSession,
    principal: ConfigAdmin,
) -> DefectCodeOut:
    """Change a defect code's code, description or severity."""
    defect_code = await service.update_defect_code(session, principal, defect_code_id, body)
    return DefectCodeOut.model_validate(defect_code)


@defect_codes.delete(
    "/{defect_code_id}", status_code=_NO_CONTENT, responses=problem_responses(404, 409)
)
async def delete_defect_code(
    defect_code_id: DefectCodeId, session: DbSession, principal: ConfigAdmin
) -> Response:
    """Delete a defect code; 409 `in_use` while unit history or quality records use it."""
    await service.delete_defect_code(session, principal, defect_code_id)
    return Response(status_code=_NO_CONTENT)


for _router in (lines, workstations, parts, defect_codes):
    router.include_router(_router)
