"""HTTP routes for materials: BOM revisions, lots, consumption and readiness."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, status

from app.auth.principal import ConfigAdmin, OrderPlanner, Reader, UnitExecutor
from app.db.session import DbCommand, DbSession
from app.kit.pagination import Page, Paging
from app.kit.problems import problem_responses
from app.kit.routing import CommandRoute
from app.kit.schemas import MAX_ID, Serial
from app.materials import boms, consumption, lots, readiness
from app.materials.schemas import (
    BomOut,
    BomRevisionCreate,
    ConsumeIn,
    ConsumptionOut,
    LotCreate,
    LotHold,
    LotOut,
    LotRelease,
    OrderMaterials,
)
from app.models import LotStatus

router = APIRouter(
    tags=["materials"], responses=problem_responses(401, 403), route_class=CommandRoute
)

PartId = Annotated[int, Path(ge=1, le=MAX_ID, description="part id")]
LotId = Annotated[int, Path(ge=1, le=MAX_ID, description="lot id")]
BatchId = Annotated[int, Path(ge=1, le=MAX_ID, description="batch id", examples=[1])]
Revision = Annotated[int, Path(ge=1, le=2**31 - 1, description="BOM revision number")]
OrderNumber = Annotated[str, Path(max_length=32, description="order number", examples=["PO-0001"])]

_CREATED = status.HTTP_201_CREATED


# -- BOM ------------------------------------------------------------------------------------


@router.post(
    "/parts/{part_id}/bom-revisions",
    status_code=_CREATED,
    response_model=BomOut,
    responses=problem_responses(404, 409, 422),
)
async def create_bom_revision(
    part_id: PartId, body: BomRevisionCreate, session: DbSession, principal: ConfigAdmin
) -> BomOut:
    """Create the part's next BOM revision (1, 2, …) and return it; earlier revisions never
    change and orders keep the one they pinned. 422 `invalid_bom` (the part itself, a part
    listed twice), `wrong_part_kind` (a `product` as component), `unknown_reference`,
    `validation_error` (quantity <= 0, step < 1)."""
    return await boms.revise_bom(session, principal, part_id, body)


@router.get("/parts/{part_id}/bom", response_model=BomOut, responses=problem_responses(404))
async def get_bom(part_id: PartId, session: DbSession, _: Reader) -> BomOut:
    """The part's current (latest) BOM revision; 404 `no_bom` when it has none."""
    return await boms.current_bom(session, part_id)


@router.get(
    "/parts/{part_id}/bom-revisions/{revision}",
    response_model=BomOut,
    responses=problem_responses(404, 422),
)
async def get_bom_revision(
    part_id: PartId, revision: Revision, session: DbSession, _: Reader
) -> BomOut:
    """One BOM revision of the part."""
    return await boms.bom_revision(session, part_id, revision)


# -- lots -----------------------------------------------------------------------------------


@router.post(
    "/lots", status_code=_CREATED, response_model=LotOut, responses=problem_responses(409, 422)
)
async def receive_lot(body: LotCreate, session: DbSession, principal: OrderPlanner) -> LotOut:
    """Receive a lot of a component or material (supervisors, admins). `code` is unique per
    part (409 `duplicate`); a `product` part is 422 `wrong_part_kind`."""
    return await lots.receive_lot(session, principal, body)


@router.get("/lots", response_model=Page[LotOut], responses=problem_responses(400, 422))
async def list_lots(
    session: DbSession,
    _: Reader,
    paging: Paging,
    part_id: Annotated[int | None, Query(ge=1, le=MAX_ID, description="only this part")] = None,
    status: Annotated[LotStatus | None, Query(description="only lots in this status")] = None,
    code: Annotated[str | None, Query(max_length=64, description="exact lot code")] = None,
) -> Page[LotOut]:
    """Lots, oldest first."""
    items, cursor = await lots.list_lots(session, paging, part_id=part_id, status=status, code=code)
    return Page(items=items, next_cursor=cursor)


@router.get("/lots/{lot_id}", response_model=LotOut, responses=problem_responses(404))
async def get_lot(lot_id: LotId, session: DbSession, _: Reader) -> LotOut:
    """One lot with its remaining quantity."""
    return await lots.get_lot(session, lot_id)


