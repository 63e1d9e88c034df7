"""A headless Chromium driven over the Chrome DevTools Protocol (no Selenium, no Playwright).

`async with Browser() as browser:` starts Chromium on a temporary profile, attaches to its
page over CDP (with the `websockets` client), and on exit kills Chromium's whole process
group and removes the profile. `navigate` loads a URL and waits for its load event;
`evaluate` runs JavaScript in the page and returns the (JSON) result; `until` polls an
expression until it holds; `viewport` fixes the page's size and `screenshot` returns what is
on screen as pixels (`Screenshot`, a PNG decoded here: no imaging library needed);
`answering` stands in for endpoints with canned JSON. Exceptions the page throws are
collected in `errors`.

Chromium runs with every background service off: the tests have no network, and Chromium
must talk only to the server under test.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import zlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

import httpx
import websockets
from websockets.asyncio.client import ClientConnection

CHROMIUM = os.environ.get("TAKT_TEST_CHROMIUM") or shutil.which("chromium") or "chromium"
FLAGS = (
    "--headless",
    "--no-sandbox",  # the tests may run as root (CI containers)
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-proxy-server",  # straight to 127.0.0.1, whatever proxy the environment names
    "--remote-debugging-port=0",  # Chromium picks one and writes it to DevToolsActivePort
)


def chromium_available() -> bool:
    return shutil.which(CHROMIUM) is not None


class BrowserError(Exception):
    """Chromium failed to start, a CDP command failed, or the page's script threw."""


