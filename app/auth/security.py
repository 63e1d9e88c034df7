"""Password hashing (Argon2id), signed bearer tokens (JWT, HS256) and API key secrets."""

from __future__ import annotations

import asyncio
import hashlib
import secrets
from concurrent.futures import ThreadPoolExecutor
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
    """Argon2id, deliberately slow (~0.1-0.5 s, 64 MiB): never on the event loop. The async
    methods run in a pool of `threads`, which also bounds the memory a login flood can take;
    requests beyond it queue (and the login throttle refuses most of a flood before that)."""

    def __init__(self, time_cost: int, memory_kib: int, threads: int = 2) -> None:
        self._hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=1)
        # Verifying against this when the user does not exist keeps timing uniform.
        self._dummy = self._hasher.hash(secrets.token_hex(8))
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="takt-argon2")

    async def hash_async(self, password: str) -> str:
        return await asyncio.get_running_loop().run_in_executor(self._pool, self.hash, password)

    async def verify_async(self, password_hash: str | None, password: str) -> bool:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, self.verify, password_hash, password)

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

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
    """What a valid token says: its user, the user's token generation when it was issued
    (a password change or deactivation moves the generation on, ending older tokens) and
    when it expires (Unix seconds; the token is valid while `time() < exp`)."""

    user_id: int
    generation: int
    exp: int


def issue_token(
    user_id: int, secret: str, expire_minutes: int, generation: int = 0
) -> tuple[str, int]:
    now = utcnow()
    expires = timedelta(minutes=expire_minutes)
    payload = {
        "sub": str(user_id),
        "aud": TOKEN_AUDIENCE,
        "gen": generation,
        "iat": int(now.timestamp()),
        "exp": int((now + expires).timestamp()),
    }
    return jwt.encode(payload, secret, algorithm=TOKEN_ALGORITHM), int(expires.total_seconds())


def read_token(token: str, secret: str) -> TokenClaims | None:
    """The claims of a valid, unexpired token; None for anything else."""
    try:
        payload = jwt.decode(
            token,
            secret,
            algorithms=[TOKEN_ALGORITHM],
            audience=TOKEN_AUDIENCE,
            options={"require": ["sub", "exp", "aud"]},
        )
        user_id = int(payload["sub"])
        # Tokens issued before generations existed carry none: generation 0, the start.
        generation = payload.get("gen", 0)
        exp = payload["exp"]
    except (jwt.PyJWTError, ValueError, TypeError):
        return None
    if type(generation) is not int or type(exp) is not int:
        return None
    # Only ever issued for a real user id; anything else must not reach the database.
    if not 1 <= user_id <= MAX_ID:
        return None
    return TokenClaims(user_id, generation, exp)


def new_api_key() -> str:
    return API_KEY_PREFIX + secrets.token_urlsafe(32)


def hash_api_key(key: str) -> str:
    # API keys are 256-bit random secrets: a fast hash is enough and allows lookup by hash.
    return hashlib.sha256(key.encode()).hexdigest()
