"""The assistant's tools for MCP clients at `/mcp` (Model Context Protocol, streamable HTTP).

The official SDK's low-level server with the streamable HTTP session manager, stateless and
answering in JSON: every request stands alone (no session affinity, so any server process of
several answers it) and is authenticated like the REST API, with the same bearer tokens and
API keys (`app.auth.principal`); without valid credentials it is 401 before the SDK sees it.
The tools are `app.assistant.tools.TOOLS`, run by `app.assistant.service.call_tool` as the
caller: a tool its role or scope may not run, or a refused command, is a tool error
(`isError`) saying why, with the same `status`/`code`/`detail` as the REST API would answer.

Destructive tools (scrap, rework, cancel) take two calls: the first returns a confirmation
token and does nothing; the second, with `confirmation_token` and the same arguments, runs it.

DNS-rebinding protection (the SDK's Host/Origin check) is off: it guards servers that trust
the network a browser is on, and `/mcp` trusts nothing but credentials sent as headers.
"""

from __future__ import annotations

import asyncio
import json
from contextvars import ContextVar
from typing import Any

from mcp import types
from mcp.server.lowlevel import Server
from mcp.server.streamable_http_manager import StreamableHTTPSessionManager
from mcp.server.transport_security import TransportSecuritySettings
from starlette.datastructures import Headers
from starlette.types import Receive, Scope, Send

from app import __version__
from app.assistant import service
from app.assistant.tools import TOOLS, Tool, ToolContext
from app.auth.principal import credentials_from, resolve_credentials
from app.kit.errors import TaktError
from app.kit.problems import error_response

PATH = "/mcp"
INSTRUCTIONS = (
    "Takt is a manufacturing execution system. These tools act on the shop floor as the "
    "signed-in caller, with the caller's permissions: look units and orders up, read the WIP "
    "and the quality log, move units, decide gates, record measurements, generate units, open "
    "issues. Scrap, rework and cancel take two calls: the first returns a confirmation token "
    "and a summary to show the person; call again with `confirmation_token` to do it."
)

# The caller of the request being served (set by `McpEndpoint` around the SDK's handling).
_CALLER: ContextVar[ToolContext | None] = ContextVar("takt_mcp_caller", default=None)

_TOKEN_PROPERTY = {
    "type": "string",
    "description": "the token returned by the first call; present it to do the action",
}


def input_schema(tool: Tool) -> dict[str, Any]:
    schema = tool.args.model_json_schema()
    if tool.destructive:
        schema["properties"]["confirmation_token"] = _TOKEN_PROPERTY
    return schema


def _describe(tool: Tool) -> types.Tool:
    return types.Tool(
        name=tool.name,
        title=tool.title[0].upper() + tool.title[1:],
        description=tool.description,
        input_schema=input_schema(tool),
        annotations=types.ToolAnnotations(
            read_only_hint=tool.query is not None,
            destructive_hint=tool.destructive,
            idempotent_hint=tool.query is not None,
            open_world_hint=False,
        ),
    )


def _text(payload: dict[str, Any]) -> list[types.TextContent]:
    return [types.TextContent(type="text", text=json.dumps(payload, ensure_ascii=False))]


async def _list_tools(
    ctx: Any, params: types.PaginatedRequestParams | None
) -> types.ListToolsResult:
    return types.ListToolsResult(tools=[_describe(t) for t in TOOLS.values()])


async def _call_tool(ctx: Any, params: types.CallToolRequestParams) -> types.CallToolResult:
    caller = _CALLER.get()
    if caller is None:  # not through McpEndpoint: refuse rather than act as nobody
        return types.CallToolResult(content=_text({"error": "not authenticated"}), is_error=True)
    arguments = dict(params.arguments or {})
    token = arguments.pop("confirmation_token", None)
    tool = TOOLS.get(params.name)
    if token is not None and (tool is None or not tool.destructive):
        arguments["confirmation_token"] = token  # refused as an unknown argument
        token = None
    outcome = await service.call_tool(
        caller, params.name, arguments, confirmation_token=token if isinstance(token, str) else None
    )
    payload: dict[str, Any] = {"reply": outcome.reply, "status": outcome.status}
    if outcome.error is not None:
        payload["error"] = outcome.error
    elif outcome.confirmation is not None:
        payload["confirmation_token"] = outcome.confirmation.token
        payload["summary"] = outcome.confirmation.summary
        payload["expires_in"] = outcome.confirmation.expires_in
    else:
        payload["result"] = outcome.result
    payload["arguments"] = outcome.arguments
    return types.CallToolResult(
        content=_text(payload), structured_content=payload, is_error=outcome.error is not None
    )


def build_server() -> Server[Any]:
    """The MCP server: Takt's tools, nothing else (no resources, no prompts)."""
    return Server(
        "takt",
        version=__version__,
        title="Takt MES",
        instructions=INSTRUCTIONS,
        on_list_tools=_list_tools,
        on_call_tool=_call_tool,
    )


class McpSessions:
    """The SDK's session manager for one app lifespan (a manager runs once: a new one each
    time). Its task group lives in a task of its own, so the lifespan may start and stop it
    from different tasks (as test harnesses do)."""

    def __init__(self, server: Server[Any]) -> None:
        self.manager = StreamableHTTPSessionManager(
            app=server,
            json_response=True,
            stateless=True,
            security_settings=TransportSecuritySettings(enable_dns_rebinding_protection=False),
        )
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        ready = asyncio.Event()

        async def run() -> None:
            async with self.manager.run():
                ready.set()
                await self._stop.wait()

        self._task = asyncio.create_task(run(), name="takt-mcp-sessions")
        waiting = asyncio.create_task(ready.wait())
        await asyncio.wait({self._task, waiting}, return_when=asyncio.FIRST_COMPLETED)
        waiting.cancel()
        if self._task.done():
            self._task.result()  # it failed to start: say why

    async def stop(self) -> None:
        self._stop.set()
        if self._task is not None:
            await self._task


class McpEndpoint:
    """ASGI endpoint at `/mcp`: authenticate, then hand the request to the SDK's manager
    (`app.state.mcp`) with the caller set for the tools."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        state = scope["app"].state
        token, api_key = credentials_from(Headers(scope=scope))
        try:
            principal = await resolve_credentials(state.auth, token, api_key)
        except TaktError as exc:
            response = error_response(exc)
            response.headers["WWW-Authenticate"] = 'Bearer realm="takt"'
            await response(scope, receive, send)
            return
        reset = _CALLER.set(ToolContext(state.db, state.settings, principal))
        try:
            await state.mcp.manager.handle_request(scope, receive, send)
        finally:
            _CALLER.reset(reset)
