"""The WIP snapshot, consistent with the event sequence.

Counts come from the units table (indexed: only in-progress units are in the workstation
index) plus, per workstation, the `quantity_in` of the batch steps in progress there (the
partial index `ix_batch_steps_open_workstation`); the totals count units only (API.md: they
are defined on units). The snapshot's `seq` is the sequencer's counter read in the same
database snapshot. Events that are committed but not numbered yet — a batch step command
writes its step and its outbox row in one transaction, like a unit command — are already in
the counts yet will be delivered with numbers above `seq`, so their effect is taken back
out: the result is exactly "every event up to `seq` applied", which is what a client
resuming from `seq` needs.
"""

from __future__ import annotations

from sqlalchemy import and_, func, literal_column, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.db.session import Database
from app.kit.errors import NotFound
from app.models import BatchStep, BatchStepStatus, Counter, Line, OutboxEvent, Unit, Workstation
from app.outbox.events import SEQ_COUNTER
from app.wip.counters import WipCounters
from app.wip.events import wip_event
from app.wip.schemas import WipSnapshot, WorkstationWip

_PENDING_COLUMNS = (
    OutboxEvent.type,
    OutboxEvent.serial,
    OutboxEvent.order_number,
    OutboxEvent.line_id,
    OutboxEvent.from_step,
    OutboxEvent.to_step,
    OutboxEvent.from_workstation_id,
    OutboxEvent.to_workstation_id,
    OutboxEvent.status,
    OutboxEvent.payload,
)
# Batch quantities in progress per workstation. The status is a literal, not a parameter, so
# both databases see that the partial index `ix_batch_steps_open_workstation` covers it.
_BATCHES_IN_PROGRESS = (
    select(BatchStep.workstation_id, func.sum(BatchStep.quantity_in))
    .where(BatchStep.status == literal_column(f"'{BatchStepStatus.IN_PROGRESS.value}'"))
    .group_by(BatchStep.workstation_id)
)


async def snapshot(session: AsyncSession, line_id: int | None = None) -> WipSnapshot:
    postgres = session.get_bind().dialect.name == "postgresql"
    # One consistent view for every query below (SQLite read transactions already are).
    options = {"isolation_level": "REPEATABLE READ"} if postgres else {}
    conn = await session.connection(execution_options=options)
    if line_id is not None and await session.get(Line, line_id) is None:
        raise NotFound(f"line {line_id} does not exist")

    in_progress = and_(Unit.workstation_id == Workstation.id, Unit.status == "in_progress")
    stations = (
        select(
            Workstation.id,
            Workstation.code,
            Workstation.name,
            Workstation.line_id,
            func.count(Unit.id),
        )
        .outerjoin(Unit, in_progress)
        .group_by(Workstation.id, Workstation.code, Workstation.name, Workstation.line_id)
        .order_by(Workstation.line_id, Workstation.code)
    )
    started = Unit.step > literal_column("0")  # inline: SELECT and GROUP BY must match
    totals = select(Unit.status, started, func.count()).group_by(Unit.status, started)
    if line_id is not None:
        stations = stations.where(Workstation.line_id == line_id)
        totals = totals.where(Unit.line_id == line_id)

    rows = (await conn.execute(stations)).all()
    wip = WipCounters(workstations={r[0]: r[4] for r in rows}, line_id=line_id)
    for workstation_id, quantity in (await conn.execute(_BATCHES_IN_PROGRESS)).all():
        if workstation_id in wip.workstations:  # (with a line filter: that line's only)
            wip.workstations[workstation_id] += int(quantity or 0)
    for status, entered, count in (await conn.execute(totals)).all():
        if status == "in_progress":
            if entered:
                wip.in_progress += count
            else:
                wip.not_started += count
        elif status == "completed":
            wip.completed += count
        elif status == "scrapped":
            wip.scrapped += count
    seq = (
        await conn.execute(select(Counter.value).where(Counter.name == SEQ_COUNTER))
    ).scalar_one()
    for row in (
        await conn.execute(select(*_PENDING_COLUMNS).where(OutboxEvent.seq.is_(None)))
    ).all():
        wip.apply(wip_event(*row), sign=-1)

    return WipSnapshot(
        seq=seq,
        workstations=[
            WorkstationWip(
                workstation_id=r[0],
                code=r[1],
                name=r[2],
                line_id=r[3],
                count=wip.workstations[r[0]],
            )
            for r in rows
        ],
        not_started=wip.not_started,
        in_progress=wip.in_progress,
        completed=wip.completed,
        scrapped=wip.scrapped,
    )


async def require_line(db: Database, line_id: int) -> None:
    """Raise `NotFound` unless the line exists."""
    async with db.transaction(write=False) as session:
        if await session.get(Line, line_id) is None:
            raise NotFound(f"line {line_id} does not exist")
