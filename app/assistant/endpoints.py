"""HTTP routes of the assistant: a sentence in, a short answer and the tool calls out."""

from __future__ import annotations

from fastapi import APIRouter, Request

from app.assistant import service
from app.assistant.schemas import AssistantReply, AssistantRequest, ConfirmRequest
from app.assistant.tools import ToolContext
from app.auth.principal import Anyone, Principal
from app.kit.problems import problem_responses

# Not a CommandRoute: each tool opens its own command (one transaction), as the REST endpoint
# it stands for would, and a question needs none.
router = APIRouter(prefix="/assistant", tags=["assistant"], responses=problem_responses(401))


def _context(request: Request, principal: Principal) -> ToolContext:
    state = request.app.state
    return ToolContext(state.db, state.settings, principal)


@router.post("", response_model=AssistantReply, responses=problem_responses(422))
async def ask(body: AssistantRequest, principal: Anyone, request: Request) -> AssistantReply:
    """Run one plain-language command or question as the caller, with the caller's
    permissions (no language model: a fixed grammar, see docs/assistant.md). The reply is a
    short sentence plus the tool calls made. A refusal (role, scope, an operator off the line,
    an unknown serial, an illegal transition) is a 200 with `status: "refused"` and the error
    in the action's result; something missing or ambiguous is `asked`; an unknown sentence
    `not_understood` with `suggestions`. Destructive actions (scrap, rework, cancel) do not
    run: they answer `status: "confirm"` with a single-use `confirm.token` for
    `POST /assistant/confirm`."""
    return await service.handle(_context(request, principal), body.text)


@router.post(
    "/confirm", response_model=AssistantReply, responses=problem_responses(403, 404, 409, 422)
)
async def confirm(body: ConfirmRequest, principal: Anyone, request: Request) -> AssistantReply:
    """Run the destructive action a confirmation token stands for, exactly as it was
    proposed, as the caller. 404 `confirmation_not_found` (unknown, or already used: tokens
    are single use), 403 `confirmation_not_yours` (issued to another caller; it stays
    valid for its owner), 409 `confirmation_expired`. If the action itself is refused now
    (the unit was scrapped meanwhile), the reply says so and the token stays valid."""
    return await service.confirm(_context(request, principal), body.token)
