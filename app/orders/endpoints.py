"""HTTP routes for production orders (supervisors and admins write, everyone reads)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, status

from app.auth.principal import OrderPlanner, Reader
from app.db.session import DbCommand, DbSession
from app.kit.pagination import Page, Paging
from app.kit.problems import problem_responses
from app.kit.routing import CommandRoute
from app.kit.schemas import MAX_ID
from app.models import OrderStatus
from app.orders import service
from app.orders.lifecycle import ACTION_SUMMARIES, OrderAction
from app.orders.schemas import OrderActionBody, OrderCreate, OrderOut, OrderSort, OrderUpdate

router = APIRouter(
    prefix="/orders",
    tags=["orders"],
    responses=problem_responses(401, 403),
    route_class=CommandRoute,
)

OrderNumber = Annotated[str, Path(max_length=32, description="order number", examples=["PO-0001"])]


def _out(view: service.OrderView) -> OrderOut:
    return OrderOut.model_validate(view.as_dict())


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=OrderOut,
    responses=problem_responses(409, 422),
)
async def create_order(
    body: OrderCreate, session: DbSession, principal: OrderPlanner, request: Request
) -> OrderOut:
    """Create a production order. It gets the next number (`PO-0001`, …), status `new`, and
    pins the current revision of its route. A planned `line_id` must be a line the route
    visits (422 `line_not_on_route`). An optional `planned_start` (an instant) places it on
    the schedule; its plant-local day may not be after `due_date` (422)."""
    zone = request.app.state.settings.zone
    return _out(await service.create_order(session, principal, body, zone))


@router.get("", response_model=Page[OrderOut], responses=problem_responses(400, 422))
async def list_orders(
    session: DbSession,
    _: Reader,
    paging: Paging,
    status_: Annotated[
        list[OrderStatus] | None,
        Query(alias="status", description="one or more statuses (repeat the parameter)"),
    ] = None,
    part_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    line_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    external_ref: Annotated[str | None, Query(max_length=64)] = None,
    priority: Annotated[int | None, Query(ge=1, le=5)] = None,
    sort: Annotated[
        OrderSort | None,
        Query(
            description="sort by `priority`, `due_date` or `created_at`; a `-` prefix sorts "
            "descending. Ties go by id in the same direction; orders without a due date come "
            "last either way. A cursor continues the sort it came from."
        ),
    ] = None,
) -> Page[OrderOut]:
    """List orders, oldest first, or in the order `sort` names."""
    items, cursor = await service.list_orders(
        session,
        paging,
        statuses=status_ or [],
        part_id=part_id,
        line_id=line_id,
        external_ref=external_ref,
        priority=priority,
        sort=sort,
    )
    return Page(items=[_out(v) for v in items], next_cursor=cursor)


@router.get("/{number}", response_model=OrderOut, responses=problem_responses(404))
async def get_order(number: OrderNumber, session: DbSession, _: Reader) -> OrderOut:
    """One order by its number."""
    return _out(await service.get_order(session, number))


@router.patch("/{number}", response_model=OrderOut, responses=problem_responses(404, 409, 422))
async def update_order(
    number: OrderNumber,
    body: OrderUpdate,
    cmd: DbCommand,
    principal: OrderPlanner,
    request: Request,
) -> OrderOut:
    """Change quantity, priority, due date, line or ERP reference (not once closed, cancelled
    or rejected). Lowering the quantity may complete the order. The line must be one the
    order's route revision visits (422 `line_not_on_route`); the planned start's plant-local
    day may not be after the due date (422)."""
    zone = request.app.state.settings.zone
    return _out(await service.update_order(cmd, principal, number, body, zone))


def _action_endpoint(action: OrderAction) -> Callable[..., Awaitable[OrderOut]]:
    async def endpoint(
        number: OrderNumber,
        cmd: DbCommand,
        principal: OrderPlanner,
        body: OrderActionBody | None = None,
    ) -> OrderOut:
        reason = body.reason if body else None
        open_units = body.open_units if body else None
        view = await service.apply_action(cmd, principal, number, action, reason, open_units)
        return _out(view)

    endpoint.__name__ = f"{action.value}_order"
    endpoint.__doc__ = (
        ACTION_SUMMARIES[action] + " Any other starting status is 409 `illegal_transition` "
        "and changes nothing."
    )
    return endpoint


for _action in OrderAction:
    router.add_api_route(
        f"/{{number}}/{_action.value}",
        _action_endpoint(_action),
        methods=["POST"],
        response_model=OrderOut,
        summary=ACTION_SUMMARIES[_action].split(" (")[0].rstrip("."),
        responses=problem_responses(404, 409, 422),
    )
