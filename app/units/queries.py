"""Unit queries: one unit, filtered lists, history, time at each step."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from app.kit.errors import NotFound
from app.kit.pagination import PageParams, keyset, page_of
from app.models import (
    Awaiting,
    DefectCode,
    EventType,
    Order,
    Part,
    Unit,
    UnitEvent,
    UnitStatus,
    Workstation,
)
from app.units.schemas import HistoryEntry, StepVisit, UnitOut

_UNIT_COLUMNS = (
    Unit.id,
    Unit.serial,
    Order.number,
    Part.number,
    Unit.status,
    Unit.step,
    Workstation.code,
    Unit.workstation_id,
    Unit.awaiting,
    Unit.rework_count,
    Unit.created_at,
    Unit.updated_at,
)


def _units() -> Any:
    return (
        select(*_UNIT_COLUMNS)
        .join(Order, Order.id == Unit.order_id)
        .join(Part, Part.id == Unit.part_id)
        .outerjoin(Workstation, Workstation.id == Unit.workstation_id)
    )


def _unit_out(row: Any) -> UnitOut:
    return UnitOut(
        serial=row[1],
        order=row[2],
        part=row[3],
        status=UnitStatus(row[4]),
        step=row[5],
        workstation=row[6],
        workstation_id=row[7],
        awaiting=Awaiting(row[8]) if row[8] else None,
        rework_count=row[9],
        created_at=row[10],
        updated_at=row[11],
    )


async def _unit_id(session: AsyncSession, serial: str) -> int:
    unit_id = await session.scalar(select(Unit.id).where(Unit.serial == serial))
    if unit_id is None:
        raise NotFound(f"unit {serial} does not exist")
    return int(unit_id)


async def get_unit(session: AsyncSession, serial: str) -> UnitOut:
    row = (await session.execute(_units().where(Unit.serial == serial))).first()
    if row is None:
        raise NotFound(f"unit {serial} does not exist")
    return _unit_out(row)


async def list_units_by_ids(session: AsyncSession, ids: list[int]) -> list[UnitOut]:
    """These units, in the order given."""
    if not ids:
        return []
    rows = {r[0]: r for r in (await session.execute(_units().where(Unit.id.in_(ids)))).all()}
    return [_unit_out(rows[i]) for i in ids if i in rows]


async def list_units(
    session: AsyncSession,
    params: PageParams,
    *,
    order: str | None = None,
    status: UnitStatus | None = None,
    workstation_id: int | None = None,
    step: int | None = None,
    part_id: int | None = None,
) -> tuple[list[UnitOut], str | None]:
    stmt = _units()
    if order is not None:
        stmt = stmt.where(Order.number == order)
    if status is not None:
        stmt = stmt.where(Unit.status == status.value)
    if workstation_id is not None:
        stmt = stmt.where(Unit.workstation_id == workstation_id)
    if step is not None:
        stmt = stmt.where(Unit.step == step)
    if part_id is not None:
        stmt = stmt.where(Unit.part_id == part_id)
    rows = (await session.execute(keyset(stmt, Unit.id, params))).all()
    items, cursor = page_of(rows, params, lambda row: row[0])
    return [_unit_out(r) for r in items], cursor


async def _history_rows(
    session: AsyncSession, serial: str, params: PageParams | None = None
) -> list[Any]:
    unit_id = await _unit_id(session, serial)
    src = aliased(Workstation, name="src")
    dst = aliased(Workstation, name="dst")
    stmt = (
        select(UnitEvent, src.code, dst.code, DefectCode.code)
        .outerjoin(src, src.id == UnitEvent.from_workstation_id)
        .outerjoin(dst, dst.id == UnitEvent.to_workstation_id)
        .outerjoin(DefectCode, DefectCode.id == UnitEvent.defect_code_id)
        .where(UnitEvent.unit_id == unit_id)
    )
    stmt = keyset(stmt, UnitEvent.id, params) if params else stmt.order_by(UnitEvent.id)
    return list((await session.execute(stmt)).all())


_FINISHING = {EventType.COMPLETED.value, EventType.SCRAPPED.value}
# Events that never move a unit: a measurement, and the material events (which carry no
# workstation columns, so they must not read as leaving one).
_IN_PLACE = {
    EventType.MEASURED.value,
    EventType.CONSUMED.value,
    EventType.INSTALLED.value,
    EventType.REMOVED.value,
}


async def history(
    session: AsyncSession, serial: str, params: PageParams
) -> tuple[list[HistoryEntry], str | None]:
    """The unit's events, oldest first."""
    rows, cursor = page_of(await _history_rows(session, serial, params), params, lambda r: r[0].id)
    entries = []
    for event, from_code, to_code, defect in rows:
        finished = event.type in _FINISHING
        entries.append(
            HistoryEntry(
                type=EventType(event.type),
                step=event.to_step,
                workstation=from_code if finished else to_code,
                from_step=event.from_step,
                to_step=event.to_step,
                result=event.result,
                defect_code=defect,
                notes=event.notes,
                actor=event.actor,
                at=event.at,
            )
        )
    return entries, cursor


