"""`Idempotency-Key` for POST: the same key and body replays the first response.

A pure ASGI middleware so it sees the raw body and the final response bytes:
1. claim the key for the caller (a row with no response yet; the unique constraint makes a
   concurrent duplicate fail instead of running twice),
2. run the request,
3. store the response (or release the claim on a 5xx/401 so the client can retry).
A claim whose request died mid-way expires after `STALE_CLAIM` and can be taken over.
Keys are scoped to the caller, whom the app names (`caller`: auth's credentials resolver),
so this module knows no domain. A key is bound to its first request: method, path, query
(parameters in any order) and body — JSON compared canonically, so the same JSON with its
keys reordered or spaced otherwise is the same body, and a multipart form (a file upload)
compared with its boundary set aside (clients draw a new one for every request), so the
same file sent again is the same body; anything else with the key is 409
`idempotency_key_reused`, on another endpoint too. A multipart body is hashed as it arrives
and spooled to a temporary file for the route, never held in memory whole.

- Secrets are never stored: a response marked `Cache-Control: no-store` (one carrying a
  secret, e.g. a new API key) is not kept; its key answers 409 `idempotency_not_replayable`
  from then on (the request was done; its response cannot be given again).
- A replay is authorized first (`may_replay`, from the app): a caller who may no longer call
  the endpoint (demoted, key revoked) is answered as a fresh request would be.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import IO, Any
from urllib.parse import parse_qsl

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.db.session import Database
from app.kit.problems import PROBLEM_MEDIA_TYPE
from app.kit.time import utcnow
from app.models import IdempotencyRecord

HEADER = b"idempotency-key"
SPOOL_BYTES = 1024 * 1024  # a multipart body larger than this is spooled to disk
REPLAY_CHUNK = 64 * 1024
MAX_KEY_LENGTH = 255
STALE_CLAIM = timedelta(seconds=60)

# The caller of a raw request, as a stable string (None without valid credentials).
Caller = Callable[[Scope, dict[bytes, bytes]], Awaitable[str | None]]
# Whether the caller of a raw request may call its endpoint (asked before a replay).
MayReplay = Callable[[Scope, dict[bytes, bytes]], Awaitable[bool]]


def _problem(status: int, code: str, title: str, detail: str) -> tuple[int, bytes]:
    body = {
        "type": f"urn:takt:problem:{code}",
        "title": title,
        "status": status,
        "detail": detail,
        "code": code,
    }
    return status, json.dumps(body).encode()


class IdempotencyMiddleware:
    def __init__(self, app: ASGIApp, caller: Caller, may_replay: MayReplay) -> None:
        self.app = app
        self.caller = caller
        self.may_replay = may_replay

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        raw_key = headers.get(HEADER)
        if raw_key is None:
            await self.app(scope, receive, send)
            return
        key = raw_key.decode("latin-1").strip()
        if not key or len(key) > MAX_KEY_LENGTH:
            await _send_problem(
                send,
                *_problem(
                    400,
                    "invalid_idempotency_key",
                    "Invalid Idempotency-Key",
                    f"Idempotency-Key must be 1 to {MAX_KEY_LENGTH} characters",
                ),
            )
            return
        caller = await self.caller(scope, headers)
        if caller is None:  # the request will be refused with 401 anyway
            await self.app(scope, receive, send)
            return

        boundary = _multipart_boundary(scope)
        if boundary is not None:
            # An upload (an import file, up to its own larger limit): hashed as it arrives and
            # spooled to a temporary file, never held in memory whole.
            read = await _spool_body(scope, receive, boundary)
            if read is None:
                return  # the client is gone (or the edge cut an oversized upload short)
            spooled, request_hash = read
            try:
                await self._run(scope, send, headers, caller, key, request_hash, spooled)
            finally:
                spooled.close()
            return
        body = await _read_body(receive)
        await self._run(scope, send, headers, caller, key, _request_hash(scope, body), body)

    async def _run(
        self,
        scope: Scope,
        send: Send,
        headers: dict[bytes, bytes],
        caller: str,
        key: str,
        request_hash: str,
        body: bytes | IO[bytes],
    ) -> None:
        owner = hashlib.sha256(caller.encode()).hexdigest()
        db: Database = scope["app"].state.db

        ttl = timedelta(hours=scope["app"].state.settings.idempotency_ttl_hours)
        outcome = await _claim(db, owner, key, request_hash, ttl)
        if isinstance(outcome, _Stored):
            if not await self.may_replay(scope, headers):
                # Refused as a fresh request is (403 before anything runs), nothing replayed.
                await self.app(scope, _replay_any(body), send)
                return
            await _send_bytes(
                send, outcome.status, outcome.content_type, outcome.body, replayed=True
            )
            return
        if outcome is not None:
            await _send_problem(send, *outcome)
            return

        captured = _Capture()
        try:
            await self.app(scope, _replay_any(body), captured)
        except BaseException:
            await _release(db, owner, key)
            raise
        if captured.status >= 500 or captured.status == 401:
            await _release(db, owner, key)
        else:
            await _store(db, owner, key, captured)
        await captured.flush(send)


def _canonical(body: bytes) -> bytes:
    """JSON as one canonical text (keys sorted, no spaces); anything else as sent."""
    if body.lstrip()[:1] not in (b"{", b"["):
        return body
    try:
        parsed = json.loads(body)
    except ValueError:
        return body
    return json.dumps(parsed, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8", "surrogatepass"
    )


def _request_digest(scope: Scope) -> Any:
    query = sorted(parse_qsl(scope.get("query_string", b"").decode("latin-1"), True))
    parts = [scope["method"], scope["path"], json.dumps(query)]
    return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogatepass") + b"\n")


def _request_hash(scope: Scope, body: bytes) -> str:
    digest = _request_digest(scope)
    digest.update(_canonical(body))
    return str(digest.hexdigest())


class BoundaryFreeHash:
    """Feeds a digest a multipart body with its boundary set aside, chunk by chunk: a client
    picks a new random boundary for every request, so the same form (the same file) sent
    again is the same body once the boundary is gone. The result does not depend on how the
    body was cut into chunks (a boundary split across two is still found)."""

    def __init__(self, digest: Any, boundary: bytes) -> None:
        self.digest = digest
        self.marker = b"--" + boundary
        self.carry = b""

    def update(self, chunk: bytes) -> None:
        data = self.carry + chunk
        # Keep back what could be the start of a boundary cut by the chunk's end.
        safe = max(0, len(data) - len(self.marker) + 1)
        crossing = data.find(self.marker, max(0, safe - len(self.marker) + 1))
        if 0 <= crossing < safe:
            safe = max(safe, crossing + len(self.marker))
        self.digest.update(data[:safe].replace(self.marker, b"--"))
        self.carry = data[safe:]

    def hexdigest(self) -> str:
        self.digest.update(self.carry.replace(self.marker, b"--"))
        self.carry = b""
        return str(self.digest.hexdigest())


async def _spool_body(
    scope: Scope, receive: Receive, boundary: bytes
) -> tuple[IO[bytes], str] | None:
    """The body in a temporary file (in memory up to SPOOL_BYTES), and its hash; None when
    the client left before the body's end."""
    spooled: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115
    hashing = BoundaryFreeHash(_request_digest(scope), boundary)
    while True:
        message = await receive()
        if message["type"] != "http.request":
            spooled.close()
            return None
        chunk: bytes = message.get("body", b"")
        spooled.write(chunk)
        hashing.update(chunk)
        if not message.get("more_body", False):
            break
    spooled.seek(0)
    return spooled, hashing.hexdigest()


