"""The assistant's request and reply bodies."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, StringConstraints

from app.kit.schemas import InputSchema, OutputSchema

Sentence = Annotated[str, StringConstraints(min_length=1, max_length=1000)]
Token = Annotated[str, StringConstraints(min_length=8, max_length=100)]


class AssistantRequest(InputSchema):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"text": "Move SMX-00042 to the next step"}]}
    )

    text: Sentence = Field(description="one plain-language command or question")


class ConfirmRequest(InputSchema):
    model_config = ConfigDict(json_schema_extra={"examples": [{"token": "tac_Xb3…"}]})

    token: Token = Field(description="the `confirm.token` of an earlier assistant reply")


class Action(OutputSchema):
    tool: str = Field(description="the tool that ran (or was refused, or awaits confirmation)")
    arguments: dict[str, Any] = Field(description="its arguments, as resolved")
    result: dict[str, Any] = Field(
        description="what the tool returned (the same body as the REST endpoint it stands "
        'for), or `{"error": {"status", "code", "detail"}}` when it was refused, or '
        '`{"confirmation_required": true}` while it awaits confirmation'
    )


class Confirmation(OutputSchema):
    token: str = Field(
        description="single-use token for `POST /assistant/confirm`, bound to the caller and "
        "to this exact action; it expires (TAKT_ASSISTANT_CONFIRM_SECONDS)"
    )
    summary: str = Field(description="what confirming will do, in a sentence")
    expires_in: int = Field(description="seconds until the token expires")


class AssistantReply(OutputSchema):
    reply: str = Field(description="the answer in a short sentence")
    actions: list[Action] = Field(description="the tool calls made (none for a question back)")
    confirm: Confirmation | None = Field(
        None, description="present when a destructive action awaits confirmation"
    )
    status: Literal["done", "confirm", "refused", "asked", "not_understood"] = Field(
        description="`done`, `confirm` (awaits confirmation), `refused` (the command was "
        "refused: permissions, state, unknown reference), `asked` (something is missing or "
        "ambiguous: the reply asks), `not_understood` (with `suggestions`)"
    )
    suggestions: list[str] = Field(
        default_factory=list, description="known sentences closest to what was said"
    )
