"""`takt webhooks`: a process that only delivers webhooks.

Every server process delivers by default (`TAKT_WEBHOOKS_ENABLED=true`). Sending costs CPU on
the event loop that also serves commands (an HTTP request and its signature per delivery);
where that matters, run the API processes with `TAKT_WEBHOOKS_ENABLED=false` and one or more
of these beside them: deliveries are coordinated through the database either way, and a
sender hears of deliveries queued by any process through PostgreSQL's LISTEN.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from contextlib import AsyncExitStack

from app.config import Settings
from app.db import migrate
from app.db.session import Database
from app.outbox.service import Outbox
from app.webhooks.worker import WebhookWorker

log = logging.getLogger("takt.webhooks")


class SchemaNotCurrent(RuntimeError):
    """The database is not at the migration head this version needs."""


async def run(settings: Settings, stop: asyncio.Event | None = None) -> None:
    """Deliver until `stop` is set (or SIGINT/SIGTERM when none is given)."""
    if not settings.webhooks_enabled:
        raise ValueError("TAKT_WEBHOOKS_ENABLED=false: this process would deliver nothing")
    stop = stop or _stop_on_signals()
    db = Database(settings)
    async with AsyncExitStack() as stack:
        stack.push_async_callback(db.dispose)
        current, head = await migrate.current_revision(db.engine), migrate.head_revision()
        if current != head:
            raise SchemaNotCurrent(
                f"database schema is at revision {current or 'none'}, this version needs "
                f"{head}: run `takt migrate` first"
            )
        outbox = Outbox(db, settings)
        worker = WebhookWorker(db, settings, outbox)
        await worker.start()  # registers the fan-out consumer before the outbox starts
        stack.push_async_callback(worker.stop)
        await outbox.start()
        stack.push_async_callback(outbox.stop)
        log.info("webhook sender ready (%s)", db.dialect)
        await stop.wait()
        log.info("webhook sender stopping")


def _stop_on_signals() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    return stop
