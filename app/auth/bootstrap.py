"""First-start setup shared by every server process: the token secret and the admin user."""

from __future__ import annotations

import logging
import secrets
from typing import Any, cast

from sqlalchemy import CursorResult, func, select

from app.audit.recorder import record
from app.auth.passwords import weakness
from app.auth.security import PasswordHashing
from app.config import Settings
from app.db.dialect import insert_ignoring_conflicts
from app.db.session import Database
from app.models import InstanceSetting, Role, User, UserKind

log = logging.getLogger("takt.auth")

TOKEN_SECRET_KEY = "token_secret"
ADMIN_USERNAME = "admin"


async def ensure_token_secret(db: Database, settings: Settings) -> str:
    """The configured secret, or one generated once and shared through the database —
    in plain text there, where anyone who can read the database (a backup, a replica, a
    read-only role) can sign tokens for any user: said loudly at every start."""
    if settings.secret_key:
        return settings.secret_key
    log.warning(
        "TAKT_SECRET_KEY is not set: the token signing key is stored IN PLAIN TEXT in the "
        "database (table instance_settings). Anyone who can read the database or a backup of "
        "it can sign tokens for any user. Set TAKT_SECRET_KEY (32+ random characters) for "
        "anything but a trial; production refuses to start without it."
    )
    async with db.transaction() as session:
        await session.execute(
            insert_ignoring_conflicts(session, InstanceSetting).values(
                key=TOKEN_SECRET_KEY, value=secrets.token_urlsafe(48)
            )
        )
        stored = await session.scalar(
            select(InstanceSetting.value).where(InstanceSetting.key == TOKEN_SECRET_KEY)
        )
    assert stored is not None
    return stored


async def ensure_admin(db: Database, settings: Settings, passwords: PasswordHashing) -> None:
    """Create the `admin` user on an empty database (exactly once, even with many workers)."""
    async with db.transaction() as session:
        if await session.scalar(select(func.count()).select_from(User)):
            return
        password = settings.admin_password or secrets.token_urlsafe(18)
        problem = weakness(password, ADMIN_USERNAME)
        if problem:  # production refuses such a TAKT_ADMIN_PASSWORD already (app.config)
            log.warning("TAKT_ADMIN_PASSWORD does not meet the password policy: %s", problem)
        result = await session.execute(
            insert_ignoring_conflicts(session, User).values(
                username=ADMIN_USERNAME,
                password_hash=await passwords.hash_async(password),
                role=Role.ADMIN.value,
                kind=UserKind.PERSON.value,
                active=True,
            )
        )
        if not cast(CursorResult[Any], result).rowcount:
            return
        admin = await session.scalar(select(User).where(User.username == ADMIN_USERNAME))
        assert admin is not None
        # Keyed by id like every other user entry, so `entity_id` filters find it.
        await record(
            session,
            actor="system",
            entity_type="user",
            entity_id=admin.id,
            action="create",
            after={
                "id": admin.id,
                "username": ADMIN_USERNAME,
                "role": Role.ADMIN.value,
                "kind": UserKind.PERSON.value,
                "active": True,
            },
        )
    if settings.admin_password:
        log.warning("created user 'admin' with the password from TAKT_ADMIN_PASSWORD")
    else:
        log.warning("created user 'admin' with generated password: %s (shown once)", password)
