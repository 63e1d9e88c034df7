"""The realtime machinery of one server process, started and stopped by the app lifespan.

    commands ─commit─▶ wip_events (seq NULL)
    Sequencer ─numbers them in commit order─▶ seq 1, 2, 3, …  (+ NOTIFY takt_wip on PostgreSQL)
    WipHub (every process) ─reads seq > last─▶ Subscriber queues ─▶ WipStream ─▶ WebSocket

On SQLite everything is in this process (the sequencer calls the hub directly); on PostgreSQL
each process also LISTENs, so sockets on every process see every process's commands.
"""

from __future__ import annotations

from starlette.websockets import WebSocket

from app.config import Settings
from app.db.session import Database
from app.realtime.hub import WipHub
from app.realtime.listener import PgListener
from app.realtime.retention import Pruner
from app.realtime.sequencer import Sequencer
from app.realtime.stream import WipStream


class Realtime:
    def __init__(self, db: Database, settings: Settings) -> None:
        self.db = db
        self.settings = settings
        self.hub = WipHub(db)
        self.sequencer = Sequencer(db, on_sequenced=self.hub.announce)
        self.listener = (
            None
            if db.is_sqlite
            else PgListener(settings.database_url, self.hub.announce, self.hub.recheck)
        )
        self.pruner = Pruner(db, settings)

    async def start(self) -> None:
        await self.hub.start()
        self.sequencer.start()
        if self.listener is not None:
            self.listener.start()
        self.pruner.start()

    async def stop(self) -> None:
        await self.pruner.stop()
        if self.listener is not None:
            await self.listener.stop()
        await self.sequencer.stop()
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
