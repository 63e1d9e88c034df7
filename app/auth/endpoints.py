"""Token issuance and the caller's identity."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from fastapi.security import OAuth2PasswordRequestForm

from app.auth.logins import Logins
from app.auth.principal import Anyone
from app.auth.schemas import MeOut, TokenOut
from app.auth.security import issue_token
from app.kit.problems import problem_responses
from app.kit.routing import CommandRoute

router = APIRouter(prefix="/auth", tags=["auth"], route_class=CommandRoute)


@router.post("/token", response_model=TokenOut, responses=problem_responses(401, 422, 429))
async def issue_access_token(
    request: Request,
    response: Response,
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
) -> TokenOut:
    """OAuth2 password flow: form fields `username` and `password` → a signed bearer token.
    Failed logins make further attempts wait, growing with each failure (per username, per
    client address and per both): 429 `too_many_requests` with `Retry-After` meanwhile."""
    # The token is a secret: no cache may keep this response.
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"
    logins: Logins = request.app.state.logins
    address = request.client.host if request.client else "unknown"
    user = await logins.authenticate(form.username, form.password, address)
    settings = request.app.state.settings
    token, expires_in = issue_token(
        user.id,
        request.app.state.auth.secret,
        settings.token_expire_minutes,
        user.token_generation,
    )
    return TokenOut(access_token=token, expires_in=expires_in)


@router.get("/me", response_model=MeOut, responses=problem_responses(401))
async def who_am_i(principal: Anyone) -> MeOut:
    """The authenticated caller: user or API key, with role, lines and scopes."""
    return MeOut(
        id=principal.id,
        username=principal.name,
        role=principal.role,
        kind=principal.user_kind if principal.kind == "user" else "api_key",
        line_ids=sorted(principal.line_ids),
        workstation_id=principal.workstation_id,
        scopes=sorted(principal.scopes),
    )