class Browser:
    def __init__(
        self,
        executable: str = CHROMIUM,
        *,
        start_seconds: float = 30.0,
        command_seconds: float = 30.0,
    ) -> None:
        self.executable = executable
        self.start_seconds = start_seconds  # to launch and attach
        self.command_seconds = command_seconds  # for one CDP command or one page load
        self.errors: list[str] = []  # uncaught exceptions in the page, in order
        self._process: subprocess.Popen[bytes] | None = None
        self._tmp: Path | None = None
        self._log = ""
        self._socket: ClientConnection | None = None
        self._reader: asyncio.Task[None] | None = None
        self._ids = itertools.count(1)
        self._pending: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._waiters: dict[str, list[asyncio.Future[dict[str, Any]]]] = {}
        self._listeners: dict[str, list[Callable[[dict[str, Any]], None]]] = {}
        self._tasks: set[asyncio.Task[Any]] = set()

    async def __aenter__(self) -> Browser:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    # -- lifecycle ----------------------------------------------------------------------------

    async def start(self) -> None:
        """Launch Chromium and attach to its page; on any failure, leave nothing behind."""
        self._tmp = Path(tempfile.mkdtemp(prefix="takt-chromium-"))
        try:
            self._process = self._launch(self._tmp)
            port = await self._devtools_port()
            url = await self._page_socket_url(port)
            self._socket = await websockets.connect(url, max_size=None, ping_interval=None)
            self._reader = asyncio.create_task(self._read(), name="cdp-reader")
            await self.send("Page.enable")
            await self.send("Runtime.enable")
        except BaseException:
            await self.stop()
            raise

    def _launch(self, tmp: Path) -> subprocess.Popen[bytes]:
        with (tmp / "chromium.log").open("wb") as log:
            return subprocess.Popen(
                [self.executable, *FLAGS, f"--user-data-dir={tmp / 'profile'}", "about:blank"],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: stop() kills all of it
            )

    async def stop(self) -> None:
        """Close the CDP socket, kill Chromium's process group, remove the temporary files."""
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reader
            self._reader = None
        if self._socket is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._socket.close(), 5)
            self._socket = None
        process, self._process = self._process, None
        if process is not None:
            await asyncio.to_thread(_kill_group, process)
        tmp, self._tmp = self._tmp, None
        if tmp is not None:
            self._log = _read(tmp / "chromium.log")
            shutil.rmtree(tmp, ignore_errors=True)

    def log(self) -> str:
        """Chromium's own output (stdout and stderr), for failure messages."""
        return _read(self._tmp / "chromium.log") if self._tmp is not None else self._log

    async def _devtools_port(self) -> int:
        assert self._process is not None and self._tmp is not None
        active = self._tmp / "profile" / "DevToolsActivePort"
        deadline = time.monotonic() + self.start_seconds
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise BrowserError(
                    f"chromium exited ({self._process.returncode}):\n{self.log()[-3000:]}"
                )
            with contextlib.suppress(OSError, ValueError):
                # "PORT\n/devtools/browser/ID"; it may be caught half-written.
                lines = active.read_text().splitlines()
                if len(lines) >= 2:
                    return int(lines[0])
            await asyncio.sleep(0.05)
        raise BrowserError(f"chromium did not open its DevTools port:\n{self.log()[-3000:]}")

    async def _page_socket_url(self, port: int) -> str:
        deadline = time.monotonic() + self.start_seconds
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=5) as client:
            while time.monotonic() < deadline:
                with contextlib.suppress(httpx.HTTPError, ValueError):
                    for target in (await client.get("/json/list")).json():
                        if target.get("type") == "page" and "webSocketDebuggerUrl" in target:
                            return str(target["webSocketDebuggerUrl"])
                await asyncio.sleep(0.05)
        raise BrowserError(f"chromium opened no page target:\n{self.log()[-3000:]}")

    # -- the protocol -------------------------------------------------------------------------

    async def _read(self) -> None:
        assert self._socket is not None
        try:
            async for raw in self._socket:
                message = json.loads(raw)
                if "id" in message:
                    future = self._pending.pop(message["id"], None)
                    if future is not None and not future.done():
                        future.set_result(message)
                else:
                    self._event(message["method"], message.get("params", {}))
        finally:
            gone = BrowserError("the DevTools connection closed")
            for future in [*self._pending.values(), *itertools.chain(*self._waiters.values())]:
                if not future.done():
                    future.set_exception(gone)
            self._pending.clear()
            self._waiters.clear()

    def _event(self, method: str, params: dict[str, Any]) -> None:
        if method == "Runtime.exceptionThrown":
            self.errors.append(_describe(params.get("exceptionDetails", {})))
        for listener in self._listeners.get(method, []):
            listener(params)
        for future in self._waiters.pop(method, []):
            if not future.done():
                future.set_result(params)

    async def send(self, method: str, **params: Any) -> dict[str, Any]:
        """One CDP command; its `result`, or BrowserError with the protocol's error."""
        if self._socket is None:
            raise BrowserError("the browser is not started")
        call_id = next(self._ids)
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._pending[call_id] = future
        try:
            await self._socket.send(json.dumps({"id": call_id, "method": method, "params": params}))
            reply = await asyncio.wait_for(future, self.command_seconds)
        finally:
            self._pending.pop(call_id, None)
        if "error" in reply:
            raise BrowserError(f"{method}: {reply['error']}")
        result: dict[str, Any] = reply.get("result", {})
        return result

    def _later(self, method: str, **params: Any) -> None:
        """Send a command from an event listener (which runs in the reader: it cannot wait)."""

        async def command() -> None:
            with contextlib.suppress(BrowserError, TimeoutError):  # the browser went away
                await self.send(method, **params)

        task = asyncio.get_running_loop().create_task(command())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def block_network(self, allowed_host: str = "127.0.0.1") -> list[str]:
        """From now on every request of the page to another host fails as if offline (and
        Chromium's --disable-background-networking keeps the browser's own quiet). Returns
        the list the blocked URLs are appended to."""
        blocked: list[str] = []

        def paused(params: dict[str, Any]) -> None:
            request_id, url = params["requestId"], params["request"]["url"]
            if urlsplit(url).hostname == allowed_host:
                self._later("Fetch.continueRequest", requestId=request_id)
            else:
                blocked.append(url)
                self._later(
                    "Fetch.failRequest", requestId=request_id, errorReason="InternetDisconnected"
                )

        self._listeners.setdefault("Fetch.requestPaused", []).append(paused)
        await self.send("Fetch.enable", patterns=[{"urlPattern": "*"}])
        return blocked

    @contextlib.asynccontextmanager
    async def answering(self, replies: dict[str, Any]) -> AsyncIterator[list[str]]:
        """Inside, the page's requests to a path in `replies` get that JSON (200) instead of
        going to the server: an endpoint the server does not have yet, in its contract's
        shape. Yields the URLs so answered."""
        answered: list[str] = []

        def paused(params: dict[str, Any]) -> None:
            url = params["request"]["url"]
            path = urlsplit(url).path
            if path not in replies:
                self._later("Fetch.continueRequest", requestId=params["requestId"])
                return
            answered.append(url)
            body = base64.b64encode(json.dumps(replies[path]).encode()).decode()
            self._later(
                "Fetch.fulfillRequest",
                requestId=params["requestId"],
                responseCode=200,
                responseHeaders=[{"name": "Content-Type", "value": "application/json"}],
                body=body,
            )

        listeners = self._listeners.setdefault("Fetch.requestPaused", [])
        listeners.append(paused)
        patterns = [{"urlPattern": f"*{path}*"} for path in replies]
        await self.send("Fetch.enable", patterns=patterns)
        try:
            yield answered
        finally:
            listeners.remove(paused)
            await self.send("Fetch.disable")

    # -- the page -----------------------------------------------------------------------------

    async def navigate(self, url: str) -> None:
        """Load `url` and wait for its load event (the page's deferred scripts have run)."""
        loaded: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._waiters.setdefault("Page.loadEventFired", []).append(loaded)
        result = await self.send("Page.navigate", url=url)
        if result.get("errorText"):
            raise BrowserError(f"navigating to {url}: {result['errorText']}")
        await asyncio.wait_for(loaded, self.command_seconds)

    async def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (awaited if it is a promise)."""
        result = await self.send(
            "Runtime.evaluate",
            expression=expression,
            returnByValue=True,
            awaitPromise=True,
        )
        if "exceptionDetails" in result:
            raise BrowserError(
                f"evaluating {expression!r}: {_describe(result['exceptionDetails'])}"
            )
        return result.get("result", {}).get("value")

    async def viewport(self, width: int, height: int) -> None:
        """Lay the page out at `width` x `height` CSS pixels, one device pixel each."""
        await self.send(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )

    async def screenshot(self, save_to: str | None = None) -> Screenshot:
        """What the page shows now (the viewport), as pixels (and as a PNG file in `save_to`,
        to look at by eye)."""
        result = await self.send("Page.captureScreenshot", format="png")
        data = base64.b64decode(result["data"])
        if save_to:
            await asyncio.to_thread(Path(save_to).write_bytes, data)
        return await asyncio.to_thread(decode_png, data)

    async def until(self, expression: str, what: str, within: float = 15.0) -> Any:
        """Poll a JavaScript expression until its value is truthy; return that value."""
        deadline = time.monotonic() + within
        while True:
            value = await self.evaluate(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"gave up after {within:g} s waiting for {what}")
            await asyncio.sleep(0.05)


@dataclass(frozen=True)
class Screenshot:
    """A screenshot's pixels: `pixel(x, y)` is (r, g, b) in CSS pixels (scale factor 1)."""

    width: int
    height: int
    rows: list[bytes]  # RGB, 3 bytes a pixel

    def pixel(self, x: float, y: float) -> tuple[int, int, int]:
        row = self.rows[int(y)]
        i = 3 * int(x)
        return row[i], row[i + 1], row[i + 2]


