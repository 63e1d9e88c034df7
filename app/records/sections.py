"""The sections a unit record and a batch record share: one query each, on one connection.

Each function takes the subject's column (`Measurement.unit_id` or `.batch_id`, …) so the same
SQL serves both records. Rows come from append-only tables (measurements, quality_events,
consumptions, labour_entries whose end is set once) and configuration rows they reference.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, false, func, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from app.models import (
    BomItem,
    Consumption,
    DefectCode,
    Issue,
    IssueType,
    LabourEntry,
    Line,
    Lot,
    Measurement,
    Part,
    QualityEvent,
    TestDefinition,
    Workstation,
)
from app.records.schemas import (
    RecordBom,
    RecordBomItem,
    RecordIssue,
    RecordLabour,
    RecordLot,
    RecordMeasurement,
    RecordQualityEvent,
)


async def bom(conn: AsyncConnection, bom_revision_id: int | None, revision: int | None) -> Any:
    """The pinned BOM revision with its items (None when the order pinned none)."""
    if bom_revision_id is None or revision is None:
        return None
    stmt = (
        select(Part.number, Part.name, BomItem.quantity, Part.uom, BomItem.step)
        .join(Part, Part.id == BomItem.component_part_id)
        .where(BomItem.bom_revision_id == bom_revision_id)
        .order_by(BomItem.id)
    )
    items = [
        RecordBomItem(part=r[0], name=r[1], quantity=r[2], uom=r[3], step=r[4])
        for r in (await conn.execute(stmt)).all()
    ]
    return RecordBom(revision=revision, items=items)


async def measurements(
    conn: AsyncConnection, subject: ColumnElement[bool]
) -> list[RecordMeasurement]:
    """Every measurement, with the limits stored on it: those it was judged against, whatever
    the test definition says today."""
    m = Measurement
    stmt = (
        select(
            TestDefinition.name,
            TestDefinition.unit,
            m.value,
            m.points,
            m.mean,
            m.min_value,
            m.max_value,
            m.lower_limit,
            m.upper_limit,
            m.result,
            m.failed_gate,
            m.source,
            m.step,
            Workstation.code,
            m.rework_count,
            m.actor,
            m.at,
        )
        .join(TestDefinition, TestDefinition.id == m.test_definition_id)
        .outerjoin(Workstation, Workstation.id == m.workstation_id)
        .where(subject)
        .order_by(m.id)
    )
    return [
        RecordMeasurement(
            test=r[0],
            unit=r[1],
            value=r[2],
            points=r[3],
            mean=r[4],
            min=r[5],
            max=r[6],
            lower_limit=r[7],
            upper_limit=r[8],
            result=r[9],
            failed_gate=bool(r[10]),
            source=r[11],
            step=r[12],
            workstation=r[13],
            rework_count=r[14],
            actor=r[15],
            at=r[16],
        )
        for r in (await conn.execute(stmt)).all()
    ]


async def quality_events(
    conn: AsyncConnection, subject: ColumnElement[bool]
) -> list[RecordQualityEvent]:
    q = QualityEvent
    stmt = (
        select(
            q.type,
            q.result,
            q.quantity,
            q.step,
            Workstation.code,
            DefectCode.code,
            q.notes,
            q.actor,
            q.at,
        )
        .outerjoin(Workstation, Workstation.id == q.workstation_id)
        .outerjoin(DefectCode, DefectCode.id == q.defect_code_id)
        .where(subject)
        .order_by(q.id)
    )
    return [
        RecordQualityEvent(
            type=r[0],
            result=r[1],
            quantity=r[2],
            step=r[3],
            workstation=r[4],
            defect_code=r[5],
            notes=r[6],
            actor=r[7],
            at=r[8],
        )
        for r in (await conn.execute(stmt)).all()
    ]


async def labour(
    conn: AsyncConnection, order_id: int, subject: ColumnElement[bool]
) -> list[RecordLabour]:
    """Labour entries on the subject (narrowed by its order: `labour_entries` is indexed by
    order, and by unit or batch only while entries are open)."""
    e = LabourEntry
    stmt = (
        select(
            e.username,
            e.step,
            Workstation.code,
            e.started_at,
            e.ended_at,
            e.seconds,
            e.started_by,
            e.ended_by,
        )
        .outerjoin(Workstation, Workstation.id == e.workstation_id)
        .where(e.order_id == order_id, subject)
        .order_by(e.started_at, e.id)
    )
    return [
        RecordLabour(
            user=r[0],
            step=r[1],
            workstation=r[2],
            on=r[3],
            off=r[4],
            hours=None if r[5] is None else r[5] / 3600,
            on_by=r[6],
            off_by=r[7],
        )
        for r in (await conn.execute(stmt)).all()
    ]


async def lots(conn: AsyncConnection, subject: ColumnElement[bool]) -> list[RecordLot]:
    c = Consumption
    stmt = (
        select(
            Lot.id,
            Lot.code,
            Part.number,
            c.quantity,
            Part.uom,
            c.step,
            Workstation.code,
            c.actor,
            c.at,
        )
        .join(Lot, Lot.id == c.lot_id)
        .join(Part, Part.id == Lot.part_id)
        .outerjoin(Workstation, Workstation.id == c.workstation_id)
        .where(subject)
        .order_by(c.id)
    )
    return [
        RecordLot(
            lot_id=r[0],
            lot=r[1],
            part=r[2],
            quantity=r[3],
            uom=r[4],
            step=r[5],
            workstation=r[6],
            actor=r[7],
            at=r[8],
        )
        for r in (await conn.execute(stmt)).all()
    ]


@dataclass(frozen=True, slots=True)
class Presence:
    """The subject was at this workstation (on this line) from `start` to `end` (None: still)."""

    workstation_id: int
    line_id: int | None
    start: datetime
    end: datetime | None


def _overlaps(opened: datetime, ended: datetime | None, presence: Presence) -> bool:
    """Whether an issue active from `opened` to `ended` (None: still active) overlaps."""
    if presence.end is not None and opened > presence.end:
        return False
    return ended is None or ended >= presence.start


async def issues(
    conn: AsyncConnection,
    *,
    order_id: int,
    unit_id: int | None,
    presences: Sequence[Presence],
) -> list[RecordIssue]:
    """Issues touching a unit or a batch: those naming the unit; those naming its order and no
    unit (an issue on a sibling unit is that unit's); and those at a workstation the subject
    stayed at, or on that workstation's whole line (no workstation named), while it was there
    (the issue open from `opened_at` until resolved, else closed, else still)."""
    stations = sorted({p.workstation_id for p in presences})
    lines = sorted({p.line_id for p in presences if p.line_id is not None})
    place: ColumnElement[bool] = false()
    if presences:
        issue_end = func.coalesce(Issue.resolved_at, Issue.closed_at)
        place = and_(
            or_(
                Issue.workstation_id.in_(stations),
                and_(Issue.workstation_id.is_(None), Issue.line_id.in_(lines)),
            ),
            issue_end.is_(None) | (issue_end >= min(p.start for p in presences)),
        )
        ends = [p.end for p in presences]
        if all(end is not None for end in ends):
            place = and_(place, Issue.opened_at <= max(e for e in ends if e is not None))
    stmt = (
        select(
            Issue.id,
            Issue.order_id,
            Issue.unit_id,
            Issue.workstation_id,
            Issue.line_id,
            IssueType.code,
            Issue.title,
            Issue.status,
            Issue.blocking,
            Workstation.code,
            Line.code,
            Issue.opened_by,
            Issue.opened_at,
            Issue.acknowledged_by,
            Issue.acknowledged_at,
            Issue.resolved_by,
            Issue.resolved_at,
            Issue.resolution,
            Issue.closed_by,
            Issue.closed_at,
        )
        .join(IssueType, IssueType.id == Issue.type_id)
        .outerjoin(Workstation, Workstation.id == Issue.workstation_id)
        .outerjoin(Line, Line.id == Issue.line_id)
        .where(or_(Issue.order_id == order_id, place))
        .order_by(Issue.opened_at, Issue.id)
    )
    found = []
    for r in (await conn.execute(stmt)).all():
        relation = _relation(r, order_id, unit_id, presences)
        if relation is None:
            continue
        found.append(
            RecordIssue(
                id=r[0],
                relation=relation,
                type=r[5],
                title=r[6],
                status=r[7],
                blocking=bool(r[8]),
                workstation=r[9],
                line=r[10],
                opened_by=r[11],
                opened_at=r[12],
                acknowledged_by=r[13],
                acknowledged_at=r[14],
                resolved_by=r[15],
                resolved_at=r[16],
                resolution=r[17],
                closed_by=r[18],
                closed_at=r[19],
            )
        )
    return found


def _relation(row: Any, order_id: int, unit_id: int | None, presences: Iterable[Presence]) -> Any:
    issue_order, issue_unit, station, line = row[1], row[2], row[3], row[4]
    if unit_id is not None and issue_unit == unit_id:
        return "unit"
    if issue_order == order_id and issue_unit is None:
        return "order"
    opened, ended = row[12], row[16] if row[16] is not None else row[19]
    for p in presences:
        if not _overlaps(opened, ended, p):
            continue
        if station is not None and station == p.workstation_id:
            return "workstation"
        if station is None and line is not None and line == p.line_id:
            return "line"
    return None
