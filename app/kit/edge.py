"""The request edge: what every HTTP request must satisfy before the app reads it.

A pure ASGI middleware, outside everything that reads a body (idempotency, the routes):

* **Size.** A body longer than the limit is refused with 413 `payload_too_large` — by its
  `Content-Length` at once, before a byte of it is read; a body without one (chunked) is
  counted as it arrives and refused as soon as it passes the limit. The 413 closes the
  connection, so the rest is never read either. Paths under `/api/v1/imports` have their
  own, larger limit (`TAKT_MAX_IMPORT_BYTES`), and their multipart uploads are not read
  here at all: they stream through, counted, to the route (which spools the file to disk),
  so a 50 MB file is never one bytes object; past the limit the route sees the client gone
  and the answer is the 413.
* **NUL.** A NUL character in a string cannot be stored (PostgreSQL refuses it mid-query)
  and is never meaningful in this API, so it is refused here, once, for every operation:
  in the path 404, in the query, a header or a JSON or form body 422 `validation_error`
  with the offending parameter's `loc`.

The body is read here (bounded) and handed on unchanged, so a route sees exactly the bytes
the client sent. Requests without a body, and WebSockets, only get the path/query/header
checks: a few `in` tests on bytes the server has parsed already.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.kit.problems import problem_response

IMPORTS_PREFIX = "/api/v1/imports"
NUL = "\x00"
JSON_NUL = b"\\u0000"  # how JSON spells NUL inside a string (a raw NUL is invalid JSON)


class EdgeMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        max_body_bytes: int,
        max_import_bytes: int,
        imports_prefix: str = IMPORTS_PREFIX,
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.max_import_bytes = max_import_bytes
        self.imports_prefix = imports_prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        if NUL in path:
            await _not_found(path)(scope, receive, send)
            return
        query: bytes = scope["query_string"]
        if b"%00" in query or b"\x00" in query:
            await _nul_in(["query", _nul_query_name(query)])(scope, receive, send)
            return
        length: bytes | None = None
        content_type = b""
        chunked = False
        for name, value in scope["headers"]:
            if b"\x00" in value:
                await _nul_in(["header", name.decode("latin-1")])(scope, receive, send)
                return
            if name == b"content-length":
                length = value
            elif name == b"content-type":
                content_type = value
            elif name == b"transfer-encoding":
                chunked = b"chunked" in value.lower()
        if scope["type"] != "http" or (length is None and not chunked):
            await self.app(scope, receive, send)  # no body
            return
        limit = self._limit(scope)
        if length is not None and _too_long(length, limit):
            await _too_large(limit)(scope, receive, send)
            return
        if self._imports(scope) and _multipart(content_type):
            await _stream(self.app, scope, receive, send, limit)
            return
        try:
            body = await _read(receive, limit)
        except _ClientGone:
            return  # nobody to answer
        if body is None:
            await _too_large(limit)(scope, receive, send)
            return
        where = _nul_in_body(body, content_type)
        if where is not None:
            await _nul_in(where)(scope, receive, send)
            return
        await self.app(scope, _replay(body, receive), send)

    def _limit(self, scope: Scope) -> int:
        return self.max_import_bytes if self._imports(scope) else self.max_body_bytes

    def _imports(self, scope: Scope) -> bool:
        path: str = scope["path"]
        root: str = scope.get("root_path", "")
        if root and path.startswith(root):
            path = path[len(root) :]
        return path.startswith(self.imports_prefix)


class _ClientGone(Exception):
    """The client disconnected before its body was complete."""


def _too_long(length: bytes, limit: int) -> bool:
    try:
        return int(length) > limit
    except ValueError:
        return False  # the server refuses a malformed Content-Length itself


async def _read(receive: Receive, limit: int) -> bytes | None:
    """The whole body, or None as soon as it passes `limit` (the rest is left unread)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            raise _ClientGone
        chunk: bytes = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _multipart(content_type: bytes) -> bool:
    return content_type.split(b";", 1)[0].strip().lower() == b"multipart/form-data"


