"""Commands and queries for user accounts.

Users are never deleted (history names them): `active=false` deactivates an account.
There is always at least one active admin: the last one can be neither demoted nor
deactivated. Password hashes never leave this module, not even into the audit log.

Nobody grants more than they hold (`app.auth.principal.holds_role`): an API key with
`users:admin` may create, change or set the password of only users whose role its scopes
cover, and give only such roles; only an admin (or an `admin` key) touches an admin.
A new password or a (de)activation moves the user's token generation on: their older
tokens are refused from the commit on, in every process (`app.auth.revocation`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.audit.recorder import changes, fields_of, record
from app.auth import revocation
from app.auth.passwords import weakness
from app.auth.principal import Principal, holds_role
from app.auth.security import PasswordHashing
from app.auth.users.schemas import UserCreate, UserUpdate
from app.kit import crud
from app.kit.errors import (
    Conflict,
    DuplicateKey,
    Forbidden,
    Invalid,
    NotFound,
    UnknownReference,
)
from app.kit.pagination import PageParams
from app.kit.time import utcnow
from app.models import Line, Role, User, UserKind, UserLine, Workstation

ENTITY = "user"
# Audited as plain values; `line_ids` and `password_changed` are added where they apply.
USER_FIELDS = ("username", "role", "kind", "full_name", "workstation_id", "active")


class LastAdmin(Conflict):
    code = "last_admin"
    title = "Last active admin"


@dataclass(frozen=True)
class UserView:
    """A user with its line assignments, as the API shows it."""

    user: User
    line_ids: list[int]


async def create_user(
    session: AsyncSession, principal: Principal, passwords: PasswordHashing, data: UserCreate
) -> UserView:
    _require_role(principal, data.role, "create a user with role")
    _require_strong(data.password, data.username)
    line_ids = _distinct(data.line_ids)
    await _require_lines(session, line_ids)
    if data.workstation_id is not None:
        await crud.require_reference(session, Workstation, data.workstation_id, "workstation_id")
    if await session.scalar(select(User.id).where(User.username == data.username)) is not None:
        raise DuplicateKey(f"username {data.username!r} is already taken", field="username")
    user = User(
        username=data.username,
        password_hash=await passwords.hash_async(data.password),
        role=data.role.value,
        kind=data.kind.value,
        full_name=data.full_name,
        workstation_id=data.workstation_id,
        active=True,
    )
    session.add(user)
    await crud.flush(session)  # the unique constraint settles a concurrent duplicate
    await _add_lines(session, user.id, line_ids)
    await record(
        session,
        actor=principal.actor,
        entity_type=ENTITY,
        entity_id=user.id,
        action="create",
        after=fields_of(user, ("id", *USER_FIELDS)) | {"line_ids": line_ids},
    )
    return UserView(user, line_ids)


async def get_user(session: AsyncSession, user_id: int) -> UserView:
    user = await crud.get_or_404(session, User, user_id, ENTITY)
    return UserView(user, (await _lines_of(session, [user.id])).get(user.id, []))


async def list_users(
    session: AsyncSession,
    params: PageParams,
    *,
    role: Role | None = None,
    kind: UserKind | None = None,
    active: bool | None = None,
    username: str | None = None,
) -> tuple[list[UserView], str | None]:
    stmt = select(User)
    if role is not None:
        stmt = stmt.where(User.role == role.value)
    if kind is not None:
        stmt = stmt.where(User.kind == kind.value)
    if active is not None:
        stmt = stmt.where(User.active.is_(active))
    if username is not None:
        stmt = stmt.where(User.username == username)
    users, cursor = await crud.list_page(session, stmt, User, params)
    lines = await _lines_of(session, [u.id for u in users])
    return [UserView(u, lines.get(u.id, [])) for u in users], cursor


async def update_user(
    session: AsyncSession,
    principal: Principal,
    passwords: PasswordHashing,
    user_id: int,
    data: UserUpdate,
) -> UserView:
    """Apply a partial update; audit what changed (a new password only as a flag)."""
    values: dict[str, Any] = data.changes()
    password: str | None = values.pop("password", None)
    new_lines: list[int] | None = values.pop("line_ids", None)
    if "role" in values:
        _require_role(principal, values["role"], "give the role")
    for name in ("role", "kind"):
        if name in values:
            values[name] = values[name].value

    if "role" in values or "active" in values:
        # Lock every active admin (in id order, so concurrent demotions queue instead of
        # deadlocking) before the user itself: the last-admin check must see committed state.
        await session.execute(
            select(User.id)
            .where(User.role == Role.ADMIN.value, User.active.is_(True))
            .order_by(User.id)
            .with_for_update()
        )
    user = await _lock(session, user_id)
    # Acting on an account is acting as it could (its password above all): only callers
    # that hold its role may change it at all.
    _require_role(principal, Role(user.role), "change a user with role")
    if password is not None:
        _require_strong(password, user.username)
    await _check_workstation_binding(session, user, values)
    if _loses_admin(user, values):
        await _require_another_admin(session, user)

    old_lines = (await _lines_of(session, [user.id])).get(user.id, [])
    before = fields_of(user, tuple(values))
    for name, value in values.items():
        setattr(user, name, value)
    old, new = changes(before, values)

    lines = old_lines
    if new_lines is not None:
        lines = _distinct(new_lines)
        if lines != old_lines:
            await _require_lines(session, [x for x in lines if x not in old_lines])
            await _replace_lines(session, user.id, old_lines, lines)
            old["line_ids"], new["line_ids"] = old_lines, lines
    if password is not None:
        user.password_hash = await passwords.hash_async(password)
        new["password_changed"] = True

    if new:
        if password is not None or "active" in new:
            user.token_generation += 1  # ends the tokens issued before
        user.updated_at = utcnow()
        await crud.flush(session)
        await revocation.changed(session)
        await record(
            session,
            actor=principal.actor,
            entity_type=ENTITY,
            entity_id=user.id,
            action="update",
            before=old,
            after=new,
        )
    return UserView(user, lines)


# -- helpers ---------------------------------------------------------------------------------


def _require_role(principal: Principal, role: Role, action: str) -> None:
    if not holds_role(principal, role):
        raise Forbidden(
            f"only a caller that holds everything the role '{role.value}' may do can "
            f"{action} '{role.value}'"
        )


def _require_strong(password: str, username: str) -> None:
    problem = weakness(password, username)
    if problem is not None:
        raise Invalid(
            problem,
            code="weak_password",
            errors=[{"loc": ["body", "password"], "msg": problem}],
        )


def _distinct(ids: Iterable[int]) -> list[int]:
    return sorted(set(ids))


async def _lock(session: AsyncSession, user_id: int) -> User:
    user = await session.scalar(
        select(User)
        .where(User.id == user_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if user is None:
        raise NotFound(f"user {user_id} does not exist")
    return user


async def _check_workstation_binding(
    session: AsyncSession, user: User, values: dict[str, Any]
) -> None:
    kind: str = values.get("kind", user.kind)
    workstation_id: int | None = values.get("workstation_id", user.workstation_id)
    if workstation_id is not None and kind != UserKind.WORKSTATION.value:
        field = "workstation_id" if "workstation_id" in values else "kind"
        raise Invalid(
            "only a workstation account (kind=workstation) can be bound to a workstation; "
            "send `workstation_id: null` to unbind it",
            errors=[{"loc": ["body", field], "msg": "workstation binding needs kind=workstation"}],
        )
    if workstation_id is not None and workstation_id != user.workstation_id:
        await crud.require_reference(session, Workstation, workstation_id, "workstation_id")


def _loses_admin(user: User, values: dict[str, Any]) -> bool:
    if user.role != Role.ADMIN.value or not user.active:
        return False
    return values.get("role", user.role) != Role.ADMIN.value or values.get("active") is False


async def _require_another_admin(session: AsyncSession, user: User) -> None:
    other = await session.scalar(
        select(User.id)
        .where(User.role == Role.ADMIN.value, User.active.is_(True), User.id != user.id)
        .limit(1)
    )
    if other is None:
        raise LastAdmin(
            f"{user.username!r} is the last active admin; make another user admin first"
        )


async def _require_lines(session: AsyncSession, line_ids: list[int]) -> None:
    if not line_ids:
        return
    found = set(await session.scalars(select(Line.id).where(Line.id.in_(line_ids))))
    missing = [x for x in line_ids if x not in found]
    if missing:
        listed = ", ".join(str(x) for x in missing)
        raise UnknownReference(f"line_ids {listed} do not exist", field="line_ids")


async def _lines_of(session: AsyncSession, user_ids: list[int]) -> dict[int, list[int]]:
    if not user_ids:
        return {}
    rows = await session.execute(
        select(UserLine.user_id, UserLine.line_id)
        .where(UserLine.user_id.in_(user_ids))
        .order_by(UserLine.user_id, UserLine.line_id)
    )
    lines: dict[int, list[int]] = {}
    for user_id, line_id in rows:
        lines.setdefault(user_id, []).append(line_id)
    return lines


async def _add_lines(session: AsyncSession, user_id: int, line_ids: list[int]) -> None:
    # A line deleted meanwhile fails the foreign key: the problem handler answers 422.
    if line_ids:
        await session.execute(
            insert(UserLine), [{"user_id": user_id, "line_id": x} for x in line_ids]
        )


async def _replace_lines(
    session: AsyncSession, user_id: int, old: list[int], new: list[int]
) -> None:
    removed = [x for x in old if x not in new]
    if removed:
        await session.execute(
            delete(UserLine).where(UserLine.user_id == user_id, UserLine.line_id.in_(removed))
        )
    await _add_lines(session, user_id, [x for x in new if x not in old])
