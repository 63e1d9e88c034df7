"""The reference for bench/moves.py: the same four SQL statements as a unit move, with raw
asyncpg behind a bare ASGI app (no framework, no ORM, no auth, no validation).

Statements: lock the unit, read its next route step, update the unit, insert a history row.
"""

from __future__ import annotations

import json
import os
from typing import Any

import asyncpg

_pool: asyncpg.Pool | None = None

LOCK = "SELECT id, step, route_revision_id, order_id FROM units WHERE serial = $1 FOR UPDATE"
READ_STEP = "SELECT seq, workstation_id FROM route_steps WHERE revision_id = $1 AND seq = $2"
UPDATE = "UPDATE units SET step = $2, workstation_id = $3, updated_at = now() WHERE id = $1"
INSERT = (
    "INSERT INTO unit_events"
    " (unit_id, order_id, type, from_step, to_step, to_workstation_id, actor, at) "
    "VALUES ($1, $2, 'moved', $3, $4, $5, 'user:reference', now())"
)


async def send_json(send: Any, status: int, body: bytes) -> None:
    """An ASGI JSON response (the references' one way to answer)."""
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


async def _move(serial: str) -> tuple[int, bytes]:
    assert _pool is not None
    async with _pool.acquire() as conn, conn.transaction():
        unit = await conn.fetchrow(LOCK, serial)
        if unit is None:
            return 404, b'{"detail": "not found"}'
        step = await conn.fetchrow(READ_STEP, unit["route_revision_id"], unit["step"] + 1)
        if step is None:
            return 409, b'{"detail": "last step"}'
        await conn.execute(UPDATE, unit["id"], step["seq"], step["workstation_id"])
        await conn.execute(
            INSERT, unit["id"], unit["order_id"], unit["step"], step["seq"], step["workstation_id"]
        )
    return 200, json.dumps({"serial": serial, "step": step["seq"]}).encode()


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    global _pool
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                _pool = await asyncpg.create_pool(os.environ["REF_DSN"], min_size=10, max_size=30)
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if _pool is not None:
                    await _pool.close()
                await send({"type": "lifespan.shutdown.complete"})
                return
    path: str = scope["path"]
    more = True
    while more:  # drain the request body
        message = await receive()
        more = message.get("more_body", False)
    if path == "/health":
        await send_json(send, 200, b'{"status": "ok"}')
        return
    parts = path.strip("/").split("/")
    if scope["method"] == "POST" and len(parts) == 4 and parts[0] == "ref" and parts[3] == "move":
        status, body = await _move(parts[2])
        await send_json(send, status, body)
        return
    await send_json(send, 404, b'{"detail": "no such path"}')
