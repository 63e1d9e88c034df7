"""Commands and queries for API keys.

The secret is generated here, returned once and stored only as a SHA-256 hash.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.audit import crud as audited
from app.audit.recorder import record
from app.auth import revocation
from app.auth.api_keys.schemas import ApiKeyCreate
from app.auth.principal import Principal, holds_scopes
from app.auth.security import hash_api_key, new_api_key
from app.kit import crud
from app.kit.errors import Forbidden, NotFound
from app.kit.pagination import PageParams
from app.kit.time import utcnow
from app.models import ApiKey

ENTITY = "api_key"
PREFIX_LENGTH = 12
API_KEY_FIELDS = ("name", "prefix", "scopes", "created_by")


async def create_api_key(
    session: AsyncSession, principal: Principal, data: ApiKeyCreate
) -> tuple[ApiKey, str]:
    """A new key and its secret (the only time the secret is available)."""
    scopes = sorted(set(data.scopes))
    if not holds_scopes(principal, scopes):
        # A key may hand on only what it holds itself, never more.
        beyond = sorted(set(scopes) - principal.scopes)
        raise Forbidden(f"an API key cannot grant scopes it does not hold: {', '.join(beyond)}")
    secret = new_api_key()
    key = ApiKey(
        name=data.name,
        prefix=secret[:PREFIX_LENGTH],
        key_hash=hash_api_key(secret),
        scopes=scopes,
        created_by=principal.actor,
        created_at=utcnow(),
    )
    await audited.create(session, principal, key, entity_type=ENTITY, audited=API_KEY_FIELDS)
    return key, secret


async def get_api_key(session: AsyncSession, key_id: int) -> ApiKey:
    return await crud.get_or_404(session, ApiKey, key_id, "API key")


async def list_api_keys(
    session: AsyncSession, params: PageParams, *, revoked: bool | None = None
) -> tuple[list[ApiKey], str | None]:
    stmt = select(ApiKey)
    if revoked is True:
        stmt = stmt.where(ApiKey.revoked_at.is_not(None))
    elif revoked is False:
        stmt = stmt.where(ApiKey.revoked_at.is_(None))
    return await crud.list_page(session, stmt, ApiKey, params)


async def revoke_api_key(session: AsyncSession, principal: Principal, key_id: int) -> ApiKey:
    """Revoke a key for good; revoking it again changes nothing."""
    key = await session.scalar(
        select(ApiKey)
        .where(ApiKey.id == key_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if key is None:
        raise NotFound(f"API key {key_id} does not exist")
    if key.revoked_at is None:
        key.revoked_at = utcnow()
        await crud.flush(session)
        await revocation.changed(session)
        await record(
            session,
            actor=principal.actor,
            entity_type=ENTITY,
            entity_id=key.id,
            action="revoke",
            before={"revoked_at": None},
            after={"revoked_at": key.revoked_at},
        )
    return key