async def _stream(app: ASGIApp, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
    """Hand the body on as it arrives, counted; past `limit` the app is told the client is
    gone (so it stops reading) and whatever it answers is replaced by the 413."""
    size = 0
    over = False
    answered = False

    async def counted() -> Message:
        nonlocal size, over
        if over:
            return {"type": "http.disconnect"}
        message = await receive()
        if message["type"] == "http.request":
            size += len(message.get("body", b""))
            if size > limit:
                over = True
                return {"type": "http.disconnect"}
        return message

    async def guarded(message: Message) -> None:
        nonlocal answered
        if over:
            return  # the app's answer to a body cut short; the 413 follows
        answered = True
        await send(message)

    try:
        await app(scope, counted, guarded)
    except Exception:
        if not over:
            raise
    if over and not answered:
        await _too_large(limit)(scope, receive, send)


def _replay(body: bytes, receive: Receive) -> Receive:
    """The body read, as one message; then the client's own messages (disconnect)."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


# -- NUL ----------------------------------------------------------------------------------


def _nul_in_body(body: bytes, content_type: bytes) -> list[str | int] | None:
    """Where a NUL is in a JSON or URL-encoded form body (None: there is none). Other
    media types are the route's to judge (and refuse with 415)."""
    media = content_type.split(b";", 1)[0].strip().lower()
    if not media or media == b"application/json" or media.endswith(b"+json"):
        if JSON_NUL in body and _escapes_nul(body):
            return ["body", *_nul_json_path(body)]
    elif media == b"application/x-www-form-urlencoded" and (b"%00" in body or b"\x00" in body):
        return ["body", _nul_query_name(body)]
    return None


def _escapes_nul(body: bytes) -> bool:
    """Is one `\\u0000` in `body` a real escape (not the text `\\\\u0000`: an escaped
    backslash followed by `u0000`)? An odd run of backslashes before `u` is an escape."""
    at = body.find(JSON_NUL)
    while at >= 0:
        start = at
        while start > 0 and body[start - 1] == 0x5C:  # backslash
            start -= 1
        if (at - start) % 2 == 0:
            return True
        at = body.find(JSON_NUL, at + 1)
    return False


def _nul_json_path(body: bytes) -> list[str | int]:
    """The path to the first string (or key) holding a NUL, when the body parses."""
    try:
        document = json.loads(body)
    except ValueError:
        return []
    found = _find_nul(document)
    return found if found is not None else []


def _find_nul(value: Any) -> list[str | int] | None:
    if isinstance(value, str):
        return [] if NUL in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            if NUL in key:
                return [key.replace(NUL, "\\u0000")]
            inner = _find_nul(item)
            if inner is not None:
                return [key, *inner]
    elif isinstance(value, list):
        for index, item in enumerate(value):
            inner = _find_nul(item)
            if inner is not None:
                return [index, *inner]
    return None


def _nul_query_name(encoded: bytes) -> str:
    """The name of the first parameter of a query string (or form body) holding a NUL."""
    for name, value in parse_qsl(encoded.decode("latin-1"), keep_blank_values=True):
        if NUL in name or NUL in value:
            return name.replace(NUL, "\\u0000")
    return ""


# -- responses ----------------------------------------------------------------------------


def _nul_in(loc: list[str | int]) -> JSONResponse:
    where = ".".join(str(p) for p in loc if p != "") or "request"
    message = "must not contain a NUL character (\\u0000)"
    return problem_response(
        422,
        "validation_error",
        "Invalid request",
        f"{where}: {message}",
        extra={"errors": [{"loc": [p for p in loc if p != ""], "msg": message}]},
    )


def _not_found(path: str) -> JSONResponse:
    shown = path.replace(NUL, "\\u0000")
    return problem_response(404, "not_found", "Not Found", f"no resource at {shown}")


def _too_large(limit: int) -> JSONResponse:
    return problem_response(
        413,
        "payload_too_large",
        "Content Too Large",
        f"the request body is larger than {limit} bytes",
        headers={"Connection": "close"},  # the rest of the body is not read
    )
