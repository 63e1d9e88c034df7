"""MCP clients (the official SDK's streamable HTTP client) against a live `takt serve`."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import httpx2
import pytest
from mcp import ClientSession
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.exceptions import MCPError

from app.assistant.tools import TOOLS
from tests.assistant.plant import API, OPERATOR_PASSWORD, build_plant
from tests.realtime.conftest import DB_KINDS, Server, _launcher
from tests.realtime.support import api_client, token_for


@pytest.fixture(scope="module", params=DB_KINDS)
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    with _launcher(tmp_path_factory.mktemp("mcp")) as launch:
        yield launch(request.param)[0]


async def _build(server: Server) -> dict[str, Any]:
    async with api_client(server) as admin:
        return await build_plant(admin)


@pytest.fixture(scope="module")
def plant(server: Server) -> dict[str, Any]:
    """The plant, built once per server (in a thread: no event loop runs module fixtures)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, _build(server)).result()


@contextlib.asynccontextmanager
async def mcp_session(
    server: Server, headers: dict[str, str], statuses: list[int] | None = None
) -> AsyncIterator[ClientSession]:
    """An initialized SDK client session; `statuses` collects the HTTP statuses it got."""

    async def seen(response: httpx2.Response) -> None:
        if statuses is not None:
            statuses.append(response.status_code)

    hooks = {"response": [seen]}
    async with (
        httpx2.AsyncClient(headers=headers, timeout=60, event_hooks=hooks) as http,
        streamable_http_client(f"{server.base_url}/mcp", http_client=http) as (read, write),
        ClientSession(read, write) as session,
    ):
        await session.initialize()
        yield session


async def bearer(
    server: Server, username: str = "admin", password: str | None = None
) -> dict[str, str]:
    token = await (token_for(server, username, password) if password else token_for(server))
    return {"Authorization": f"Bearer {token}"}


def payload(result: Any) -> dict[str, Any]:
    (content,) = result.content
    body: dict[str, Any] = json.loads(content.text)
    assert result.structured_content == body
    return body


async def unit(server: Server, serial: str) -> dict[str, Any]:
    async with api_client(server) as admin:
        r = await admin.get(f"{API}/units/{serial}")
        assert r.status_code == 200, r.text
        return r.json()  # type: ignore[no-any-return]


async def test_tools_are_listed_with_their_schemas(server: Server, plant: dict[str, Any]) -> None:
    async with mcp_session(server, await bearer(server)) as session:
        listed = {t.name: t for t in (await session.list_tools()).tools}
    assert set(listed) == set(TOOLS)
    scrap = listed["scrap_unit"]
    assert scrap.annotations is not None and scrap.annotations.destructive_hint
    assert {"serial", "reason", "confirmation_token"} <= set(scrap.input_schema["properties"])
    assert scrap.input_schema["required"] == ["serial", "reason"]
    wip = listed["wip"]
    assert wip.annotations is not None and wip.annotations.read_only_hint
    assert "confirmation_token" not in listed["move_unit"].input_schema["properties"]


