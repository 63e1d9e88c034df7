"""The silence timeout: a workstation with `silence_timeout_s` whose machine has said nothing
(no state or count message, `app.equipment.presence`) for that long is recorded as `down`,
with the downtime reason `UNQUALIFIED` (category `unqualified`, created on first need), from
the moment the timeout expired until the machine speaks again.

Every server process runs a checker (`SilenceWatch`, a background task ticking every
`TAKT_SILENCE_CHECK_SECONDS`). A tick reads the workstations whose timeout has expired, then
records each silence in its own transaction, guarded by a compare-and-set on the presence row
(`presence.start_silence`: not silent yet, and last heard exactly when the tick saw it): two
checkers racing record one silence, and a message that arrives meanwhile wins over the
checker. The state goes through `service.record_state` like a machine's own, so the
`machine_state` event, the audit entry and the state listeners (the automatic issue) follow.

Not recorded: a machine never heard (no presence row yet) and one whose current state is
`off` (it said it is switched off; silence is expected).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, bindparam, select

from app.audit.recorder import record
from app.db.executor import Executor
from app.db.session import Database
from app.equipment import presence as machine_presence
from app.equipment import repository as repo
from app.equipment import service
from app.kit import crud
from app.kit.errors import DuplicateKey
from app.kit.tasks import BackgroundTask
from app.kit.time import utcnow
from app.models import (
    DowntimeCategory,
    DowntimeReason,
    MachinePresence,
    MachineStateName,
    Workstation,
)

log = logging.getLogger("takt.equipment")

ACTOR = "system:silence"
REASON_CODE = "UNQUALIFIED"
REASON_NAME = "Unqualified (machine silent)"

workstations = cast(Table, Workstation.__table__)
presence = cast(Table, MachinePresence.__table__)

_WATCHED = (
    select(
        workstations.c.id,
        workstations.c.line_id,
        workstations.c.silence_timeout_s,
        presence.c.last_seen_at,
    )
    .join(presence, presence.c.workstation_id == workstations.c.id)
    .where(workstations.c.silence_timeout_s.is_not(None), presence.c.silent_since.is_(None))
)
_REASON = select(DowntimeReason.id).where(
    DowntimeReason.code == bindparam("code", type_=DowntimeReason.code.type)
)


async def _reason_id(db: Database) -> int:
    """The `UNQUALIFIED` downtime reason, created (audited) when there is none."""
    async with db.transaction(write=False) as session:
        found = await session.scalar(_REASON, {"code": REASON_CODE})
    if found is not None:
        return int(found)
    values = {
        "code": REASON_CODE,
        "name": REASON_NAME,
        "category": DowntimeCategory.UNQUALIFIED.value,
    }
    with contextlib.suppress(DuplicateKey):  # another checker created it first
        async with db.transaction() as session:
            reason = DowntimeReason(**values)
            session.add(reason)
            await crud.flush(session)
            await record(
                session,
                actor=ACTOR,
                entity_type="downtime_reason",
                entity_id=reason.id,
                action="create",
                after=values,
            )
    async with db.transaction(write=False) as session:
        created = await session.scalar(_REASON, {"code": REASON_CODE})
    assert created is not None
    return int(created)


async def record_silence(
    ex: Executor,
    *,
    workstation_id: int,
    line_id: int,
    seen: datetime,
    timeout_s: int,
    reason_id: int,
) -> bool:
    """Record the machine as silent since `seen + timeout_s` (False: it was not, after all)."""
    current = await repo.open_state(ex, workstation_id)
    if current is not None and current[1] == MachineStateName.OFF.value:
        return False
    since = seen + timedelta(seconds=timeout_s)
    if current is not None and since <= current[3]:
        since = current[3] + machine_presence.AFTER
    if not await machine_presence.start_silence(ex, workstation_id, seen=seen, since=since):
        return False
    await service.record_state(
        ex,
        workstation_id=workstation_id,
        line_id=line_id,
        state=MachineStateName.DOWN.value,
        reason=f"no message for {timeout_s} s",
        reason_id=reason_id,
        at=since,
        actor=ACTOR,
    )
    return True


class SilenceWatch:
    """The checker of one server process (see the module docstring)."""

    def __init__(self, db: Database, *, interval: float) -> None:
        self.db = db
        self.interval = interval
        self._task = BackgroundTask(self._loop, name="silence-watch", log=log)

    def start(self) -> None:
        self._task.start()

    async def stop(self) -> None:
        await self._task.stop()

    async def _loop(self) -> None:
        while True:
            try:
                await self.tick()
            except Exception:
                log.exception("the silence check failed; trying again")
            await asyncio.sleep(self.interval)

    async def tick(self, now: datetime | None = None) -> int:
        """Record every silence expired at `now`; returns how many this checker recorded."""
        now = now or utcnow()
        async with self.db.transaction(write=False) as session:
            rows: list[Any] = list((await session.execute(_WATCHED)).all())
        due = [r for r in rows if r[3] + timedelta(seconds=int(r[2])) <= now]
        if not due:
            return 0
        reason_id = await _reason_id(self.db)
        recorded = 0
        for workstation_id, line_id, timeout_s, seen in due:
            async with self.db.command() as cmd:
                recorded += await record_silence(
                    cmd.ex,
                    workstation_id=int(workstation_id),
                    line_id=int(line_id),
                    seen=seen,
                    timeout_s=int(timeout_s),
                    reason_id=reason_id,
                )
        return recorded
