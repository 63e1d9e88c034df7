"""Bearer tokens stay out of the server's logs: the WIP socket takes its token in the
`Sec-WebSocket-Protocol` header (`["takt.bearer", token]`), the board uses that, and a token
sent the old way (`?token=`, still the contract) is redacted from every log line."""

from __future__ import annotations

import json
from typing import Any

import pytest
import websockets
from websockets.exceptions import InvalidStatus
from websockets.typing import Subprotocol

from tests.conftest import ADMIN_PASSWORD, unavailable
from tests.realtime.browser import CHROMIUM, Browser, chromium_available
from tests.realtime.conftest import Launch, Server
from tests.realtime.support import API, WipWatcher, api_client, token_for, wait_for

LOGGING = {"TAKT_LOG_LEVEL": "INFO"}


def _logged(server: Server, *needles: str) -> bool:
    log = server.log()
    return all(needle in log for needle in needles)


def _assert_no_secret(server: Server, *secrets: str) -> str:
    log = server.log()
    for secret in secrets:
        assert secret not in log, f"a secret reached the log:\n{log[-4000:]}"
    # Every query parameter that looks secret is there, but redacted.
    for line in log.splitlines():
        if "token=" in line:
            assert "token=[redacted]" in line, line
    return log


async def test_socket_tokens_never_reach_the_log(launch: Launch) -> None:
    (server,) = launch("sqlite", env=LOGGING, access_log=True)
    token = await token_for(server)

    # The contract's way still works, and its token is redacted in the log.
    async with WipWatcher.connect(server, token) as watcher:
        await watcher.until(lambda w: bool(w.snapshots), "the snapshot (?token=)")

    # The way that keeps the token out of the URL: the subprotocol header.
    offer = [Subprotocol("takt.bearer"), Subprotocol(token)]
    async with websockets.connect(server.ws_url, subprotocols=offer) as socket:
        assert socket.subprotocol == "takt.bearer"
        first = json.loads(await socket.recv())
        assert first["type"] == "snapshot"

    # A wrong token either way is refused before the upgrade (401).
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    kwargs: dict[str, Any]
    for kwargs in (
        {"uri": f"{server.ws_url}?token={forged}"},
        {"uri": server.ws_url, "subprotocols": ["takt.bearer", forged]},
        {"uri": server.ws_url, "subprotocols": ["takt.bearer"]},
    ):
        with pytest.raises(InvalidStatus) as refused:
            async with websockets.connect(**kwargs):
                pass
        assert refused.value.response.status_code == 401

    # Plain HTTP requests too: anything secret-looking in a query is redacted.
    async with api_client(server, token) as client:
        r = await client.get(f"{API}/wip", params={"token": token, "api_key": "k-secret-1"})
        assert r.status_code == 200

    await wait_for(
        lambda: _logged(server, "GET /api/v1/wip?", "[accepted]", "401"), "the log lines"
    )
    log = _assert_no_secret(server, token, forged, "k-secret-1")
    assert "api_key=[redacted]" in log
    assert f'"WebSocket {API}/wip/ws" [accepted]' in log  # the subprotocol way: no query


@pytest.fixture
def chromium() -> str:
    if not chromium_available():
        unavailable(f"no Chromium at {CHROMIUM!r} for the board test", ".ci/run installs it")
    return CHROMIUM


async def test_the_board_keeps_its_token_out_of_urls(launch: Launch, chromium: str) -> None:
    (server,) = launch("sqlite", env=LOGGING, access_log=True)
    async with Browser(chromium) as browser:
        await browser.navigate(server.base_url + "/board")
        await browser.until("!document.getElementById('login').hidden", "the sign-in form")
        await browser.evaluate(
            f"""(() => {{
              const form = document.getElementById("login");
              form.elements.username.value = "admin";
              form.elements.password.value = {json.dumps(ADMIN_PASSWORD)};
              form.requestSubmit();
            }})()"""
        )
        await browser.until(
            "document.getElementById('status').dataset.state === 'live'", "the live board"
        )
        token = await browser.evaluate("sessionStorage.getItem('takt.token')")
        assert token
        assert browser.errors == []
    await wait_for(lambda: _logged(server, "WebSocket /api/v1/wip/ws"), "the socket's log line")
    log = _assert_no_secret(server, token)
    assert "token=" not in log  # not even redacted: the board never puts it in a URL
