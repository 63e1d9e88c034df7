"""HTTP routes of imports: `POST /imports/{orders|parts|lots}` (multipart) and the mapping
profiles `/import-mappings` (admins write, everyone reads).

Who may import is who may create the records one by one: orders and lots supervisors and
admins (`orders:write`), parts admins (`config:write`). An unknown target is 404 (there is
no such route)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import APIRouter, File, Form, Path, Query, Request, Response, UploadFile, status

from app.auth.principal import ConfigAdmin, OrderPlanner, Principal, Reader
from app.db.session import DbCommand, DbSession
from app.imports import service
from app.imports.schemas import (
    ImportMappingCreate,
    ImportMappingOut,
    ImportMappingUpdate,
    ImportProblem,
    ImportResult,
    ImportTarget,
)
from app.kit.pagination import Page, Paging
from app.kit.problems import PROBLEM_MEDIA_TYPE, problem_responses
from app.kit.routing import CommandRoute
from app.kit.schemas import MAX_ID

router = APIRouter(responses=problem_responses(401, 403), route_class=CommandRoute)

MappingId = Annotated[int, Path(ge=1, le=MAX_ID, description="import mapping id")]
UploadField = Annotated[
    UploadFile, File(description="the CSV (`,` `;` tab or `|`, UTF-8) or XLSX file")
]
MappingField = Annotated[
    int | None, Form(ge=1, le=MAX_ID, description="id of an import mapping profile")
]
DryRunField = Annotated[
    bool, Form(description="check everything and report the counts, write nothing")
]

_SUMMARY = (
    "Import a CSV or XLSX file. Rows are matched on their natural key and update the record "
    "found, or create one. All rows apply in one transaction or none do: any row error is "
    "422 `import_invalid` listing every error (row, column, code, message; the first 1,000), "
    "and nothing is written. A file that is not readable CSV/XLSX is 422 `invalid_file`; a "
    "header without the key columns 422 `missing_columns`; an unknown mapping 404. "
    "See docs/imports.md."
)


def _import_endpoint(
    target: ImportTarget, allowed: object
) -> Callable[..., Awaitable[ImportResult]]:
    """The import route of `target`; `allowed` (an `Annotated[Principal, Depends(Allow(…))]`)
    becomes the annotation of its principal, so that FastAPI, the OpenAPI document and the
    idempotency replay check (`access_rule`) all see the target's own access rule."""

    async def endpoint(
        request: Request,
        cmd: DbCommand,
        principal: Principal,
        file: UploadField,
        mapping: MappingField = None,
        dry_run: DryRunField = False,
    ) -> ImportResult:
        session = await cmd.session()
        profile = await service.get_mapping(session, mapping) if mapping is not None else None
        outcome = await service.import_file(
            session,
            principal,
            target,
            file.file,
            filename=file.filename,
            zone=request.app.state.settings.zone,
            mapping=profile,
            dry_run=dry_run,
        )
        return ImportResult.model_validate(outcome.as_dict())

    endpoint.__annotations__["principal"] = allowed
    endpoint.__name__ = f"import_{target.value}"
    endpoint.__doc__ = _SUMMARY
    return endpoint


_WHO: dict[ImportTarget, object] = {
    ImportTarget.ORDERS: OrderPlanner,
    ImportTarget.PARTS: ConfigAdmin,
    ImportTarget.LOTS: OrderPlanner,
}

for _target, _allowed in _WHO.items():
    router.add_api_route(
        f"/imports/{_target.value}",
        _import_endpoint(_target, _allowed),
        methods=["POST"],
        response_model=ImportResult,
        summary=f"Import {_target.value} from CSV or XLSX",
        tags=["imports"],
        responses={
            **problem_responses(404, 413),
            422: {
                "model": ImportProblem,
                "description": "Refused: `import_invalid` (row errors, nothing written), "
                "`invalid_file`, `missing_columns`, `mapping_target_mismatch`, "
                "`validation_error`",
                "content": {PROBLEM_MEDIA_TYPE: {}},
            },
        },
    )


# -- mapping profiles -------------------------------------------------------------------------

mappings = APIRouter(
    prefix="/import-mappings",
    tags=["imports"],
    responses=problem_responses(401, 403),
    route_class=CommandRoute,
)


@mappings.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=ImportMappingOut,
    responses=problem_responses(409, 422),
)
async def create_mapping(
    body: ImportMappingCreate, session: DbSession, principal: ConfigAdmin
) -> ImportMappingOut:
    """Create an import mapping profile; `name` is unique (409 `duplicate`)."""
    return ImportMappingOut.model_validate(await service.create_mapping(session, principal, body))


@mappings.get("", response_model=Page[ImportMappingOut], responses=problem_responses(400, 422))
async def list_mappings(
    session: DbSession,
    _: Reader,
    paging: Paging,
    target: Annotated[ImportTarget | None, Query(description="only this target's")] = None,
    name: Annotated[str | None, Query(max_length=64, description="exact name")] = None,
) -> Page[ImportMappingOut]:
    """List import mapping profiles, oldest first."""
    items, cursor = await service.list_mappings(session, paging, target=target, name=name)
    return Page(items=[ImportMappingOut.model_validate(m) for m in items], next_cursor=cursor)


@mappings.get("/{mapping_id}", response_model=ImportMappingOut, responses=problem_responses(404))
async def get_mapping(mapping_id: MappingId, session: DbSession, _: Reader) -> ImportMappingOut:
    """One import mapping profile."""
    return ImportMappingOut.model_validate(await service.get_mapping(session, mapping_id))


@mappings.patch(
    "/{mapping_id}", response_model=ImportMappingOut, responses=problem_responses(404, 409, 422)
)
async def update_mapping(
    mapping_id: MappingId, body: ImportMappingUpdate, session: DbSession, principal: ConfigAdmin
) -> ImportMappingOut:
    """Change an import mapping profile (its target stays)."""
    return ImportMappingOut.model_validate(
        await service.update_mapping(session, principal, mapping_id, body)
    )


@mappings.delete(
    "/{mapping_id}", status_code=status.HTTP_204_NO_CONTENT, responses=problem_responses(404)
)
async def delete_mapping(
    mapping_id: MappingId, session: DbSession, principal: ConfigAdmin
) -> Response:
    """Delete an import mapping profile."""
    await service.delete_mapping(session, principal, mapping_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


router.include_router(mappings)
