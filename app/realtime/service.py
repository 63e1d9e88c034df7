"""The realtime machinery of one server process, started and stopped by the app lifespan.

    outbox (app.outbox) ─numbered events, announced─▶ WipHub, the in-process consumer "wip"
    WipHub (every process) ─reads seq > last─▶ Subscriber queues ─▶ WipStream ─▶ WebSocket

On SQLite everything is in this process; on PostgreSQL the outbox LISTENs in each process,
so sockets on every process see every process's commands.
"""

from __future__ import annotations

from starlette.websockets import WebSocket

from app.config import Settings
from app.db.session import Database
from app.outbox.service import Outbox
from app.realtime.hub import WipHub
from app.realtime.stream import WipStream

WIP_CONSUMER = "wip"


class Realtime:
    def __init__(self, db: Database, settings: Settings, outbox: Outbox) -> None:
        self.db = db
        self.settings = settings
        self.hub = WipHub(db)
        outbox.register_local(WIP_CONSUMER, self.hub)

    async def start(self) -> None:
        await self.hub.start()

    async def stop(self) -> None:
        await self.hub.stop()

    def stream(self, websocket: WebSocket, *, line_id: int | None, since: int | None) -> WipStream:
        """The WIP stream for an accepted socket."""
        return WipStream(
            websocket,
            self.hub,
            self.db,
            line_id=line_id,
            since=since,
            queue_limit=self.settings.wip_ws_queue,
            ping_seconds=self.settings.wip_ws_ping_seconds,
        )
