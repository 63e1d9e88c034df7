"""HTTP routes for API keys (admins only)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response, status

from app.auth import revocation
from app.auth.api_keys import service
from app.auth.api_keys.schemas import ApiKeyCreate, ApiKeyCreated, ApiKeyOut
from app.auth.principal import UserAdmin
from app.db.session import DbSession
from app.kit.pagination import Page, Paging
from app.kit.problems import problem_responses
from app.kit.routing import CommandRoute
from app.kit.schemas import MAX_ID

router = APIRouter(
    prefix="/api-keys",
    tags=["api-keys"],
    responses=problem_responses(401, 403),
    route_class=CommandRoute,
)

ApiKeyId = Annotated[int, Path(ge=1, le=MAX_ID, description="API key id")]


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=ApiKeyCreated,
    responses=problem_responses(409, 422),
)
async def create_api_key(
    body: ApiKeyCreate, session: DbSession, principal: UserAdmin, response: Response
) -> ApiKeyCreated:
    """Create an API key. The response carries the secret `key`: it is shown only this once
    (only a hash is stored; a retry with the same `Idempotency-Key` is 409
    `idempotency_not_replayable`). An API key creating keys can grant only scopes it holds."""
    # Never kept by a cache, nor by the idempotency store (`app.kit.idempotency`).
    response.headers["Cache-Control"] = "no-store"
    key, secret = await service.create_api_key(session, principal, body)
    return ApiKeyCreated(**ApiKeyOut.model_validate(key).model_dump(), key=secret)


@router.get("", response_model=Page[ApiKeyOut], responses=problem_responses(400, 422))
async def list_api_keys(
    session: DbSession,
    _: UserAdmin,
    paging: Paging,
    revoked: Annotated[
        bool | None, Query(description="only revoked (true) or only valid (false) keys")
    ] = None,
) -> Page[ApiKeyOut]:
    """List API keys, oldest first (never the secret or its hash)."""
    items, cursor = await service.list_api_keys(session, paging, revoked=revoked)
    return Page(items=[ApiKeyOut.model_validate(x) for x in items], next_cursor=cursor)


@router.get("/{key_id}", response_model=ApiKeyOut, responses=problem_responses(404, 422))
async def get_api_key(key_id: ApiKeyId, session: DbSession, _: UserAdmin) -> ApiKeyOut:
    """One API key by id (never the secret or its hash)."""
    return ApiKeyOut.model_validate(await service.get_api_key(session, key_id))


@router.delete(
    "/{key_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(404, 422),
)
async def revoke_api_key(
    request: Request, key_id: ApiKeyId, session: DbSession, principal: UserAdmin
) -> Response:
    """Revoke an API key: from now on it is refused with 401. The record stays, for history."""
    await service.revoke_api_key(session, principal, key_id)
    revocation.hold_response(request, session)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
