"""Running the assistant's tools for a caller: a sentence (`POST /assistant`), a confirmation
(`POST /assistant/confirm`) or an MCP tool call all come here.

Refusals (no permission, an operator off the line, an unknown serial, an illegal transition)
are outcomes, not exceptions: they become a clear sentence and an action whose result is the
error, never a 500.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import ValidationError
from sqlalchemy.exc import DBAPIError

from app.assistant import confirmations, resolve
from app.assistant.parser import NotUnderstood, Question, Understood, parse
from app.assistant.replies import Result
from app.assistant.schemas import Action, AssistantReply, Confirmation
from app.assistant.tools import TOOLS, Tool, ToolContext
from app.db.errors import DatabaseError, IntegrityViolation, classify
from app.db.integrity import translate
from app.kit.errors import Conflict, Invalid, NotFound, TaktError
from app.kit.problems import status_for

log = logging.getLogger("takt.assistant")

# What is kept of a destructive tool's resolved arguments only to phrase its confirmation.
_SHOWN_ONLY = ("unit", "current")


@dataclass
class Outcome:
    """One tool call's outcome."""

    tool: str
    arguments: dict[str, Any]
    status: Literal["done", "confirm", "refused"]
    result: Result = field(default_factory=dict)
    reply: str = ""
    error: dict[str, Any] | None = None
    confirmation: Confirmation | None = None

    def action(self) -> Action:
        result: Result
        if self.error is not None:
            result = {"error": self.error}
        elif self.confirmation is not None:
            result = {"confirmation_required": True, "summary": self.confirmation.summary}
        else:
            result = self.result
        return Action(tool=self.tool, arguments=self.arguments, result=result)


def _domain_error(exc: BaseException) -> TaktError | None:
    """A database refusal as the domain error the REST path would answer."""
    if isinstance(exc, TaktError):
        return exc
    if isinstance(exc, DatabaseError | DBAPIError):
        error = classify(exc)
        if isinstance(error, IntegrityViolation):
            return translate(error)
        if error.kind == "transient":
            return Conflict(
                "another request changed the same records; retry", code="concurrent_update"
            )
    return None


def _refusal(tool: str, arguments: dict[str, Any], exc: TaktError) -> Outcome:
    status = status_for(exc)
    lead = {
        403: "I can't do that",
        404: "I can't find that",
        409: "That was refused",
        422: "That is not valid",
    }.get(status, "That failed")
    error: dict[str, Any] = {"status": status, "code": exc.code, "detail": exc.detail}
    if errors := exc.extra.get("errors"):
        error["errors"] = errors
    return Outcome(tool, arguments, "refused", reply=f"{lead}: {exc.detail}.", error=error)


def _validated(tool: Tool, arguments: dict[str, Any]) -> Any:
    try:
        return tool.args.model_validate(arguments)
    except ValidationError as exc:
        errors = [
            {"loc": [str(p) for p in e["loc"]], "msg": e["msg"]}
            for e in exc.errors(include_url=False)
        ]
        shown = "; ".join(f"{'.'.join(e['loc']) or 'arguments'}: {e['msg']}" for e in errors)
        raise Invalid(f"invalid arguments for {tool.name} ({shown})", errors=errors) from None


async def call_tool(
    ctx: ToolContext,
    name: str,
    arguments: dict[str, Any],
    *,
    confirmation_token: str | None = None,
) -> Outcome:
    """Run tool `name` as the caller. A destructive tool without `confirmation_token` only
    hands out a token; with it, the token must be the caller's, unused, unexpired, and issued
    for this same tool and these same arguments."""
    tool = TOOLS.get(name)
    if tool is None:
        known = ", ".join(TOOLS)
        return _refusal(name, arguments, NotFound(f"no tool “{name}” (known: {known})"))
    try:
        tool.allowed(ctx.principal)
        args = _validated(tool, arguments)
        requested = args.model_dump(exclude_none=True)
        if tool.destructive and confirmation_token is not None:
            return await _confirmed(ctx, confirmation_token, expect=(name, requested))
        try:
            return await _run(ctx, tool, args, requested)
        except TaktError as exc:
            # "SMX-42": a serial typed short is padded to its part's scheme, and the call
            # tried again (only when the first try did not find it: no extra query otherwise).
            padded = await _padded(ctx, requested.get("serial")) if _unknown(exc) else None
            if padded is None:
                raise
            return await _run(ctx, tool, args.model_copy(update={"serial": padded}), requested)
    except Exception as exc:
        error = _domain_error(exc)
        if error is None:
            raise
        return _refusal(name, arguments, error)


