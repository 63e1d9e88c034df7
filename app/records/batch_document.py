"""The electronic batch record: one document rebuilt from a batch's rows, like the unit record
(one snapshot, one query per section)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.kit.errors import NotFound
from app.models import (
    Batch,
    BatchEvent,
    BatchStep,
    Consumption,
    DefectCode,
    LabourEntry,
    Measurement,
    QualityEvent,
    Workstation,
)
from app.records import sections
from app.records.schemas import BatchRecord, RecordBatch, RecordBatchEvent, RecordBatchStep
from app.records.sections import Presence
from app.records.unit_document import header_columns, header_parts, joined_header, read_connection


async def batch_record(
    session: AsyncSession, batch_id: int, actor: str, now: datetime
) -> BatchRecord:
    conn = await read_connection(session)
    b = Batch
    head = (
        await conn.execute(
            joined_header(
                select(
                    b.id,
                    b.status,
                    b.quantity,
                    b.good,
                    b.scrap,
                    b.step,
                    b.notes,
                    b.created_by,
                    b.created_at,
                    b.finished_at,
                    *header_columns(b),
                ),
                b,
            ).where(b.id == batch_id)
        )
    ).first()
    if head is None:
        raise NotFound(f"batch {batch_id} does not exist")
    order_id = int(head[10])
    order, part, route = header_parts(head[10:])

    s = BatchStep
    step_rows = (
        await conn.execute(
            select(
                s.seq,
                s.name,
                Workstation.code,
                s.is_gate,
                s.status,
                s.quantity_in,
                s.good,
                s.scrap,
                DefectCode.code,
                s.notes,
                s.started_at,
                s.started_by,
                s.completed_at,
                s.completed_by,
                s.seconds,
                s.workstation_id,
                Workstation.line_id,
            )
            .outerjoin(Workstation, Workstation.id == s.workstation_id)
            .outerjoin(DefectCode, DefectCode.id == s.defect_code_id)
            .where(s.batch_id == batch_id)
            .order_by(s.seq)
        )
    ).all()
    steps = [
        RecordBatchStep(
            seq=r[0],
            name=r[1],
            workstation=r[2],
            is_gate=bool(r[3]),
            status=r[4],
            quantity_in=r[5],
            good=r[6],
            scrap=r[7],
            defect_code=r[8],
            notes=r[9],
            started_at=r[10],
            started_by=r[11],
            completed_at=r[12],
            completed_by=r[13],
            seconds=r[14],
        )
        for r in step_rows
    ]
    presences = [Presence(r[15], r[16], r[10], r[12]) for r in step_rows if r[10] is not None]

    e = BatchEvent
    history = await sections.rows_as(
        conn,
        select(
            e.type,
            e.step,
            Workstation.code.label("workstation"),
            e.quantity,
            e.good,
            e.scrap,
            DefectCode.code.label("defect_code"),
            e.notes,
            e.actor,
            e.at,
        )
        .outerjoin(Workstation, Workstation.id == e.workstation_id)
        .outerjoin(DefectCode, DefectCode.id == e.defect_code_id)
        .where(e.batch_id == batch_id)
        .order_by(e.id),
        RecordBatchEvent,
    )
    return BatchRecord(
        batch=RecordBatch(
            id=head[0],
            status=head[1],
            quantity=head[2],
            good=head[3],
            scrap=head[4],
            step=head[5],
            notes=head[6],
            created_by=head[7],
            created_at=head[8],
            finished_at=head[9],
        ),
        order=order,
        part=part,
        route=route,
        bom_revision=await sections.bom(conn, head[21], head[22]),
        steps=steps,
        measurements=await sections.measurements(conn, Measurement.batch_id == batch_id),
        quality_events=await sections.quality_events(conn, QualityEvent.batch_id == batch_id),
        labour=await sections.labour(conn, order_id, LabourEntry.batch_id == batch_id),
        lots=await sections.lots(conn, Consumption.batch_id == batch_id),
        issues=await sections.issues(conn, order_id=order_id, unit_id=None, presences=presences),
        history=history,
        generated_at=now,
        generated_by=actor,
    )
