"""Request and response bodies for authentication."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from app.kit.schemas import OutputSchema
from app.models import Role, UserKind


class TokenOut(OutputSchema):
    access_token: str = Field(description="send as `Authorization: Bearer <access_token>`")
    token_type: Literal["bearer"] = Field("bearer", description="always `bearer`")
    expires_in: int = Field(description="seconds until the token expires")


class MeOut(OutputSchema):
    id: int = Field(description="user id (API key id for an API key)")
    username: str = Field(description="username (key name for an API key)")
    role: Role | None = Field(description="role; null for an API key")
    kind: UserKind | Literal["api_key"] = Field(
        description="`person` or `workstation` for users, `api_key` for API keys"
    )
    line_ids: list[int] = Field(description="lines the user is assigned to")
    workstation_id: int | None = Field(
        None, description="workstation a workstation account is bound to"
    )
    scopes: list[str] = Field(default_factory=list, description="an API key's scopes")