async def test_calling_tools_as_the_caller(server: Server, plant: dict[str, Any]) -> None:
    async with mcp_session(server, await bearer(server)) as session:
        found = payload(await session.call_tool("find_unit", {"serial": "SMX-1"}))
        assert (found["status"], found["result"]["serial"]) == ("done", "SMX-00001")

        moved = await session.call_tool("move_unit", {"serial": "SMX-00001"})
        assert not moved.is_error
        assert payload(moved)["reply"] == "Moved SMX-00001 to step 1 (ST1)."
        assert (await unit(server, "SMX-00001"))["step"] == 1

        count = payload(await session.call_tool("wip", {"workstation": "Station 1"}))
        assert count["result"]["workstation"]["count"] == 1

        # Scrap in two calls: a token first (nothing done), then the action.
        first = payload(
            await session.call_tool("scrap_unit", {"serial": "SMX-2", "reason": "dropped"})
        )
        assert first["status"] == "confirm"
        assert first["summary"].startswith("Scrap SMX-00002")
        assert (await unit(server, "SMX-00002"))["status"] == "in_progress"
        other = await session.call_tool(
            "scrap_unit",
            {
                "serial": "SMX-00004",
                "reason": "dropped",
                "confirmation_token": first["confirmation_token"],
            },
        )
        assert other.is_error
        assert payload(other)["error"]["code"] == "confirmation_mismatch"
        args = {
            "serial": "SMX-2",
            "reason": "dropped",
            "confirmation_token": first["confirmation_token"],
        }
        done = await session.call_tool("scrap_unit", args)
        assert not done.is_error, payload(done)
        assert payload(done)["result"]["status"] == "scrapped"
        assert (await unit(server, "SMX-00002"))["status"] == "scrapped"
        again = await session.call_tool("scrap_unit", args)
        assert again.is_error
        assert payload(again)["error"]["code"] == "confirmation_not_found"

        bad = await session.call_tool("move_unit", {"serial": "SMX-00001", "steps": 2})
        assert bad.is_error
        assert payload(bad)["error"]["status"] == 422
        unknown = await session.call_tool("launch_rocket", {})
        assert unknown.is_error


async def test_permissions_are_the_callers(server: Server, plant: dict[str, Any]) -> None:
    headers = await bearer(server, "op-l2", OPERATOR_PASSWORD)
    async with mcp_session(server, headers) as session:
        refused = await session.call_tool("move_unit", {"serial": "SMX-00003"})
        assert refused.is_error
        error = payload(refused)["error"]
        assert (error["status"], error["code"]) == (403, "not_your_station")
        cancel = await session.call_tool("cancel_order", {"order": "PO-0001"})
        assert cancel.is_error
        assert "role 'operator' may not cancel orders" in payload(cancel)["reply"]
    assert (await unit(server, "SMX-00003"))["step"] == 0

    async with mcp_session(server, {"X-API-Key": plant["reader_key"]}) as session:
        refused = await session.call_tool("generate_units", {"order": "PO-0001", "count": 1})
        assert payload(refused)["error"]["status"] == 403
        assert "lacks the 'units:execute' scope" in payload(refused)["reply"]
        status = payload(await session.call_tool("order_status", {"order": "PO-0001"}))
        assert status["result"]["number"] == "PO-0001"


async def test_no_credentials_no_mcp(server: Server, plant: dict[str, Any]) -> None:
    hello = {
        "jsonrpc": "2.0",
        "id": 1,
        "method": "initialize",
        "params": {
            "protocolVersion": "2025-06-18",
            "capabilities": {},
            "clientInfo": {"name": "test", "version": "1"},
        },
    }
    accept = {"Accept": "application/json, text/event-stream"}
    async with httpx.AsyncClient(base_url=server.base_url) as raw:
        for headers in ({}, {"Authorization": "Bearer nope"}, {"X-API-Key": "nope"}):
            r = await raw.post("/mcp", json=hello, headers=accept | headers)
            assert r.status_code == 401, r.text
            assert r.headers["content-type"] == "application/problem+json"
            assert r.headers["www-authenticate"] == 'Bearer realm="takt"'
    statuses: list[int] = []
    with pytest.raises(BaseExceptionGroup) as raised:
        async with mcp_session(server, {}, statuses):
            pytest.fail("initialized without credentials")
    assert raised.group_contains(MCPError)
    assert statuses == [401]


def test_mcp_is_not_in_the_openapi_document(tmp_path: Path) -> None:
    from app.config import Settings
    from app.main import create_app

    app = create_app(Settings(database_url=f"sqlite+aiosqlite:///{tmp_path}/x.sqlite"))
    assert "/mcp" not in app.openapi()["paths"]
    assert "/api/v1/assistant" in app.openapi()["paths"]