@router.post(
    "/lots/{lot_id}/hold", response_model=LotOut, responses=problem_responses(404, 409, 422)
)
async def hold_lot(
    lot_id: LotId, body: LotHold, session: DbSession, principal: OrderPlanner
) -> LotOut:
    """Put an available lot on hold (audited with the reason): consumption refuses it with
    409 `lot_unavailable` until it is released. 409 `illegal_transition` unless available."""
    return await lots.hold_lot(session, principal, lot_id, body.reason)


@router.post(
    "/lots/{lot_id}/release", response_model=LotOut, responses=problem_responses(404, 409, 422)
)
async def release_lot(
    lot_id: LotId, session: DbSession, principal: OrderPlanner, body: LotRelease | None = None
) -> LotOut:
    """Release a lot on hold; 409 `illegal_transition` unless it is on hold."""
    return await lots.release_lot(session, principal, lot_id, body.reason if body else None)


@router.get(
    "/lots/{lot_id}/consumptions",
    response_model=Page[ConsumptionOut],
    responses=problem_responses(400, 404, 422),
)
async def lot_consumptions(
    lot_id: LotId, session: DbSession, _: Reader, paging: Paging
) -> Page[ConsumptionOut]:
    """What was consumed from the lot, oldest first (direct use only; the recall list with
    assemblies is the lot's where-used)."""
    items, cursor = await consumption.lot_consumptions(session, lot_id, paging)
    return Page(items=items, next_cursor=cursor)


# -- consumption ----------------------------------------------------------------------------


@router.post(
    "/units/{serial}/consume",
    status_code=_CREATED,
    response_model=ConsumptionOut,
    responses=problem_responses(404, 409, 422),
)
async def consume_by_unit(
    serial: Serial, body: ConsumeIn, cmd: DbCommand, principal: UnitExecutor
) -> ConsumptionOut:
    """The unit consumes a quantity of a lot at its current step (history `consumed`, event
    `lot.consumed`). The lot's part must be an item of the order's pinned BOM (422
    `not_in_bom`), at the item's step if it names one (409 `step_mismatch`). 409
    `insufficient_quantity` (never below 0, also under concurrent consumption; a used-up lot
    too), `lot_unavailable` (on hold or expired), `unit_finished`, `unit_not_started`,
    `order_not_runnable`; 404 unknown unit or lot."""
    return await consumption.consume_by_unit(cmd, principal, serial, body.lot_id, body.quantity)


@router.post(
    "/batches/{batch_id}/consume",
    status_code=_CREATED,
    response_model=ConsumptionOut,
    responses=problem_responses(404, 409, 422),
)
async def consume_by_batch(
    batch_id: BatchId, body: ConsumeIn, cmd: DbCommand, principal: UnitExecutor
) -> ConsumptionOut:
    """The batch consumes a quantity of a lot at its current step, which must be started
    (409 `step_not_started`; history `batch_consumed`); otherwise as for a unit, with 409
    `batch_finished` for a finished batch."""
    return await consumption.consume_by_batch(cmd, principal, batch_id, body.lot_id, body.quantity)


@router.get(
    "/units/{serial}/consumptions",
    response_model=Page[ConsumptionOut],
    responses=problem_responses(400, 404, 422),
)
async def unit_consumptions(
    serial: Serial, session: DbSession, _: Reader, paging: Paging
) -> Page[ConsumptionOut]:
    """The unit's consumptions, oldest first."""
    items, cursor = await consumption.unit_consumptions(session, serial, paging)
    return Page(items=items, next_cursor=cursor)


@router.get(
    "/batches/{batch_id}/consumptions",
    response_model=Page[ConsumptionOut],
    responses=problem_responses(400, 404, 422),
)
async def batch_consumptions(
    batch_id: BatchId, session: DbSession, _: Reader, paging: Paging
) -> Page[ConsumptionOut]:
    """The batch's consumptions, oldest first."""
    items, cursor = await consumption.batch_consumptions(session, batch_id, paging)
    return Page(items=items, next_cursor=cursor)


# -- readiness ------------------------------------------------------------------------------


@router.get(
    "/orders/{number}/materials", response_model=OrderMaterials, responses=problem_responses(404)
)
async def order_materials(number: OrderNumber, session: DbSession, _: Reader) -> OrderMaterials:
    """Per item of the order's pinned BOM: `required` (per unit x the order's quantity),
    `consumed` (by its units and batches), `available` (Σ remaining of the part's available,
    unexpired lots) and `short` (what is still missing). No BOM: no items."""
    return await readiness.order_materials(session, number)
