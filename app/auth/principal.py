"""Who is calling: resolving bearer tokens and API keys to a principal, and access rules.

Every endpoint declares who may call it with one of the `Annotated` aliases at the bottom
(e.g. `ConfigAdmin`): a role set for users and a scope for API keys.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Annotated, Literal

from fastapi import Depends, Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts
from sqlalchemy import select
from starlette.routing import Match
from starlette.types import Scope

from app.auth.errors import NotYourStation
from app.auth.revocation import AUTH_TOPIC
from app.auth.security import hash_api_key, read_token
from app.config import Settings
from app.db.session import Database
from app.kit.errors import Forbidden, TaktError, Unauthenticated
from app.models import ApiKey, Role, User, UserKind, UserLine

SCOPES: dict[str, str] = {
    "read": "read production data and configuration",
    "config:write": "create and change configuration (lines, parts, routes, …)",
    "orders:write": "create production orders and change their status",
    "units:execute": "generate units and move, gate, rework and scrap them",
    "quality:write": "record measurements and quality events",
    "issues:write": "open issues (andon) and acknowledge, resolve and close them",
    "users:admin": "manage users and API keys",
    "audit:read": "read and export the audit log",
    "admin": "everything",
}

ALL_ROLES = frozenset(Role)


@dataclass(frozen=True)
class Principal:
    """The authenticated caller: a user (with a role) or an API key (with scopes)."""

    kind: Literal["user", "api_key"]
    id: int
    name: str
    role: Role | None = None
    user_kind: UserKind = UserKind.PERSON
    line_ids: frozenset[int] = field(default_factory=frozenset)
    workstation_id: int | None = None
    scopes: frozenset[str] = field(default_factory=frozenset)
    generation: int = 0  # a user's token generation (`app.auth.security.TokenClaims`)

    @property
    def actor(self) -> str:
        """How this caller appears in history and the audit log."""
        return f"{'user' if self.kind == 'user' else 'api_key'}:{self.name}"

    @property
    def is_restricted_operator(self) -> bool:
        """Operators act only on their lines; supervisors, admins and API keys anywhere."""
        return self.kind == "user" and self.role == Role.OPERATOR

    @property
    def is_restricted(self) -> bool:
        """Whether the caller is limited to some lines or to one workstation."""
        return self.kind == "user" and (
            self.workstation_id is not None or self.role == Role.OPERATOR
        )

    def require_station(self, workstation_id: int | None, line_id: int | None) -> None:
        """Operators act on their lines only; a bound workstation account at its station
        only (NotYourStation otherwise)."""
        if self.kind != "user":
            return
        if self.workstation_id is not None and workstation_id != self.workstation_id:
            raise NotYourStation("this workstation account may act only at its own workstation")
        if self.is_restricted_operator and line_id not in self.line_ids:
            raise NotYourStation("this unit's current step is not on one of your lines")

    def may(self, roles: frozenset[Role], scope: str) -> bool:
        if self.kind == "api_key":
            return scope in self.scopes or "admin" in self.scopes
        return self.role in roles


SYSTEM = Principal(kind="user", id=0, name="system", role=Role.ADMIN)


class Authenticator:
    """Resolves credentials to principals, with a short in-process cache on the hot path.

    A cache hit costs a dict lookup and a clock read: no signature check, no database. It is
    exact all the same: an entry never outlives its token's `exp`, and every change to a
    user or key clears the cache of every process at commit (`app.auth.revocation`); while
    those notifications could be missed (`trusted` is False: the PostgreSQL listener is not
    connected) nothing is served from the cache. A token carries its user's generation,
    which a password change or (de)activation moves on: older tokens stay refused after the
    cache is gone, and a reactivated user's old tokens do not come back.
    """

    def __init__(self, settings: Settings, db: Database, secret: str) -> None:
        self._db = db
        self._secret = secret
        self._ttl = settings.auth_cache_seconds
        self._cache: dict[str, tuple[float, Principal | None]] = {}
        self._loading: dict[str, asyncio.Future[Principal | None]] = {}
        self._generation = 0
        # On PostgreSQL other processes change users too: trusted once their notifications
        # can reach us (`listening`). SQLite has this one process only.
        self.trusted = db.is_sqlite
        db.on_commit(AUTH_TOPIC, self.invalidate)

    @property
    def secret(self) -> str:
        return self._secret

    def invalidate(self) -> None:
        """Forget cached principals (a user or key changed, in this process or another)."""
        self._cache.clear()
        self._generation += 1

    def listening(self, connected: bool) -> None:
        """The cross-process notifications are (or are no longer) being received."""
        self.invalidate()
        self.trusted = connected

    async def _cached(
        self,
        key: str,
        load: Callable[[], Awaitable[Principal | None]],
        expires: float | None = None,
    ) -> Principal | None:
        """The cached principal, or one load shared by every request that needs it at the
        same time: when an entry expires under load (an integration sending many requests
        with one API key), the database sees one lookup, not one per request in flight."""
        now = time.monotonic()
        hit = self._cache.get(key)
        if hit is not None and hit[0] > now:
            return hit[1]
        loading = self._loading.get(key)
        if loading is None:
            loading = asyncio.ensure_future(self._load(key, load, expires))
            self._loading[key] = loading
            loading.add_done_callback(lambda done: self._settled(key, done))
        # Shielded: a request that gives up does not cancel the others' lookup.
        return await asyncio.shield(loading)

    def _settled(self, key: str, done: asyncio.Future[Principal | None]) -> None:
        self._loading.pop(key, None)
        if not done.cancelled():
            done.exception()  # retrieved: its requests may all have gone, nobody else will

    async def _load(
        self,
        key: str,
        load: Callable[[], Awaitable[Principal | None]],
        expires: float | None,
    ) -> Principal | None:
        generation = self._generation
        principal = await load()
        # Not invalidated meanwhile, and invalidations can reach us.
        if self._ttl > 0 and generation == self._generation and self.trusted:
            if len(self._cache) > 10_000:
                self._cache.clear()
            deadline = time.monotonic() + self._ttl
            if expires is not None:  # the token's `exp`, on the monotonic clock
                deadline = min(deadline, time.monotonic() + expires - time.time())
            self._cache[key] = (deadline, principal)
        return principal

    async def from_token(self, token: str) -> Principal | None:
        hit = self._cache.get(f"t:{token}")
        if hit is not None and hit[0] > time.monotonic():
            return hit[1]
        claims = read_token(token, self._secret)
        if claims is None:
            return None

        async def load() -> Principal | None:
            principal = await self.load_user(claims.user_id)
            if principal is None or principal.generation != claims.generation:
                return None  # a password change or (de)activation ended this token
            return principal

        # Keyed by the exact token: a hit skips signature verification, and an entry lives
        # at most until the token's `exp`.
        return await self._cached(f"t:{token}", load, expires=claims.exp)

    async def from_api_key(self, key: str) -> Principal | None:
        digest = hash_api_key(key)
        return await self._cached(f"k:{digest}", lambda: self._load_api_key(digest))

    async def load_user(self, user_id: int) -> Principal | None:
        async with self._db.transaction(write=False) as session:
            user = await session.get(User, user_id)
            if user is None or not user.active:
                return None
            lines = await session.scalars(
                select(UserLine.line_id).where(UserLine.user_id == user_id)
            )
            return Principal(
                kind="user",
                id=user.id,
                name=user.username,
                role=Role(user.role),
                user_kind=UserKind(user.kind),
                line_ids=frozenset(lines),
                workstation_id=user.workstation_id,
                generation=user.token_generation,
            )

    async def _load_api_key(self, digest: str) -> Principal | None:
        async with self._db.transaction(write=False) as session:
            key = await session.scalar(select(ApiKey).where(ApiKey.key_hash == digest))
            if key is None or key.revoked_at is not None:
                return None
            return Principal(kind="api_key", id=key.id, name=key.name, scopes=frozenset(key.scopes))


# OpenAPI security schemes. Credentials are read by `credentials_from` below (one cheap call
# per request); `app.openapi` documents these schemes on every operation that depends on
# `Allow` or `current_principal`.
SECURITY_SCHEMES: dict[str, dict[str, object]] = {
    "bearer": {
        "type": "oauth2",
        "description": "Bearer token from `POST /api/v1/auth/token` (OAuth2 password flow).",
        "flows": {"password": {"scopes": {}, "tokenUrl": "/api/v1/auth/token"}},
    },
    "apiKey": {
        "type": "apiKey",
        "in": "header",
        "name": "X-API-Key",
        "description": "API key created at `POST /api/v1/api-keys`; its scopes limit what "
        "it may do.",
    },
}


def credentials_from(headers: Mapping[str, str]) -> tuple[str | None, str | None]:
    """(bearer token, API key) as sent; either may be None."""
    authorization = headers.get("authorization", "")
    scheme, _, token = authorization.partition(" ")
    bearer = token.strip() if scheme.lower() == "bearer" and token.strip() else None
    return bearer, headers.get("x-api-key") or None


async def resolve_credentials(
    authenticator: Authenticator, token: str | None, api_key: str | None
) -> Principal:
    if api_key:
        principal = await authenticator.from_api_key(api_key)
        if principal is None:
            raise Unauthenticated("the API key is unknown or revoked", code="invalid_credentials")
        return principal
    if token:
        principal = await authenticator.from_token(token)
        if principal is None:
            raise Unauthenticated(
                "the bearer token is invalid or expired, or its user is inactive",
                code="invalid_credentials",
            )
        return principal
    raise Unauthenticated("send `Authorization: Bearer <token>` or `X-API-Key: <key>`")


async def caller_of(scope: Scope, headers: dict[bytes, bytes]) -> str | None:
    """The caller of a raw ASGI request as `kind:id`, None without valid credentials (what
    idempotency keys are scoped to)."""
    token, api_key = credentials_from(
        {k.decode("latin-1"): v.decode("latin-1") for k, v in headers.items()}
    )
    try:
        principal = await resolve_credentials(scope["app"].state.auth, token, api_key)
    except TaktError:
        return None
    return f"{principal.kind}:{principal.id}"


async def current_principal(request: Request) -> Principal:
    """Dependency: the authenticated caller (401 without valid credentials)."""
    token, api_key = credentials_from(request.headers)
    principal = await resolve_credentials(request.app.state.auth, token, api_key)
    request.state.principal = principal
    return principal


# Every access rule declared (at import time), so what a role may do can be read off them.
_RULES: list[Allow] = []


def role_scopes(role: Role) -> frozenset[str]:
    """The API key scopes that allow what `role` may do: `admin` for admins (everything,
    user administration included), else every scope of a rule that admits the role."""
    if role == Role.ADMIN:
        return frozenset({"admin"})
    return frozenset(rule.scope for rule in _RULES if role in rule.roles)


def holds_scopes(principal: Principal, scopes: Iterable[str]) -> bool:
    """Whether the caller may do everything `scopes` allow (admins and `admin` keys may)."""
    if principal.kind == "user":
        return principal.role == Role.ADMIN
    return "admin" in principal.scopes or set(scopes) <= principal.scopes


def holds_role(principal: Principal, role: Role) -> bool:
    """Whether the caller may do everything a user with `role` may do: only then may it
    create such a user, give that role, or act on such an account (its password above all)."""
    if principal.kind == "user":
        own = principal.role
        return own == Role.ADMIN or (
            own is not None and role != Role.ADMIN and role_scopes(role) <= role_scopes(own)
        )
    return holds_scopes(principal, role_scopes(role))


class Allow:
    """Dependency: the caller must hold one of `roles` (users) or `scope` (API keys)."""

    def __init__(self, roles: frozenset[Role], scope: str) -> None:
        assert scope in SCOPES, scope
        self.roles = roles
        self.scope = scope
        _RULES.append(self)

    async def __call__(self, request: Request) -> Principal:
        # `current_principal` called directly, not as a sub-dependency: one level flatter on
        # every request.
        principal = await current_principal(request)
        if not principal.may(self.roles, self.scope):
            if principal.kind == "api_key":
                raise Forbidden(f"this API key lacks the '{self.scope}' scope")
            allowed = ", ".join(sorted(r.value for r in self.roles))
            raise Forbidden(f"role '{principal.role}' may not do this (allowed: {allowed})")
        return principal


def access_rule(dependant: Dependant) -> Allow | None:
    """The `Allow` rule in an endpoint's dependency tree, if any."""
    for sub in dependant.dependencies:
        if isinstance(sub.call, Allow):
            return sub.call
        found = access_rule(sub)
        if found is not None:
            return found
    return None


