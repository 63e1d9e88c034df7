"""Request and response bodies for API keys."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, ConfigDict, Field, StringConstraints, WithJsonSchema

from app.auth.principal import SCOPES
from app.kit.schemas import InputSchema, OutputSchema


def _known_scope(value: str) -> str:
    if value not in SCOPES:
        raise ValueError(f"unknown scope {value!r}; known scopes: {', '.join(SCOPES)}")
    return value


Scope = Annotated[
    str,
    AfterValidator(_known_scope),
    WithJsonSchema(
        {
            "type": "string",
            "enum": list(SCOPES),
            "description": "; ".join(f"`{name}`: {meaning}" for name, meaning in SCOPES.items()),
        }
    ),
]


class ApiKeyCreate(InputSchema):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"name": "ERP import", "scopes": ["read", "orders:write"]}]}
    )

    name: Annotated[
        str,
        StringConstraints(min_length=1, max_length=100, pattern=r"^[^\x00-\x1f\x7f]+$"),
        Field(description="what the key is for, e.g. the integration using it"),
    ]
    scopes: list[Scope] = Field(
        min_length=1,
        max_length=len(SCOPES),
        description="what the key may do (at least one); `admin` allows everything",
    )


class ApiKeyOut(OutputSchema):
    id: int = Field(description="API key id")
    name: str = Field(description="what the key is for")
    prefix: str = Field(description="the first characters of the key, to recognise it")
    scopes: list[str] = Field(description="what the key may do")
    created_at: datetime = Field(description="when the key was created")
    created_by: str = Field(description="who created it (`user:<name>` or `api_key:<name>`)")
    revoked_at: datetime | None = Field(description="when the key was revoked; null while valid")


class ApiKeyCreated(ApiKeyOut):
    key: str = Field(description="the secret key, send as `X-API-Key`; shown only in this response")
