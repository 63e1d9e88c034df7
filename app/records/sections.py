"""The sections a unit record and a batch record share: one query each, on one connection.

Each function takes the subject's column (`Measurement.unit_id` or `.batch_id`, …) so the same
SQL serves both records. Rows come from append-only tables (measurements, quality_events,
consumptions, labour_entries whose end is set once) and configuration rows they reference.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy import ColumnElement, Executable, and_, false, func, or_, select
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

M = TypeVar("M", bound=BaseModel)


async def rows_as(conn: AsyncConnection, stmt: Executable, model: type[M]) -> list[M]:
    """The rows of `stmt`, whose columns are labelled with `model`'s field names."""
    return [model.model_validate(dict(r._mapping)) for r in (await conn.execute(stmt)).all()]


async def bom(conn: AsyncConnection, bom_revision_id: int | None, revision: int | None) -> Any:
    """The pinned BOM revision with its items (None when the order pinned none)."""
    if bom_revision_id is None or revision is None:
        return None
    stmt = (
        select(
            Part.number.label("part"),
            Part.name,
            BomItem.quantity,
            Part.uom,
            BomItem.step,
        )
        .join(Part, Part.id == BomItem.component_part_id)
        .where(BomItem.bom_revision_id == bom_revision_id)
        .order_by(BomItem.id)
    )
    items = await rows_as(conn, stmt, RecordBomItem)
    return RecordBom(revision=revision, items=items)


async def measurements(
    conn: AsyncConnection, subject: ColumnElement[bool]
) -> list[RecordMeasurement]:
    """Every measurement, with the limits stored on it: those it was judged against, whatever
    the test definition says today."""
    m = Measurement
    stmt = (
        select(
            TestDefinition.name.label("test"),
            TestDefinition.unit,
            m.value,
            m.points,
            m.mean,
            m.min_value.label("min"),
            m.max_value.label("max"),
            m.lower_limit,
            m.upper_limit,
            m.result,
            m.failed_gate,
            m.source,
            m.step,
            Workstation.code.label("workstation"),
            m.rework_count,
            m.actor,
            m.at,
        )
        .join(TestDefinition, TestDefinition.id == m.test_definition_id)
        .outerjoin(Workstation, Workstation.id == m.workstation_id)
        .where(subject)
        .order_by(m.id)
    )
    return await rows_as(conn, stmt, RecordMeasurement)


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
            Workstation.code.label("workstation"),
            DefectCode.code.label("defect_code"),
            q.notes,
            q.actor,
            q.at,
        )
        .outerjoin(Workstation, Workstation.id == q.workstation_id)
        .outerjoin(DefectCode, DefectCode.id == q.defect_code_id)
        .where(subject)
        .order_by(q.id)
    )
    return await rows_as(conn, stmt, RecordQualityEvent)


async def labour(
    conn: AsyncConnection, order_id: int, subject: ColumnElement[bool]
) -> list[RecordLabour]:
    """Labour entries on the subject (narrowed by its order: `labour_entries` is indexed by
    order, and by unit or batch only while entries are open)."""
    e = LabourEntry
    stmt = (
        select(
            e.username.label("user"),
            e.step,
            Workstation.code.label("workstation"),
            e.started_at.label("on"),
            e.ended_at.label("off"),
            (e.seconds / 3600.0).label("hours"),
            e.started_by.label("on_by"),
            e.ended_by.label("off_by"),
        )
        .outerjoin(Workstation, Workstation.id == e.workstation_id)
        .where(e.order_id == order_id, subject)
        .order_by(e.started_at, e.id)
    )
    return await rows_as(conn, stmt, RecordLabour)


async def lots(conn: AsyncConnection, subject: ColumnElement[bool]) -> list[RecordLot]:
    c = Consumption
    stmt = (
        select(
            Lot.id.label("lot_id"),
            Lot.code.label("lot"),
            Part.number.label("part"),
            c.quantity,
            Part.uom,
            c.step,
            Workstation.code.label("workstation"),
            c.actor,
            c.at,
        )
        .join(Lot, Lot.id == c.lot_id)
        .join(Part, Part.id == Lot.part_id)
        .outerjoin(Workstation, Workstation.id == c.workstation_id)
        .where(subject)
        .order_by(c.id)
    )
    return await rows_as(conn, stmt, RecordLot)


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
