"""Batch quantities in the quality figures (docs/analytics-batches.md).

A batch step is one attempt of every item that entered it: completing it says how many of
its `quantity_in` were good and how many scrap, and a batch step is never repeated (no
rework), so each completed step is the first attempt of `quantity_in` items, `good` of them
passed. Items finish when they are scrapped (at the step's completion) or when the batch
completes (its last step's `good`) — or when their order ends early and scraps the batch:
then its good items are scrapped where the batch is, without an attempt (as the units an
order's end scraps: `app.quality.batch_steps`).

One statement: the steps completed in the window (the partial index
`ix_batch_steps_done_at`), joined to the batches for the route revision, line, part and
whether the step finished the batch, and the batches scrapped with their order in the window
(their `batch_scrapped` history rows, `ix_batch_events_at`), each summed per route step and
batch line.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, bindparam, case, exists, func, literal, select, true, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from app.analytics.sql import SINCE as _since
from app.analytics.sql import UNTIL as _until
from app.models import Batch, BatchEvent, BatchStatus, BatchStep, RouteStep
from app.quality.batch_steps import DONE, SCRAPPED_WITH_ORDER, judged

_FINISHES_BATCH = and_(Batch.status == BatchStatus.COMPLETED.value, Batch.step == BatchStep.seq)


@dataclass(frozen=True, slots=True)
class BatchSteps:
    """Batch items of one route revision step, of batches on one line, in the window.

    `attempt`: steps completed there — `quantity_in` items entered them, `good` passed, and
    `completed` of those finished their batch. Otherwise: `quantity_in` items scrapped there
    with their order (no attempt, no good)."""

    revision_id: int
    line_id: int | None
    seq: int
    workstation_id: int
    attempt: bool
    quantity_in: int
    good: int
    completed: int

    @property
    def scrap(self) -> int:
        return self.quantity_in - self.good


def _filtered(stmt: Any, by_part: bool, through_workstation: bool) -> Any:
    if by_part:
        stmt = stmt.where(Batch.part_id == bindparam("part_id", type_=Batch.part_id.type))
    if through_workstation:
        ws = bindparam("workstation_id", type_=RouteStep.workstation_id.type)
        stmt = stmt.where(
            exists().where(
                RouteStep.revision_id == Batch.route_revision_id, RouteStep.workstation_id == ws
            )
        )
    return stmt


def _items(by_part: bool, through_workstation: bool) -> Any:
    steps = (
        select(
            Batch.route_revision_id,
            Batch.line_id,
            BatchStep.seq,
            BatchStep.workstation_id,
            true().label("attempt"),
            func.sum(BatchStep.quantity_in),
            func.sum(BatchStep.good),
            func.sum(case((_FINISHES_BATCH, BatchStep.good), else_=0)),
        )
        .join(Batch, Batch.id == BatchStep.batch_id)
        .where(DONE, BatchStep.completed_at >= _since, BatchStep.completed_at < _until)
        .where(judged())
        .group_by(Batch.route_revision_id, Batch.line_id, BatchStep.seq, BatchStep.workstation_id)
    )
    # The step a scrapped batch was at (in progress, or next to start) names the workstation.
    at_step = and_(BatchStep.batch_id == BatchEvent.batch_id, BatchStep.seq == BatchEvent.step)
    with_order = (
        select(
            Batch.route_revision_id,
            Batch.line_id,
            BatchStep.seq,
            BatchStep.workstation_id,
            literal(False).label("attempt"),
            func.sum(BatchEvent.scrap),
            literal(0),
            literal(0),
        )
        .select_from(BatchEvent)
        .join(Batch, Batch.id == BatchEvent.batch_id)
        .join(BatchStep, at_step)
        .where(
            BatchEvent.type == SCRAPPED_WITH_ORDER,
            BatchEvent.at >= _since,
            BatchEvent.at < _until,
        )
        .group_by(Batch.route_revision_id, Batch.line_id, BatchStep.seq, BatchStep.workstation_id)
    )
    return union_all(
        _filtered(steps, by_part, through_workstation),
        _filtered(with_order, by_part, through_workstation),
    )


_ITEMS = {(p, w): _items(p, w) for p in (False, True) for w in (False, True)}


async def steps_done(
    session: AsyncSession,
    since: datetime,
    until: datetime,
    *,
    part_id: int | None = None,
    through_workstation: int | None = None,
) -> list[BatchSteps]:
    """Batch items in the window per route step and batch line (see `BatchSteps`); with
    `through_workstation`, only of batches whose route has a step there."""
    stmt = _ITEMS[(part_id is not None, through_workstation is not None)]
    params: dict[str, Any] = {"since": since, "until": until}
    if part_id is not None:
        params["part_id"] = part_id
    if through_workstation is not None:
        params["workstation_id"] = through_workstation
    return [
        BatchSteps(
            revision_id=int(revision),
            line_id=None if line is None else int(line),
            seq=int(seq),
            workstation_id=int(workstation),
            attempt=bool(attempt),
            quantity_in=int(quantity or 0),
            good=int(good or 0),
            completed=int(completed or 0),
        )
        for revision, line, seq, workstation, attempt, quantity, good, completed in (
            await session.execute(stmt, params)
        ).all()
    ]
