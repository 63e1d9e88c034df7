"""A stable MQTT client id per server process.

A persistent session belongs to a client id: the broker keeps the session's unacknowledged
messages for that id and redelivers them when it reconnects. Several processes must not
share an id (the broker would disconnect one for the other), yet a restarted process should
get its old id back to resume its session. So each process claims the lowest free slot n and
uses `<base>-<n>`: on PostgreSQL with a session-level advisory lock (held by one connection,
released when the process dies), on SQLite with an exclusive lock on a file beside the
database.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import zlib
from pathlib import Path
from typing import Any

from sqlalchemy import BigInteger, bindparam, func, select, text
from sqlalchemy.ext.asyncio import AsyncConnection

from app.db.session import Database

MAX_SLOTS = 64
_NAMESPACE = 0x6D71  # "mq"
_TRY_LOCK = select(func.pg_try_advisory_lock(bindparam("key", type_=BigInteger)))


def _lock_key(base: str, slot: int) -> int:
    return (_NAMESPACE << 48) | ((zlib.crc32(base.encode()) & 0xFFFFFFFF) << 8) | slot


class ClientSlot:
    """The claimed client id; `release` gives it up, `alive` checks the claim still holds."""

    def __init__(self, client_id: str, holder: Any = None) -> None:
        self.client_id = client_id
        self._holder = holder

    async def alive(self) -> bool:
        if isinstance(self._holder, AsyncConnection):
            try:
                await self._holder.execute(text("SELECT 1"))
            except Exception:
                return False
        return True

    async def release(self) -> None:
        holder, self._holder = self._holder, None
        if isinstance(holder, AsyncConnection):
            with contextlib.suppress(Exception):
                await holder.close()
        elif holder is not None:
            with contextlib.suppress(OSError):
                os.close(holder)


async def claim(db: Database, base: str) -> ClientSlot:
    """Claim the lowest free slot for `base` (RuntimeError when all are taken)."""
    if db.is_sqlite:
        return _claim_file(db, base)
    conn = await db.engine.connect()
    try:
        await conn.execution_options(isolation_level="AUTOCOMMIT")
        for slot in range(MAX_SLOTS):
            got = (await conn.execute(_TRY_LOCK, {"key": _lock_key(base, slot)})).scalar()
            if got:
                return ClientSlot(f"{base}-{slot}", conn)
    except BaseException:
        await conn.close()
        raise
    await conn.close()
    raise RuntimeError(f"all {MAX_SLOTS} MQTT client slots of {base!r} are taken")


def _claim_file(db: Database, base: str) -> ClientSlot:
    database = db.engine.url.database
    if not database or database == ":memory:":
        return ClientSlot(f"{base}-0")
    for slot in range(MAX_SLOTS):
        path = Path(f"{database}.mqtt-{base}-{slot}.lock")
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            continue
        return ClientSlot(f"{base}-{slot}", fd)
    raise RuntimeError(f"all {MAX_SLOTS} MQTT client slots of {base!r} are taken")