@dataclass(frozen=True, slots=True)
class Stay:
    """One stay of a unit at a route step (see `stays_of`)."""

    step: int
    workstation: str | None
    workstation_id: int | None
    entered_at: datetime
    entered_by: str
    left_at: datetime | None
    left_by: str | None
    outcome: str | None

    @property
    def seconds(self) -> float | None:
        return None if self.left_at is None else (self.left_at - self.entered_at).total_seconds()


class StayEvent(Protocol):
    """What `stays_of` reads of a history event (a `UnitEvent`, or a row of its columns)."""

    @property
    def type(self) -> str: ...
    @property
    def from_step(self) -> int | None: ...
    @property
    def to_step(self) -> int | None: ...
    @property
    def from_workstation_id(self) -> int | None: ...
    @property
    def to_workstation_id(self) -> int | None: ...
    @property
    def actor(self) -> str: ...
    @property
    def at(self) -> datetime: ...


def stays_of(events: Iterable[tuple[StayEvent, str | None]]) -> list[Stay]:
    """The stays at route steps derived from a unit's events (oldest first), each with the
    code of the event's destination workstation: a `moved` or `reworked` event enters a step,
    the next event that changes the step or workstation, or finishes the unit, leaves it."""
    stays: list[Stay] = []
    open_stay: tuple[int, str | None, int | None, datetime, str] | None = None
    for event, to_code in events:
        leaves = event.type not in _IN_PLACE and (
            event.from_step != event.to_step
            or event.from_workstation_id != event.to_workstation_id
            or event.type in _FINISHING
        )
        if open_stay is not None and leaves:
            step, code, ws_id, entered, entered_by = open_stay
            stays.append(
                Stay(step, code, ws_id, entered, entered_by, event.at, event.actor, event.type)
            )
            open_stay = None
        enters = event.type in {EventType.MOVED.value, EventType.REWORKED.value}
        if enters and event.to_step:
            open_stay = (event.to_step, to_code, event.to_workstation_id, event.at, event.actor)
    if open_stay is not None:
        step, code, ws_id, entered, entered_by = open_stay
        stays.append(Stay(step, code, ws_id, entered, entered_by, None, None, None))
    return stays


async def step_visits(session: AsyncSession, serial: str) -> list[StepVisit]:
    """Each stay of the unit at a route step, derived from its history (cycle-time analysis)."""
    rows = await _history_rows(session, serial)
    return [
        StepVisit(
            step=s.step,
            workstation=s.workstation,
            entered_at=s.entered_at,
            left_at=s.left_at,
            seconds=s.seconds,
            left_by=s.left_by,
            outcome=s.outcome,
        )
        for s in stays_of((event, to_code) for event, _from, to_code, _defect in rows)
    ]
