"""Password hashing (Argon2id), signed bearer tokens (JWT, HS256) and API key secrets."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from app.kit.schemas import MAX_ID
from app.kit.time import utcnow

TOKEN_ALGORITHM = "HS256"
TOKEN_AUDIENCE = "takt"
API_KEY_PREFIX = "takt_"


class PasswordHashing:
    def __init__(self, time_cost: int, memory_kib: int) -> None:
        self._hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=1)
        # Verifying against this when the user does not exist keeps timing uniform.
        self._dummy = self._hasher.hash(secrets.token_hex(8))

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, password_hash: str | None, password: str) -> bool:
        try:
            return self._hasher.verify(password_hash or self._dummy, password) and bool(
                password_hash
            )
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False


@dataclass(frozen=True)
class TokenClaims:
    user_id: int
    expires_in: int


def issue_token(user_id: int, secret: str, expire_minutes: int) -> tuple[str, int]:
    now = utcnow()
    expires = timedelta(minutes=expire_minutes)
    payload = {
        "sub": str(user_id),
        "aud": TOKEN_AUDIENCE,
        "iat": int(now.timestamp()),
        "exp": int((now + expires).timestamp()),
    }
    return jwt.encode(payload, secret, algorithm=TOKEN_ALGORITHM), int(expires.total_seconds())


def read_token(token: str, secret: str) -> int | None:
    """The user id a valid, unexpired token was issued to; None for anything else."""
    try:
        payload = jwt.decode(
            token,
            secret,
            algorithms=[TOKEN_ALGORITHM],
            audience=TOKEN_AUDIENCE,
            options={"require": ["sub", "exp", "aud"]},
        )
        user_id = int(payload["sub"])
    except (jwt.PyJWTError, ValueError, TypeError):
        return None
    # Only ever issued for a real user id; anything else must not reach the database.
    return user_id if 1 <= user_id <= MAX_ID else None


def new_api_key() -> str:
    return API_KEY_PREFIX + secrets.token_urlsafe(32)


def hash_api_key(key: str) -> str:
    # API keys are 256-bit random secrets: a fast hash is enough and allows lookup by hash.
    return hashlib.sha256(key.encode()).hexdigest()
