"""An order that ends early takes its open units with it: `cancel`, and `complete` by
override when told `{"open_units": "scrap"}`, scrap every unit still in progress.

Set-based (an order may have 10,000 open units): one statement each for the history rows
(`scrapped`, with why), the WIP outbox rows and the units themselves, in the order's
command. The units are locked before the order row — the order every unit command takes its
locks in (the unit, then its order when it finishes) — so a cancel racing moves waits for
them or they for it, never both: a move that loses finds its unit scrapped (409), one that
wins is scrapped or counted as it left it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, and_, bindparam, case, func, insert, literal, null, select, update

from app.db.executor import Executor
from app.models import EventType, OutboxEvent, Unit, UnitEvent, UnitStatus
from app.transitions.repository import OUTBOX_COLUMNS

units = cast(Table, Unit.__table__)
unit_events = cast(Table, UnitEvent.__table__)
outbox = cast(Table, OutboxEvent.__table__)

IN_PROGRESS = UnitStatus.IN_PROGRESS.value
SCRAPPED = UnitStatus.SCRAPPED.value
SCRAP_EVENT = EventType.SCRAPPED.value  # the unit history / WIP event, as a unit's own scrap

_OPEN = and_(
    units.c.order_id == bindparam("open_order_id", type_=units.c.order_id.type),
    units.c.status == IN_PROGRESS,
)
_AT = bindparam("scrapped_at", type_=units.c.updated_at.type)

# Locks the open units in id order (FOR UPDATE is not rendered on SQLite, whose command
# already holds the database's write lock) and counts them; only the count comes back.
_LOCK_OPEN = select(func.count()).select_from(
    select(units.c.id).where(_OPEN).order_by(units.c.id).with_for_update().subquery("open")
)
_HISTORY = insert(unit_events).from_select(
    [
        "unit_id",
        "order_id",
        "type",
        "from_step",
        "to_step",
        "from_workstation_id",
        "to_workstation_id",
        "notes",
        "actor",
        "at",
    ],
    select(
        units.c.id,
        units.c.order_id,
        literal(SCRAP_EVENT),
        units.c.step,
        units.c.step,
        units.c.workstation_id,
        null(),
        bindparam("notes", type_=unit_events.c.notes.type),
        bindparam("actor", type_=unit_events.c.actor.type),
        bindparam("at", type_=unit_events.c.at.type),
    )
    .where(_OPEN)
    .order_by(units.c.id),
)
_OUTBOX = insert(outbox).from_select(
    list(OUTBOX_COLUMNS),
    select(
        literal(SCRAP_EVENT),
        units.c.id,
        units.c.serial,
        bindparam("order_number", type_=outbox.c.order_number.type),
        units.c.line_id,
        units.c.step,
        units.c.step,
        units.c.workstation_id,
        null(),
        literal(SCRAPPED),
        bindparam("at", type_=outbox.c.at.type),
    )
    .where(_OPEN)
    .order_by(units.c.id),
)
# As a unit's own scrap leaves it (app.transitions.state.Change.unit_values): at its step,
# at no workstation, awaiting nothing, finished.
_SCRAP = (
    update(units)
    .where(_OPEN)
    .values(
        status=SCRAPPED,
        awaiting=None,
        workstation_id=None,
        updated_at=_AT,
        finished_at=_AT,
        step_entered_at=case(
            (units.c.workstation_id.is_(None), units.c.step_entered_at), else_=_AT
        ),
    )
)


async def lock_open_units(ex: Executor, order_id: int) -> int:
    """Lock the order's units in progress (until commit); how many there are."""
    return int(await ex.fetchval(_LOCK_OPEN, {"open_order_id": order_id}) or 0)


async def scrap_open_units(
    ex: Executor, *, order_id: int, order_number: str, notes: str, actor: str, at: datetime
) -> None:
    """Scrap the order's units in progress (locked by `lock_open_units` under the order's
    lock): a `scrapped` history row and WIP event each, then the units. The caller counts
    them on the order."""
    params: dict[str, Any] = {"open_order_id": order_id, "notes": notes, "actor": actor, "at": at}
    await ex.execute(_HISTORY, params)
    await ex.execute(_OUTBOX, {**params, "order_number": order_number})
    await ex.execute(_SCRAP, {"open_order_id": order_id, "scrapped_at": at})
