"""The unit record (device history record): one document rebuilt from the unit's rows.

One read transaction (REPEATABLE READ on PostgreSQL, so every section sees the same moment;
a SQLite read transaction already does), one query per section: the header (unit, order, part,
route, pinned BOM revision), the BOM items, the history (the stays are derived from it),
measurements, quality events, labour, lots, children (two: the tree and its lots), issues.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from app.kit.errors import NotFound
from app.models import (
    BomRevision,
    Consumption,
    DefectCode,
    EventType,
    LabourEntry,
    Measurement,
    Order,
    Part,
    QualityEvent,
    Route,
    RouteRevision,
    Unit,
    UnitEvent,
    Workstation,
)
from app.records import sections
from app.records.children import children
from app.records.schemas import (
    RecordEvent,
    RecordOrder,
    RecordPart,
    RecordRoute,
    RecordStay,
    RecordUnit,
    UnitRecord,
)
from app.records.sections import Presence
from app.units.queries import Stay, stays_of

_FINISHING = {EventType.COMPLETED.value, EventType.SCRAPPED.value}


async def read_connection(session: AsyncSession) -> AsyncConnection:
    """The session's connection, in one snapshot for the whole document."""
    postgres = session.get_bind().dialect.name == "postgresql"
    options = {"isolation_level": "REPEATABLE READ"} if postgres else {}
    return await session.connection(execution_options=options)


def header_columns(subject: Any) -> tuple[Any, ...]:
    """Order, part, route and BOM columns for a unit's or batch's header (after its own)."""
    return (
        subject.order_id,
        Order.number,
        Order.external_ref,
        Order.quantity,
        Order.status,
        Part.number,
        Part.name,
        Part.kind,
        Part.uom,
        Route.code,
        RouteRevision.revision,
        Order.bom_revision_id,
        BomRevision.revision,
    )


def joined_header(stmt: Any, subject: Any) -> Any:
    return (
        stmt.join(Order, Order.id == subject.order_id)
        .join(Part, Part.id == subject.part_id)
        .join(RouteRevision, RouteRevision.id == subject.route_revision_id)
        .join(Route, Route.id == RouteRevision.route_id)
        .outerjoin(BomRevision, BomRevision.id == Order.bom_revision_id)
    )


def header_parts(values: Any) -> tuple[RecordOrder, RecordPart, RecordRoute]:
    """The order, part and route of `header_columns` values (the first 11 of them)."""
    (_order_id, number, ref, quantity, status, part, name, kind, uom, route, revision) = values[:11]
    return (
        RecordOrder(number=number, external_ref=ref, quantity=quantity, status=status),
        RecordPart(number=part, name=name, kind=kind, uom=uom),
        RecordRoute(code=route, revision=revision),
    )


async def unit_record(session: AsyncSession, serial: str, actor: str, now: datetime) -> UnitRecord:
    conn = await read_connection(session)
    u = Unit
    head = (
        await conn.execute(
            joined_header(
                select(
                    u.id,
                    u.serial,
                    u.status,
                    u.step,
                    u.rework_count,
                    u.created_at,
                    u.finished_at,
                    *header_columns(u),
                ),
                u,
            ).where(u.serial == serial)
        )
    ).first()
    if head is None:
        raise NotFound(f"unit {serial} does not exist")
    unit_id, order_id = int(head[0]), int(head[7])
    order, part, route = header_parts(head[7:])

    events, stays = await _history(conn, unit_id)
    presences = [
        Presence(s.workstation_id, line, s.entered_at, s.left_at)
        for s, line in stays
        if s.workstation_id is not None
    ]
    return UnitRecord(
        unit=RecordUnit(
            serial=head[1],
            status=head[2],
            step=head[3],
            rework_count=head[4],
            created_at=head[5],
            finished_at=head[6],
        ),
        order=order,
        part=part,
        route=route,
        bom_revision=await sections.bom(conn, head[18], head[19]),
        stays=[_stay(s) for s, _line in stays],
        measurements=await sections.measurements(conn, Measurement.unit_id == unit_id),
        quality_events=await sections.quality_events(conn, QualityEvent.unit_id == unit_id),
        labour=await sections.labour(conn, order_id, LabourEntry.unit_id == unit_id),
        lots=await sections.lots(conn, Consumption.unit_id == unit_id),
        children=await children(conn, unit_id),
        issues=await sections.issues(conn, order_id=order_id, unit_id=unit_id, presences=presences),
        history=events,
        generated_at=now,
        generated_by=actor,
    )


def _stay(s: Stay) -> RecordStay:
    return RecordStay(
        step=s.step,
        workstation=s.workstation,
        entered_at=s.entered_at,
        entered_by=s.entered_by,
        left_at=s.left_at,
        left_by=s.left_by,
        seconds=s.seconds,
        outcome=s.outcome,
    )


async def _history(
    conn: AsyncConnection, unit_id: int
) -> tuple[list[RecordEvent], list[tuple[Stay, int | None]]]:
    """The unit's events, and the stays derived from them with their workstation's line."""
    e = UnitEvent
    src = Workstation.__table__.alias("src")
    dst = Workstation.__table__.alias("dst")
    rows = (
        await conn.execute(
            select(
                e.type,
                e.from_step,
                e.to_step,
                e.from_workstation_id,
                e.to_workstation_id,
                e.result,
                e.notes,
                e.actor,
                e.at,
                src.c.code,
                dst.c.code,
                dst.c.line_id,
                DefectCode.code,
            )
            .outerjoin(src, src.c.id == e.from_workstation_id)
            .outerjoin(dst, dst.c.id == e.to_workstation_id)
            .outerjoin(DefectCode, DefectCode.id == e.defect_code_id)
            .where(e.unit_id == unit_id)
            .order_by(e.id)
        )
    ).all()
    events = [
        RecordEvent(
            type=r[0],
            from_step=r[1],
            to_step=r[2],
            workstation=r[9] if r[0] in _FINISHING else r[10],
            result=r[5],
            defect_code=r[12],
            notes=r[6],
            actor=r[7],
            at=r[8],
        )
        for r in rows
    ]
    lines = {r[4]: r[11] for r in rows if r[4] is not None}
    stays = stays_of((_Event(r[0], r[1], r[2], r[3], r[4], r[7], r[8]), r[10]) for r in rows)
    return events, [(s, lines.get(s.workstation_id)) for s in stays]


class _Event(NamedTuple):
    """A history row's columns that `stays_of` reads."""

    type: str
    from_step: int | None
    to_step: int | None
    from_workstation_id: int | None
    to_workstation_id: int | None
    actor: str
    at: datetime