async def may_replay(scope: Scope, headers: dict[bytes, bytes]) -> bool:
    """Whether the caller of a raw request may still call its endpoint (what the idempotency
    middleware asks before replaying a stored response: a caller since demoted, or a key
    since revoked, is answered as a fresh request would be)."""
    token, api_key = credentials_from(
        {k.decode("latin-1"): v.decode("latin-1") for k, v in headers.items()}
    )
    try:
        principal = await resolve_credentials(scope["app"].state.auth, token, api_key)
    except TaktError:
        return False
    for context in iter_route_contexts(scope["app"].routes):
        route = context.original_route
        if isinstance(route, APIRoute) and context.matches(scope)[0] == Match.FULL:
            rule = access_rule(route.dependant)
            return rule is None or principal.may(rule.roles, rule.scope)
    return False


_ADMIN = frozenset({Role.ADMIN})
_SUPERVISORS = frozenset({Role.ADMIN, Role.SUPERVISOR})

Reader = Annotated[Principal, Depends(Allow(ALL_ROLES, "read"))]
ConfigAdmin = Annotated[Principal, Depends(Allow(_ADMIN, "config:write"))]
OrderPlanner = Annotated[Principal, Depends(Allow(_SUPERVISORS, "orders:write"))]
UnitExecutor = Annotated[Principal, Depends(Allow(ALL_ROLES, "units:execute"))]
QualityRecorder = Annotated[Principal, Depends(Allow(ALL_ROLES, "quality:write"))]
UserAdmin = Annotated[Principal, Depends(Allow(_ADMIN, "users:admin"))]
Auditor = Annotated[Principal, Depends(Allow(_ADMIN, "audit:read"))]
Anyone = Annotated[Principal, Depends(current_principal)]
