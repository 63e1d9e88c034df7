"""Request and response bodies for user accounts."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, ClassVar

from pydantic import ConfigDict, Field, StringConstraints, model_validator

from app.auth.passwords import MAX_LENGTH, MIN_LENGTH
from app.kit.schemas import Id, InputSchema, OutputSchema, PatchSchema
from app.models import Role, User, UserKind

USERNAME_PATTERN = r"^[A-Za-z0-9_.@\-]+$"
Username = Annotated[
    str,
    StringConstraints(min_length=3, max_length=64, pattern=USERNAME_PATTERN),
    Field(
        description="login name, 3 to 64 characters: letters, digits, '_', '.', '@', '-'",
        examples=["j.doe"],
    ),
]
# Never stripped: a password is taken exactly as typed, as the login form does. The rest of
# the policy (`app.auth.passwords`) is checked by the service: 422 `weak_password`.
Password = Annotated[
    str,
    StringConstraints(strip_whitespace=False, min_length=MIN_LENGTH, max_length=MAX_LENGTH),
    Field(
        description=f"password, {MIN_LENGTH} to {MAX_LENGTH} characters; not a common password "
        "nor the username (422 `weak_password`)",
        examples=["correct-horse-battery"],
    ),
]
# Printable text only: control characters (NUL above all) are refused by PostgreSQL.
FullName = Annotated[
    str,
    StringConstraints(min_length=1, max_length=200, pattern=r"^[^\x00-\x1f\x7f]+$"),
    Field(description="display name", examples=["Jane Doe"]),
]
LineIds = Annotated[
    list[Id],
    Field(
        max_length=1000,
        description="lines the user is assigned to (operators execute units only there)",
    ),
]

_WORKSTATION_ONLY = "only a workstation account (kind=workstation) can be bound to a workstation"


class UserCreate(InputSchema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "username": "j.doe",
                    "password": "correct-horse-battery",
                    "role": "operator",
                    "kind": "person",
                    "line_ids": [1],
                    "full_name": "Jane Doe",
                }
            ]
        }
    )

    username: Username
    password: Password
    role: Role = Field(strict=False, description="`admin`, `supervisor` or `operator`")
    kind: UserKind = Field(
        UserKind.PERSON,
        strict=False,
        description="`person` (default) or `workstation` (a shop-floor terminal)",
    )
    line_ids: LineIds = Field(default_factory=list)
    full_name: FullName | None = None
    workstation_id: Id | None = Field(
        None, description="workstation a workstation account is bound to (kind=workstation only)"
    )

    @model_validator(mode="after")
    def _workstation_binding(self) -> UserCreate:
        if self.workstation_id is not None and self.kind != UserKind.WORKSTATION:
            raise ValueError(_WORKSTATION_ONLY)
        return self


class UserUpdate(PatchSchema):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"role": "supervisor", "line_ids": [1, 2]}]}
    )
    nullable: ClassVar[frozenset[str]] = frozenset({"full_name", "workstation_id"})

    role: Role | None = Field(None, strict=False, description="new role")
    kind: UserKind | None = Field(None, strict=False, description="new account kind")
    full_name: FullName | None = Field(None, description="new display name; null clears it")
    line_ids: LineIds | None = Field(None, description="the complete new set of assigned lines")
    workstation_id: Id | None = Field(
        None, description="new bound workstation (kind=workstation only); null unbinds"
    )
    active: bool | None = Field(
        None, description="false deactivates the account: it can no longer log in or act"
    )
    password: Password | None = Field(None, description="new password")


class UserOut(OutputSchema):
    id: int = Field(description="user id")
    username: str = Field(description="login name")
    role: Role = Field(description="`admin`, `supervisor` or `operator`")
    kind: UserKind = Field(description="`person` or `workstation`")
    full_name: str | None = Field(description="display name")
    line_ids: list[int] = Field(description="assigned lines, ascending")
    workstation_id: int | None = Field(description="bound workstation (workstation accounts)")
    active: bool = Field(description="false once the account is deactivated")
    created_at: datetime = Field(description="when the user was created")
    updated_at: datetime = Field(description="when the user last changed")

    @classmethod
    def of(cls, user: User, line_ids: list[int]) -> UserOut:
        return cls(
            id=user.id,
            username=user.username,
            role=Role(user.role),
            kind=UserKind(user.kind),
            full_name=user.full_name,
            line_ids=sorted(line_ids),
            workstation_id=user.workstation_id,
            active=user.active,
            created_at=user.created_at,
            updated_at=user.updated_at,
        )
