"""Authentication commands."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.security import PasswordHashing
from app.kit.errors import Unauthenticated
from app.models import User


async def authenticate(
    session: AsyncSession, passwords: PasswordHashing, username: str, password: str
) -> User:
    """The active user with these credentials, or 401 (the same answer for every failure)."""
    # No username holds a NUL, and PostgreSQL refuses one in a query: don't ask it.
    user = (
        None
        if "\x00" in username
        else await session.scalar(select(User).where(User.username == username))
    )
    valid = passwords.verify(user.password_hash if user else None, password)
    if user is None or not valid or not user.active:
        raise Unauthenticated("incorrect username or password", code="invalid_credentials")
    return user
