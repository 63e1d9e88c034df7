"""Confirmation tokens for destructive actions: single use, bound to the caller and the action.

A token is 192 random bits shown once; the database keeps its SHA-256 with the caller
(`principal_kind`, `principal_id`), the tool, its resolved arguments and an expiry. Redeeming
is one `DELETE … WHERE token_hash = … AND principal = … AND expires_at > now RETURNING …` in
the transaction that then runs the action: of two concurrent redemptions (or two server
processes) one deletes the row and the other finds nothing; if the action fails, the
transaction rolls back and the token stays valid until it expires. A token of another caller
is not consumed by that caller's attempt.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.principal import Principal
from app.db.session import Database
from app.kit.errors import Conflict, Forbidden, NotFound
from app.kit.time import utcnow
from app.models import AssistantConfirmation

TOKEN_PREFIX = "tac_"
_T = AssistantConfirmation


class ConfirmationNotFound(NotFound):
    code = "confirmation_not_found"


class ConfirmationNotYours(Forbidden):
    code = "confirmation_not_yours"


class ConfirmationExpired(Conflict):
    code = "confirmation_expired"


class ConfirmationMismatch(Conflict):
    code = "confirmation_mismatch"


@dataclass(frozen=True)
class Pending:
    tool: str
    arguments: dict[str, Any]
    summary: str


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def issue(
    db: Database,
    principal: Principal,
    tool: str,
    arguments: dict[str, Any],
    summary: str,
    ttl_seconds: int,
) -> str:
    """Store a confirmation of `tool(arguments)` for `principal`; the token, shown once.
    Expired confirmations are swept in the same transaction."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(24)
    now = utcnow()
    async with db.transaction() as session:
        await session.execute(delete(_T).where(_T.expires_at <= now))
        await session.execute(
            insert(_T).values(
                token_hash=_hash(token),
                principal_kind=principal.kind,
                principal_id=principal.id,
                tool=tool,
                arguments=arguments,
                summary=summary[:1000],
                created_at=now,
                expires_at=now + timedelta(seconds=ttl_seconds),
            )
        )
    return token


async def redeem(session: AsyncSession, principal: Principal, token: str) -> Pending:
    """Consume `token` in the caller's transaction (`session`): the pending action, or
    ConfirmationNotYours / ConfirmationExpired / ConfirmationNotFound (unknown or used)."""
    digest = _hash(token)
    now = utcnow()
    row = (
        await session.execute(
            delete(_T)
            .where(
                _T.token_hash == digest,
                _T.principal_kind == principal.kind,
                _T.principal_id == principal.id,
                _T.expires_at > now,
            )
            .returning(_T.tool, _T.arguments, _T.summary)
        )
    ).first()
    if row is not None:
        return Pending(row.tool, dict(row.arguments), row.summary)
    other = (
        await session.execute(
            select(_T.principal_kind, _T.principal_id, _T.expires_at).where(_T.token_hash == digest)
        )
    ).first()
    if other is None:
        raise ConfirmationNotFound("this confirmation token is unknown or was already used")
    if (other.principal_kind, other.principal_id) != (principal.kind, principal.id):
        raise ConfirmationNotYours("this confirmation token was issued to someone else")
    raise ConfirmationExpired("this confirmation token has expired: ask again")
