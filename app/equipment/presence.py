"""When machines last spoke, and the end of a recorded silence.

Every state or count message of a workstation's machine (the machine's own data: unit events
and measurements may come from other systems and do not count) stamps `machine_presence`
with its server receive time, in the message's transaction, before the message is applied
(`heard`). When the silence checker (`app.equipment.silence`) had recorded the machine as
silent (`down`, reason category `unqualified`), that message ends the silence:

- a state message ends it itself (its state starts where the silence ends);
- any other message restores the state the silence interrupted (with its reason; `idle`
  when the machine had reported none), at the message's receive time.

The presence row is the meeting point of messages and checkers: both take its row lock
first (the upsert here, the checker's compare-and-set), then the workstation's states, so a
message and a checker never both act on one silence, and never deadlock.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, and_, bindparam, case, update
from sqlalchemy.dialects import postgresql, sqlite

from app.db.binding import bound
from app.db.executor import Executor
from app.equipment import repository as repo
from app.equipment import service
from app.models import MachinePresence, MachineStateName

presence = cast(Table, MachinePresence.__table__)

# A restored state starts strictly after the silence began (intervals are never empty).
AFTER = timedelta(milliseconds=1)


def _upsert(dialect: Any) -> Any:
    stmt = dialect.insert(presence).values(bound(presence, ("workstation_id", "last_seen_at")))
    newer = stmt.excluded.last_seen_at > presence.c.last_seen_at
    return stmt.on_conflict_do_update(
        index_elements=[presence.c.workstation_id],
        set_={
            "last_seen_at": case((newer, stmt.excluded.last_seen_at), else_=presence.c.last_seen_at)
        },
    ).returning(presence.c.silent_since)


_HEARD = {True: _upsert(postgresql), False: _upsert(sqlite)}
_END_SILENCE = (
    update(presence)
    .where(presence.c.workstation_id == bindparam("b_workstation_id"))
    .values(silent_since=None)
)
# The checker's compare-and-set: record a silence only if nothing was heard since it looked.
_START_SILENCE = (
    update(presence)
    .where(
        and_(
            presence.c.workstation_id == bindparam("b_workstation_id"),
            presence.c.silent_since.is_(None),
            presence.c.last_seen_at == bindparam("b_seen", type_=presence.c.last_seen_at.type),
        )
    )
    .values(silent_since=bindparam("b_since", type_=presence.c.silent_since.type))
)


async def heard(
    ex: Executor,
    *,
    workstation_id: int,
    line_id: int | None,
    received_at: datetime,
    state_at: datetime | None,
    actor: str,
) -> None:
    """The machine spoke (`state_at`: the time of the state it reports, None for a count)."""
    silent_since = await ex.fetchval(
        _HEARD[ex.postgres], {"workstation_id": workstation_id, "last_seen_at": received_at}
    )
    if silent_since is None:
        return
    await ex.execute(_END_SILENCE, {"b_workstation_id": workstation_id})
    if state_at is not None and state_at > silent_since:
        return  # the state message ends the silence by itself
    before = await repo.state_at(ex, workstation_id, silent_since - AFTER)
    state, reason, reason_id = (
        (before[1], before[2], before[5])
        if before is not None
        else (MachineStateName.IDLE.value, None, None)
    )
    await service.record_state(
        ex,
        workstation_id=workstation_id,
        line_id=line_id,
        state=state,
        reason=reason,
        reason_id=reason_id,
        at=max(received_at, silent_since + AFTER),
        actor=actor,
    )


async def start_silence(
    ex: Executor, workstation_id: int, *, seen: datetime, since: datetime
) -> bool:
    """Mark the machine silent since `since` if it was last heard at `seen` and is not silent
    yet; False when a message or another checker got there first."""
    changed = await ex.execute(
        _START_SILENCE, {"b_workstation_id": workstation_id, "b_seen": seen, "b_since": since}
    )
    return changed == 1