def _unknown(exc: TaktError) -> bool:
    return status_for(exc) == 404 or exc.code == "unknown_reference"


async def _padded(ctx: ToolContext, serial: str | None) -> str | None:
    if serial is None:
        return None
    async with ctx.db.transaction(write=False) as session:
        padded = await resolve.serial(session, serial)
    return padded if padded != serial else None


async def _run(ctx: ToolContext, tool: Tool, args: Any, requested: Result) -> Outcome:
    async with ctx.db.transaction(write=False) as session:
        resolved = await tool.resolve(ctx, session, args)
        if tool.query is not None:
            result = await tool.query(ctx, session, resolved)
            return Outcome(tool.name, resolved, "done", result, tool.say(resolved, result))
    if tool.destructive:
        return await _propose(ctx, tool, requested, resolved)
    assert tool.execute is not None
    async with ctx.db.command(whole=True) as cmd:
        result = await tool.execute(ctx, cmd, resolved)
    return Outcome(tool.name, resolved, "done", result, tool.say(resolved, result))


async def _propose(ctx: ToolContext, tool: Tool, requested: Result, resolved: Result) -> Outcome:
    assert tool.summary is not None
    summary = tool.summary(resolved)
    action = {k: v for k, v in resolved.items() if k not in _SHOWN_ONLY}
    ttl = ctx.settings.assistant_confirm_seconds
    token = await confirmations.issue(
        ctx.db,
        ctx.principal,
        tool.name,
        {"requested": requested, "resolved": action},
        summary,
        ttl,
    )
    confirmation = Confirmation(token=token, summary=summary, expires_in=ttl)
    reply = f"{summary} Confirm to go ahead."
    return Outcome(tool.name, action, "confirm", reply=reply, confirmation=confirmation)


async def _confirmed(
    ctx: ToolContext, token: str, *, expect: tuple[str, Result] | None = None
) -> Outcome:
    """Redeem `token` and run its action in the same transaction (a refused action rolls the
    redemption back). Token problems raise; the action's own refusals are outcomes."""
    try:
        async with ctx.db.command() as cmd:
            session = await cmd.session()
            pending = await confirmations.redeem(session, ctx.principal, token)
            if expect is not None and (pending.tool, pending.arguments["requested"]) != expect:
                raise confirmations.ConfirmationMismatch(
                    "this confirmation token was issued for another action: call the tool "
                    "with the arguments it was issued for"
                )
            tool = TOOLS[pending.tool]
            tool.allowed(ctx.principal)  # a role changed since the token was issued
            resolved = pending.arguments["resolved"]
            assert tool.execute is not None
            try:
                result = await tool.execute(ctx, cmd, resolved)
            except Exception as exc:
                error = _domain_error(exc)
                if error is None:
                    raise
                raise _Refused(_refusal(pending.tool, resolved, error)) from exc
    except _Refused as refused:  # rolled back: the token stays valid
        return refused.outcome
    return Outcome(pending.tool, resolved, "done", result, tool.say(resolved, result))


class _Refused(Exception):
    def __init__(self, outcome: Outcome) -> None:
        super().__init__(outcome.reply)
        self.outcome = outcome


async def confirm(ctx: ToolContext, token: str) -> AssistantReply:
    """`POST /assistant/confirm`: run the action `token` stands for. An unknown, used,
    expired or someone else's token raises (problem+json)."""
    return _reply(await _confirmed(ctx, token))


async def handle(ctx: ToolContext, text: str) -> AssistantReply:
    """`POST /assistant`: one sentence, understood, asked back about, or not understood."""
    parsed = parse(text)
    if isinstance(parsed, Question):
        return AssistantReply(reply=parsed.text, actions=[], status="asked")
    if isinstance(parsed, NotUnderstood):
        return AssistantReply(
            reply=parsed.text,
            actions=[],
            status="not_understood",
            suggestions=list(parsed.suggestions),
        )
    assert isinstance(parsed, Understood)
    outcome = await call_tool(ctx, parsed.tool, parsed.arguments)
    if outcome.error is not None and outcome.error["code"] in {
        "ambiguous_reference",
        "unknown_issue_type",
    }:
        return AssistantReply(
            reply=outcome.error["detail"], actions=[outcome.action()], status="asked"
        )
    return _reply(outcome)


def _reply(outcome: Outcome) -> AssistantReply:
    return AssistantReply(
        reply=outcome.reply,
        actions=[outcome.action()],
        confirm=outcome.confirmation,
        status=outcome.status,
    )
