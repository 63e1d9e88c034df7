"""Password logins: the check off the event loop, and a throttle on failed attempts.

Failures are counted under three keys: the (username, client address) pair, the username
from any address, and the client address for any username. Past a key's free attempts each
further failure doubles its wait (`TAKT_LOGIN_BASE_DELAY_SECONDS`, then twice that, four
times, … up to a cap); while any of the three waits, a login is answered 429
`too_many_requests` with `Retry-After`, before any password is verified — so a flood costs
the server a lookup, not an Argon2 hash. Nothing locks a user out for good: every wait ends,
a success clears the user's counters, and failures are forgotten after
`TAKT_LOGIN_FORGET_SECONDS` of quiet. The username's own cap is short (a minute by default),
because it slows the real user too; an attacker's address and pair reach the long cap (five
minutes) well before that.

The counters live in the database (`login_throttle`), not in process memory: with several
worker processes an in-memory throttle would give an attacker one budget per process, and a
restart would reset it. A login costs one short write before the verification — the attempt
is counted *before* the password is checked, so parallel guesses cannot slip through
together — and, after a success, one delete.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.exceptions import HTTPException

from app.auth.security import PasswordHashing
from app.config import Settings
from app.db.dialect import is_postgres
from app.db.session import Database
from app.kit.errors import Unauthenticated
from app.kit.time import utcnow
from app.models import LoginThrottle, User

PRUNE_EVERY = 200  # failed logins between two sweeps of forgotten counters (per process)


@dataclass(frozen=True)
class _Limit:
    free: int
    cap: float


class TooManyLogins(HTTPException):
    def __init__(self, wait: float) -> None:
        retry = max(1, math.ceil(wait))
        super().__init__(
            429,
            f"too many failed logins; try again in {retry} s",
            headers={"Retry-After": str(retry)},
        )


def _key(*parts: str) -> str:
    return hashlib.sha256("\x00".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


class Logins:
    def __init__(self, db: Database, settings: Settings, passwords: PasswordHashing) -> None:
        self._db = db
        self._passwords = passwords
        self._base = settings.login_base_delay_seconds
        self._forget = timedelta(seconds=settings.login_forget_seconds)
        s = settings
        self._pair = _Limit(s.login_free_attempts, s.login_max_delay_seconds)
        self._user = _Limit(s.login_user_free_attempts, s.login_user_max_delay_seconds)
        self._address = _Limit(s.login_address_free_attempts, s.login_max_delay_seconds)
        self._failures = 0

    def delay(self, limit: _Limit, failures: int) -> float:
        """Seconds to wait after `failures` failures in a row."""
        over = failures - limit.free
        if over <= 0:
            return 0.0
        return min(limit.cap, self._base * 2.0 ** min(over - 1, 60))

    async def authenticate(self, username: str, password: str, address: str) -> User:
        """The active user with these credentials; 401 (the same answer for every failure)
        or 429 while failures make logins wait."""
        # Usernames are matched case-sensitively, but counted case-insensitively: `Admin`
        # and `admin` share a budget.
        name = username.lower()
        keys = {
            _key("pair", name, address): self._pair,
            _key("user", name): self._user,
            _key("address", address): self._address,
        }
        user = await self._count_attempt(keys, username)
        valid = await self._passwords.verify_async(user.password_hash if user else None, password)
        if user is None or not valid or not user.active:
            self._failures += 1
            if self._failures % PRUNE_EVERY == 0:
                await self._prune()
            raise Unauthenticated("incorrect username or password", code="invalid_credentials")
        await self._succeeded([k for k, limit in keys.items() if limit is not self._address])
        return user

    async def _count_attempt(self, keys: dict[str, _Limit], username: str) -> User | None:
        """Refuse (429) while a key waits; else count this attempt as a failure (undone by
        a success) and return the user, if any."""
        async with self._db.transaction() as session:
            stmt = select(LoginThrottle).where(LoginThrottle.key.in_(keys))
            if not self._db.is_sqlite:  # SQLite: the write lock serialises logins already
                stmt = stmt.with_for_update()
            rows = {row.key: row for row in await session.scalars(stmt)}
            # Read after the lock: a login that waited for another's row sees its time.
            now = utcnow()
            wait = max(
                ((row.blocked_until - now).total_seconds() for row in rows.values()),
                default=0.0,
            )
            if wait > 0:
                raise TooManyLogins(wait)
            for key, limit in keys.items():
                row = rows.get(key)
                recent = row is not None and row.last_failure > now - self._forget
                failures = row.failures + 1 if row is not None and recent else 1
                await self._save(session, key, failures, now, limit)
            # No username holds a NUL, and PostgreSQL refuses one in a query: don't ask it.
            if "\x00" in username:
                return None
            return await session.scalar(select(User).where(User.username == username))

    async def _save(
        self, session: AsyncSession, key: str, failures: int, now: datetime, limit: _Limit
    ) -> None:
        values = {
            "failures": failures,
            "last_failure": now,
            "blocked_until": now + timedelta(seconds=self.delay(limit, failures)),
        }
        dialect = postgresql if is_postgres(session) else sqlite
        insert = dialect.insert(LoginThrottle).values(key=key, **values)
        await session.execute(
            insert.on_conflict_do_update(index_elements=[LoginThrottle.key], set_=values)
        )

    async def _succeeded(self, keys: list[str]) -> None:
        async with self._db.transaction() as session:
            await session.execute(delete(LoginThrottle).where(LoginThrottle.key.in_(keys)))

    async def _prune(self) -> None:
        """Drop counters nobody added to for `forget` and that no longer make anyone wait."""
        now = utcnow()
        async with self._db.transaction() as session:
            await session.execute(
                delete(LoginThrottle).where(
                    LoginThrottle.last_failure < now - self._forget,
                    LoginThrottle.blocked_until < now,
                )
            )
