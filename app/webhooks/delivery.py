"""One HTTP attempt of one delivery: signed, bounded in time, no redirects followed.

A 2xx answer is success; 410 Gone says the endpoint is gone for good; anything else (3xx
included: redirects are not followed), a timeout, a refused or reset connection is a failure
to retry. At most 64 KiB of the response body are read (and ignored).
"""

from __future__ import annotations

import asyncio
import json
import time

import httpx

from app.kit.time import utcnow
from app.webhooks import signing
from app.webhooks.repository import Attempt, Pending

_ENCODE = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode
MAX_ERROR = 500
MAX_RESPONSE_BYTES = 64 * 1024


def body_of(payload: dict[str, object]) -> bytes:
    return _ENCODE(payload).encode()


def new_client(timeout: float) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        timeout=httpx.Timeout(timeout),
        follow_redirects=False,
        trust_env=False,
        limits=httpx.Limits(max_connections=200, max_keepalive_connections=100),
        headers={"user-agent": "Takt-Webhooks/1"},
    )


async def attempt(
    client: httpx.AsyncClient, url: str, secrets: list[str], delivery: Pending, seconds: float
) -> Attempt:
    """Send one delivery once and say how it went (never raises but for cancellation)."""
    body = body_of(delivery.payload)
    headers = signing.headers(secrets, delivery.message_id, int(time.time()), body)
    started = time.perf_counter()
    code: int | None = None
    error: str | None = None
    try:
        async with asyncio.timeout(seconds):  # the whole exchange, not each read
            async with client.stream("POST", url, content=body, headers=headers) as response:
                code = response.status_code
                # Read a short answer to the end, so the connection is kept for the next
                # delivery; a longer one is cut off (the connection is closed).
                read = 0
                if not response.is_stream_consumed:
                    async for chunk in response.aiter_raw():
                        read += len(chunk)
                        if read > MAX_RESPONSE_BYTES:
                            break
    except TimeoutError:
        error = f"timed out after {seconds:g} s"
    except httpx.TimeoutException as exc:
        error = f"timed out ({type(exc).__name__})"
    except httpx.HTTPError as exc:
        error = f"{type(exc).__name__}: {exc}"[:MAX_ERROR] or type(exc).__name__
    except OSError as exc:
        error = f"{type(exc).__name__}: {exc}"[:MAX_ERROR]
    duration = (time.perf_counter() - started) * 1000
    ok = code is not None and 200 <= code < 300
    if code is not None and not ok:
        error = (
            f"redirect ({code}) not followed" if 300 <= code < 400 else f"receiver answered {code}"
        )
    return Attempt(delivery, ok, code, error, duration, utcnow(), gone=code == 410)
