"""HTTP routes for quantity batches."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, status

from app.auth.principal import QualityRecorder, Reader, UnitExecutor
from app.batches import measurements, pipeline, service
from app.batches.schemas import BatchMeasurementOut, BatchOut, CompleteStep, CreateBatch
from app.db.session import DbCommand, DbSession
from app.kit.pagination import Page, Paging
from app.kit.problems import problem_responses
from app.kit.routing import CommandRoute
from app.kit.schemas import MAX_ID
from app.models import BatchStatus, MeasurementSource
from app.orders.endpoints import OrderNumber
from app.quality.measurements.schemas import MeasurementIn

router = APIRouter(
    tags=["batches"], responses=problem_responses(401, 403), route_class=CommandRoute
)

BatchId = Annotated[int, Path(ge=1, le=MAX_ID, description="batch id", examples=[1])]
StepSeq = Annotated[int, Path(ge=1, le=10_000, description="route step seq (1-based)")]
_COMMAND_PROBLEMS = problem_responses(404, 409, 422)


@router.post(
    "/batches/{batch_id}/steps/{seq}/start", response_model=BatchOut, responses=_COMMAND_PROBLEMS
)
async def start_batch_step(
    batch_id: BatchId, seq: StepSeq, cmd: DbCommand, principal: UnitExecutor
) -> BatchOut:
    """Start step `seq`: only the batch's next step, once the previous one is done (409
    `step_not_ready` otherwise); 409 `order_not_runnable` unless the order is running,
    `batch_finished` for a finished batch. Operators only on their lines (403)."""
    return await pipeline.start_step(cmd, principal, batch_id, seq)


@router.post(
    "/batches/{batch_id}/steps/{seq}/complete",
    response_model=BatchOut,
    responses=_COMMAND_PROBLEMS,
)
async def complete_batch_step(
    batch_id: BatchId, seq: StepSeq, body: CompleteStep, cmd: DbCommand, principal: UnitExecutor
) -> BatchOut:
    """Complete step `seq` with its `good` and `scrap` quantities, which must add up to the
    step's `quantity_in` (422 `quantity_mismatch`); the next step's `quantity_in` is `good`.
    At a gate step the step's required tests must have passing sample measurements (409
    `tests_incomplete` / `tests_failed`). Scrap is a quality event (with the defect code).
    The last step completes the batch (`good` counts as the order's `completed`); a step
    passing nothing ends it as `scrapped`. 409 `step_not_started` before the start,
    `step_done` when already completed."""
    return await pipeline.complete_step(
        cmd,
        principal,
        batch_id,
        seq,
        good=body.good,
        scrap=body.scrap,
        defect_code=body.defect_code,
        notes=body.notes,
    )


@router.post(
    "/orders/{number}/batches",
    status_code=status.HTTP_201_CREATED,
    response_model=BatchOut,
    responses=_COMMAND_PROBLEMS,
)
async def create_batch(
    number: OrderNumber, body: CreateBatch, cmd: DbCommand, principal: UnitExecutor
) -> BatchOut:
    """Create a batch of `quantity` on a batch order (409 `wrong_tracking` on a serial order).
    A `new` or `scheduled` order starts running; other statuses are 409
    `order_not_runnable`. Scrap may be replaced but nothing over-produced: 409
    `quantity_exceeded` when the order's batch quantities minus its scrap would exceed its
    `quantity`."""
    return await service.create_batch(cmd, principal, number, body)


@router.get(
    "/orders/{number}/batches",
    response_model=Page[BatchOut],
    responses=problem_responses(400, 404, 422),
)
async def list_order_batches(
    number: OrderNumber,
    session: DbSession,
    _: Reader,
    paging: Paging,
    status_: Annotated[BatchStatus | None, Query(alias="status")] = None,
) -> Page[BatchOut]:
    """The order's batches, oldest first, with their steps."""
    items, cursor = await service.list_batches(session, number, paging, status=status_)
    return Page(items=items, next_cursor=cursor)


@router.get("/batches/{batch_id}", response_model=BatchOut, responses=problem_responses(404))
async def get_batch(batch_id: BatchId, session: DbSession, _: Reader) -> BatchOut:
    """One batch with its steps: who started and completed each, when, how long, and the
    quantities."""
    return await service.get_batch(session, batch_id)


@router.post(
    "/batches/{batch_id}/measurements",
    status_code=status.HTTP_201_CREATED,
    response_model=BatchMeasurementOut,
    responses=_COMMAND_PROBLEMS,
)
async def record_batch_measurement(
    batch_id: BatchId, body: MeasurementIn, cmd: DbCommand, principal: QualityRecorder
) -> BatchMeasurementOut:
    """Record a sample measurement of the batch for a test on its route (by id or name),
    judged against the test's limits and logged as an inspection quality event. A gate step
    of the batch completes only when each of its tests' latest sample measurement passed.
    422 `test_not_on_route`, `wrong_value_kind`; 409 `batch_finished`, `order_not_runnable`."""
    default = MeasurementSource.OPERATOR if principal.kind == "user" else MeasurementSource.MACHINE
    return await measurements.record(
        cmd,
        principal,
        batch_id,
        test=body.test,
        value=body.value,
        values=body.values,
        source=(body.source or default).value,
        at=body.at,
    )
