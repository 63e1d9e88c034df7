"""HTTP routes for user accounts (admins only)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, status

from app.auth import revocation
from app.auth.principal import UserAdmin
from app.auth.users import service
from app.auth.users.schemas import USERNAME_PATTERN, UserCreate, UserOut, UserUpdate
from app.db.session import DbSession
from app.kit.pagination import Page, Paging
from app.kit.problems import problem_responses
from app.kit.routing import CommandRoute
from app.kit.schemas import MAX_ID
from app.models import Role, UserKind

router = APIRouter(
    prefix="/users", tags=["users"], responses=problem_responses(401, 403), route_class=CommandRoute
)

UserId = Annotated[int, Path(ge=1, le=MAX_ID, description="user id")]


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=UserOut,
    responses=problem_responses(409, 422),
)
async def create_user(
    request: Request, body: UserCreate, session: DbSession, principal: UserAdmin
) -> UserOut:
    """Create a user. `username` must be unique (409 `duplicate`); every `line_ids` entry and
    `workstation_id` must exist (422 `unknown_reference`); the password must meet the policy
    (422 `weak_password`). An API key creates only users whose role its scopes cover (403)."""
    view = await service.create_user(session, principal, request.app.state.passwords, body)
    return UserOut.of(view.user, view.line_ids)


@router.get("", response_model=Page[UserOut], responses=problem_responses(400, 422))
async def list_users(
    session: DbSession,
    _: UserAdmin,
    paging: Paging,
    role: Annotated[Role | None, Query(description="only users with this role")] = None,
    kind: Annotated[UserKind | None, Query(description="only accounts of this kind")] = None,
    active: Annotated[bool | None, Query(description="only active (or inactive) users")] = None,
    username: Annotated[
        str | None, Query(max_length=64, pattern=USERNAME_PATTERN, description="exact username")
    ] = None,
) -> Page[UserOut]:
    """List users, oldest first. Password hashes are never returned."""
    views, cursor = await service.list_users(
        session, paging, role=role, kind=kind, active=active, username=username
    )
    return Page(items=[UserOut.of(v.user, v.line_ids) for v in views], next_cursor=cursor)


@router.get("/{user_id}", response_model=UserOut, responses=problem_responses(404, 422))
async def get_user(user_id: UserId, session: DbSession, _: UserAdmin) -> UserOut:
    """One user by id."""
    view = await service.get_user(session, user_id)
    return UserOut.of(view.user, view.line_ids)


@router.patch("/{user_id}", response_model=UserOut, responses=problem_responses(404, 409, 422))
async def update_user(
    request: Request,
    user_id: UserId,
    body: UserUpdate,
    session: DbSession,
    principal: UserAdmin,
) -> UserOut:
    """Change a user: role, kind, name, lines (the complete new set), workstation, password,
    or `active: false` to deactivate. A new password or a deactivation ends the user's tokens
    at once (reactivating does not bring them back). Users are never deleted. Demoting or
    deactivating the last active admin is 409 `last_admin`. An API key changes only users
    whose role its scopes cover, and gives only such roles (403): only admins touch admins."""
    view = await service.update_user(session, principal, request.app.state.passwords, user_id, body)
    revocation.hold_response(request, session)
    return UserOut.of(view.user, view.line_ids)