def decode_png(data: bytes) -> Screenshot:
    """The pixels of an 8-bit RGB or RGBA PNG (what Chromium writes), alpha dropped."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise BrowserError("not a PNG")
    pos, idat, header = 8, bytearray(), b""
    while pos < len(data):
        length = int.from_bytes(data[pos : pos + 4], "big")
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
    width, height = int.from_bytes(header[0:4], "big"), int.from_bytes(header[4:8], "big")
    depth, color, interlace = header[8], header[9], header[12]
    if depth != 8 or color not in (2, 6) or interlace:
        raise BrowserError(f"unsupported PNG (depth {depth}, colour type {color})")
    bpp = 3 if color == 2 else 4
    raw, stride = zlib.decompress(bytes(idat)), width * bpp
    rows: list[bytes] = []
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        filter_type, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        _unfilter(filter_type, line, previous, bpp)
        rgb = line if bpp == 3 else bytes(b for i, b in enumerate(line) if i % 4 != 3)
        rows.append(bytes(rgb))
        previous = line
    return Screenshot(width, height, rows)


def _unfilter(kind: int, line: bytearray, up: bytearray, bpp: int) -> None:
    for i in range(len(line)):
        a = line[i - bpp] if i >= bpp else 0
        b = up[i]
        c = up[i - bpp] if i >= bpp else 0
        if kind == 1:
            line[i] = (line[i] + a) & 0xFF
        elif kind == 2:
            line[i] = (line[i] + b) & 0xFF
        elif kind == 3:
            line[i] = (line[i] + (a + b) // 2) & 0xFF
        elif kind == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            predictor = a if pa <= pb and pa <= pc else b if pb <= pc else c
            line[i] = (line[i] + predictor) & 0xFF


def _describe(details: dict[str, Any]) -> str:
    return str(details.get("exception", {}).get("description") or details.get("text"))


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """End Chromium's whole process group: SIGTERM (the browser reaps its helpers), then
    SIGKILL for whatever is left or lingers."""
    for sig, grace in ((signal.SIGTERM, 5.0), (signal.SIGKILL, 10.0)):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=grace)


def _read(path: Path) -> str:
    try:
        return path.read_text(errors="replace")
    except OSError:
        return ""
