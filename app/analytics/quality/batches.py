"""Batch quantities in the quality figures (docs/analytics-batches.md).

A batch step is one attempt of every item that entered it: completing it says how many of
its `quantity_in` were good and how many scrap, and a batch step is never repeated (no
rework), so each completed step is the first attempt of `quantity_in` items, `good` of them
passed. Items finish when they are scrapped (at the step's completion) or when the batch
completes (its last step's `good`). Everything the figures need is in the steps completed in
the window: one grouped statement over the partial index `ix_batch_steps_done_at`, joined to
the batches for the route revision, line, part and whether the step finished the batch.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, bindparam, case, exists, func, literal_column, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.analytics.sql import SINCE as _since
from app.analytics.sql import UNTIL as _until
from app.models import Batch, BatchStatus, BatchStep, BatchStepStatus, RouteStep

# Literals, not parameters: both databases then see that the partial index covers the query.
_DONE = BatchStep.status == literal_column(f"'{BatchStepStatus.DONE.value}'")
_FINISHES_BATCH = and_(Batch.status == BatchStatus.COMPLETED.value, Batch.step == BatchStep.seq)


@dataclass(frozen=True, slots=True)
class BatchSteps:
    """Batch steps of one route revision step completed in the window, of batches on one
    line: the items that entered them, the good ones, and the good ones that finished their
    batch (completed items)."""

    revision_id: int
    line_id: int | None
    seq: int
    workstation_id: int
    quantity_in: int
    good: int
    completed: int

    @property
    def scrap(self) -> int:
        return self.quantity_in - self.good


def _steps_done(by_part: bool, through_workstation: bool) -> Any:
    stmt = (
        select(
            Batch.route_revision_id,
            Batch.line_id,
            BatchStep.seq,
            BatchStep.workstation_id,
            func.sum(BatchStep.quantity_in),
            func.sum(BatchStep.good),
            func.sum(case((_FINISHES_BATCH, BatchStep.good), else_=0)),
        )
        .join(Batch, Batch.id == BatchStep.batch_id)
        .where(_DONE, BatchStep.completed_at >= _since, BatchStep.completed_at < _until)
        .group_by(Batch.route_revision_id, Batch.line_id, BatchStep.seq, BatchStep.workstation_id)
    )
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


_STEPS_DONE = {(p, w): _steps_done(p, w) for p in (False, True) for w in (False, True)}


async def steps_done(
    session: AsyncSession,
    since: datetime,
    until: datetime,
    *,
    part_id: int | None = None,
    through_workstation: int | None = None,
) -> list[BatchSteps]:
    """Batch steps completed in the window, summed per route step and batch line; with
    `through_workstation`, only batches whose route has a step there."""
    stmt = _STEPS_DONE[(part_id is not None, through_workstation is not None)]
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
            quantity_in=int(quantity_in or 0),
            good=int(good or 0),
            completed=int(completed or 0),
        )
        for revision, line, seq, workstation, quantity_in, good, completed in (
            await session.execute(stmt, params)
        ).all()
    ]