def _multipart_boundary(scope: Scope) -> bytes | None:
    """The boundary of a multipart/form-data body (None for any other body)."""
    for name, value in scope["headers"]:
        if name == b"content-type":
            media, _, params = bytes(value).partition(b";")
            if media.strip().lower() != b"multipart/form-data":
                return None
            for param in params.split(b";"):
                key, _, raw = param.strip().partition(b"=")
                if key.lower() == b"boundary" and raw.strip(b'"'):
                    return raw.strip(b'"')
            return None
    return None


@dataclass(frozen=True)
class _Stored:
    status: int
    content_type: str
    body: bytes


async def _claim(
    db: Database, owner: str, key: str, request_hash: str, ttl: timedelta
) -> _Stored | tuple[int, bytes] | None:
    """None: the key is ours to run. A stored response: replay it. Else a problem to send."""
    now = utcnow()
    async with db.transaction() as session:
        row = await session.scalar(
            select(IdempotencyRecord).where(
                IdempotencyRecord.principal == owner, IdempotencyRecord.key == key
            )
        )
        if row is not None:
            expired = row.created_at < now - ttl
            stale_claim = row.status_code is None and row.created_at < now - STALE_CLAIM
            if expired or stale_claim:
                await session.delete(row)
                await session.flush()
                row = None
        if row is not None:
            if row.request_hash != request_hash:
                return _problem(
                    409,
                    "idempotency_key_reused",
                    "Idempotency-Key reused",
                    "this Idempotency-Key was used with a different request body",
                )
            if row.status_code is None:
                return _problem(
                    409,
                    "idempotency_in_progress",
                    "Request in progress",
                    "a request with this Idempotency-Key is still being processed",
                )
            return _Stored(row.status_code, row.content_type or "application/json", row.body or b"")
        try:
            # A savepoint: losing the race must not poison the transaction we commit.
            async with session.begin_nested():
                session.add(IdempotencyRecord(principal=owner, key=key, request_hash=request_hash))
        except IntegrityError:
            return _problem(
                409,
                "idempotency_in_progress",
                "Request in progress",
                "a request with this Idempotency-Key is being processed",
            )
    return None


