"""`GET /wip`: the work-in-progress snapshot; `WS /wip/ws`: the live WIP stream."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, WebSocket
from pydantic import ValidationError

from app.auth.principal import (
    ALL_ROLES,
    Principal,
    Reader,
    credentials_from,
    resolve_credentials,
)
from app.db.session import DbSession
from app.kit.errors import Forbidden, Invalid, TaktError, Unauthenticated
from app.kit.problems import error_response, problem_responses
from app.kit.routing import CommandRoute
from app.kit.schemas import MAX_ID
from app.realtime.service import Realtime
from app.wip import service
from app.wip.schemas import WipSnapshot, WipStreamQuery

# `new WebSocket(url, ["takt.bearer", token])`: the token travels in the handshake's
# `Sec-WebSocket-Protocol` header, never in a URL (which servers and proxies log).
BEARER_SUBPROTOCOL = "takt.bearer"

router = APIRouter(tags=["wip"], responses=problem_responses(401, 403), route_class=CommandRoute)


@router.get("/wip", response_model=WipSnapshot, responses=problem_responses(404, 422))
async def get_wip(
    request: Request,
    session: DbSession,
    _: Reader,
    line_id: Annotated[int | None, Query(ge=1, le=MAX_ID, description="only this line")] = None,
) -> WipSnapshot:
    """Units in progress per workstation (with the quantities of batch steps in progress
    there), plus unit totals, as of event `seq`. With `line_id`: that line's workstations,
    and totals over units made on that line."""
    # Number what has committed so far, so the snapshot includes the caller's own commands.
    await request.app.state.sequencer.catch_up()
    return await service.snapshot(session, line_id)


@router.websocket("/wip/ws")
async def wip_stream(websocket: WebSocket) -> None:
    """Live WIP (README, "Realtime WIP"): a snapshot, or with `since` a replay, then one
    message per event in `seq` order (unit events, and `batch_step_started` /
    `batch_step_completed` with `batch`, `step`, `workstation_id`, `quantity`, `good`,
    `scrap`); in the same sequence `{"type": "alert"}`, `{"type": "issue"}` and
    `{"type": "machine", "seq", "machine"}` (a workstation's current machine state changed:
    docs/board.md). Refused before the upgrade with a problem+json
    response (401, 403, 404, 422) like any request. The token comes as the subprotocol
    after `takt.bearer` (browsers: kept out of URLs), `?token=` or `Authorization`."""
    realtime: Realtime = websocket.app.state.realtime
    offered: list[str] = websocket.scope.get("subprotocols") or []
    try:
        query = _stream_query(websocket)
        principal = await _stream_principal(websocket, query.token, offered)
        if not principal.may(ALL_ROLES, "read"):
            raise Forbidden("this API key lacks the 'read' scope")
        if query.line_id is not None:
            await service.require_line(realtime.db, query.line_id)
    except TaktError as exc:
        await websocket.send_denial_response(error_response(exc))
        return
    # A browser fails the handshake unless the server picks one of the offered subprotocols.
    await websocket.accept(
        subprotocol=BEARER_SUBPROTOCOL if BEARER_SUBPROTOCOL in offered else None
    )
    await realtime.stream(websocket, line_id=query.line_id, since=query.since).run()


def _stream_query(websocket: WebSocket) -> WipStreamQuery:
    try:
        return WipStreamQuery.model_validate(dict(websocket.query_params))
    except ValidationError as exc:
        issues = [
            {"loc": ["query", *(str(p) for p in e["loc"])], "msg": e["msg"]} for e in exc.errors()
        ]
        first = issues[0]
        raise Invalid(f"{'.'.join(first['loc'])}: {first['msg']}", errors=issues) from exc


def _subprotocol_token(offered: list[str]) -> str | None:
    """The token offered as the subprotocol right after `takt.bearer`."""
    if BEARER_SUBPROTOCOL not in offered:
        return None
    at = offered.index(BEARER_SUBPROTOCOL) + 1
    return offered[at] if at < len(offered) and offered[at] else None


async def _stream_principal(
    websocket: WebSocket, query_token: str | None, offered: list[str]
) -> Principal:
    token, api_key = credentials_from(websocket.headers)
    token = query_token or _subprotocol_token(offered) or token
    if not token and not api_key:
        raise Unauthenticated(
            "send the bearer token as the subprotocol after `takt.bearer` (browsers: "
            '`new WebSocket(url, ["takt.bearer", token])`), as `?token=` or as '
            "`Authorization: Bearer <token>`, or an API key as `X-API-Key`"
        )
    return await resolve_credentials(websocket.app.state.auth, token, api_key)