async def _store(db: Database, owner: str, key: str, captured: _Capture) -> None:
    status, content_type, body = captured.status, captured.content_type, captured.body()
    if captured.no_store:
        # The response holds a secret: keep only that the request was done.
        status, body = _problem(
            409,
            "idempotency_not_replayable",
            "Response not replayable",
            f"the request with this Idempotency-Key was done (status {captured.status}), but "
            "its response held a secret, shown only once and not kept",
        )
        content_type = PROBLEM_MEDIA_TYPE
    async with db.transaction() as session:
        await session.execute(
            update(IdempotencyRecord)
            .where(IdempotencyRecord.principal == owner, IdempotencyRecord.key == key)
            .values(status_code=status, content_type=content_type, body=body)
        )


async def _release(db: Database, owner: str, key: str) -> None:
    async with db.transaction() as session:
        await session.execute(
            delete(IdempotencyRecord).where(
                IdempotencyRecord.principal == owner, IdempotencyRecord.key == key
            )
        )


async def _read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] == "http.request":
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                return b"".join(chunks)
        elif message["type"] == "http.disconnect":
            return b"".join(chunks)


def _replay_any(body: bytes | IO[bytes]) -> Receive:
    return _replay(body) if isinstance(body, bytes) else _replay_file(body)


def _replay_file(spooled: IO[bytes]) -> Receive:
    """A spooled body, read back in chunks; then the client is gone."""
    spooled.seek(0)
    done = False

    async def receive() -> Message:
        nonlocal done
        if done:
            return {"type": "http.disconnect"}
        chunk = spooled.read(REPLAY_CHUNK)
        done = len(chunk) < REPLAY_CHUNK
        return {"type": "http.request", "body": chunk, "more_body": not done}

    return receive


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return {"type": "http.disconnect"}

    return receive


class _Capture:
    """Buffers the response so it is stored before the client sees it."""

    def __init__(self) -> None:
        self.status = 500
        self.headers: list[tuple[bytes, bytes]] = []
        self.chunks: list[bytes] = []

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
            self.headers = list(message.get("headers", []))
        elif message["type"] == "http.response.body":
            self.chunks.append(message.get("body", b""))

    @property
    def content_type(self) -> str:
        for name, value in self.headers:
            if name.lower() == b"content-type":
                return value.decode("latin-1")
        return "application/json"

    @property
    def no_store(self) -> bool:
        """Whether the response forbids being stored (`Cache-Control: no-store`)."""
        return any(
            name.lower() == b"cache-control" and b"no-store" in value.lower()
            for name, value in self.headers
        )

    def body(self) -> bytes:
        return b"".join(self.chunks)

    async def flush(self, send: Send) -> None:
        await send({"type": "http.response.start", "status": self.status, "headers": self.headers})
        await send({"type": "http.response.body", "body": self.body()})


async def _send_bytes(
    send: Send, status: int, content_type: str, body: bytes, *, replayed: bool = False
) -> None:
    headers: list[tuple[bytes, bytes]] = [
        (b"content-type", content_type.encode("latin-1")),
        (b"content-length", str(len(body)).encode()),
    ]
    if replayed:
        headers.append((b"idempotent-replayed", b"true"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _send_problem(send: Send, status: int, body: bytes) -> None:
    await _send_bytes(send, status, PROBLEM_MEDIA_TYPE, body)
