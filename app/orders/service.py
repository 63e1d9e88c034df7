"""Commands and queries for production orders."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.audit.recorder import changes, fields_of, record
from app.auth.principal import Principal
from app.batches.open_batches import lock_open_batches, scrap_open_batches
from app.db.command import Command
from app.db.executor import Executor
from app.kit import crud
from app.kit.errors import DuplicateKey, IllegalTransition, Invalid, NotFound
from app.kit.pagination import (
    PageParams,
    key_date,
    key_datetime,
    key_int,
    keyset,
    page_of,
    parse_cursor,
)
from app.kit.time import utcnow
from app.labour import repository as labour_repo
from app.materials.boms import current_revision_id
from app.models import Line, Order, OrderStatus, Part, Route
from app.orders import completion, rules
from app.orders import repository as repo
from app.orders.errors import UnitsInProgress
from app.orders.events import emit_status, emit_status_on
from app.orders.lifecycle import FINAL, FINISHED, TRANSITIONS, OrderAction, format_number
from app.orders.open_units import lock_open_units, scrap_open_units
from app.orders.planning import check_plan, planned_utc
from app.orders.schemas import OrderCreate, OrderSort, OrderUpdate
from app.outbox.events import OUTBOX_TOPIC

AUDITED = (
    "number",
    "part_id",
    "route_id",
    "route_revision_id",
    "bom_revision_id",
    "quantity",
    "priority",
    "due_date",
    "planned_start",
    "line_id",
    "external_ref",
    "tracking",
    "status",
)


@dataclass(frozen=True)
class OrderView:
    """An order with the revision numbers of its pinned route and BOM revisions."""

    order: Order
    route_revision: int
    bom_revision: int | None = None

    def as_dict(self) -> dict[str, Any]:
        fields = {c.key: getattr(self.order, c.key) for c in Order.__table__.columns}
        return fields | {"route_revision": self.route_revision, "bom_revision": self.bom_revision}


async def _route_for(session: AsyncSession, part: Part, route_id: int | None) -> Route:
    if route_id is not None:
        requested = await crud.require_reference(session, Route, route_id, "route_id")
        return rules.pick_route(part.id, part.number, requested, [])
    routes = (await session.scalars(select(Route).where(Route.part_id == part.id).limit(2))).all()
    return rules.pick_route(part.id, part.number, None, routes)


async def _require_line(session: AsyncSession, line_id: int, revision_id: int) -> None:
    """The planned line exists and the route revision visits it."""
    line = await crud.require_reference(session, Line, line_id, "line_id")
    if not await repo.route_visits_line(session, revision_id, line_id):
        raise rules.line_not_on_route(line.code)


UTC_ZONE = ZoneInfo("UTC")


async def create_order(
    session: AsyncSession, principal: Principal, data: OrderCreate, zone: ZoneInfo = UTC_ZONE
) -> OrderView:
    """A new order; `zone` (the plant's) tells the planned start's day for the due-date rule."""
    planned_start = planned_utc(data.planned_start)
    check_plan(planned_start, data.due_date, zone)
    part = await crud.require_reference(session, Part, data.part_id, "part_id")
    route = await _route_for(session, part, data.route_id)
    revision = await repo.revision_of(session, route.id, route.current_revision)
    assert revision is not None, f"route {route.id} lost its current revision"
    if data.line_id is not None:
        await _require_line(session, data.line_id, revision.id)
    if data.external_ref is not None and await repo.external_ref_taken(session, data.external_ref):
        raise DuplicateKey(f"an order with external_ref {data.external_ref!r} already exists")
    bom = await current_revision_id(session, part.id)  # pinned like the route revision
    # Last before the insert: the counter row stays locked until commit, keep that short.
    number = format_number(await repo.next_order_number(session))
    order = Order(
        number=number,
        part_id=part.id,
        route_id=route.id,
        route_revision_id=revision.id,
        bom_revision_id=bom[0] if bom else None,
        quantity=data.quantity,
        priority=data.priority,
        due_date=data.due_date,
        planned_start=planned_start,
        line_id=data.line_id,
        external_ref=data.external_ref,
        tracking=data.tracking.value,
        status=OrderStatus.NEW.value,
        started=0,
        completed=0,
        scrapped=0,
    )
    session.add(order)
    await crud.flush(session)
    await record(
        session,
        actor=principal.actor,
        entity_type="order",
        entity_id=number,
        action="create",
        after=fields_of(order, AUDITED),
    )
    return OrderView(order, revision.revision, bom[1] if bom else None)


async def get_order(session: AsyncSession, number: str, *, lock: bool = False) -> OrderView:
    found = await repo.get_by_number(session, number, lock=lock)
    if found is None:
        raise NotFound(f"order {number} does not exist")
    return OrderView(*found)


async def list_orders(
    session: AsyncSession,
    params: PageParams,
    *,
    statuses: list[OrderStatus],
    part_id: int | None = None,
    line_id: int | None = None,
    external_ref: str | None = None,
    priority: int | None = None,
    sort: OrderSort | None = None,
) -> tuple[list[OrderView], str | None]:
    """Orders by id (oldest first), or by `sort`; a page continues after the cursor's key."""
    stmt = repo.status_filter(repo.with_revision(), statuses)
    for column, value in (
        (Order.part_id, part_id),
        (Order.line_id, line_id),
        (Order.external_ref, external_ref),
        (Order.priority, priority),
    ):
        if value is not None:
            stmt = stmt.where(column == value)
    if sort is None:
        rows = (await session.execute(keyset(stmt, Order.id, params))).all()
        items, cursor = page_of(rows, params, lambda row: row[0].id)
    else:
        after = parse_cursor(params, _sort_key(sort))
        page = repo.sorted_page(stmt, sort, after, params.limit)
        rows = (await session.execute(page)).all()
        items, cursor = page_of(rows, params, lambda row: _sort_cursor(sort, row[0]))
    return [OrderView(row[0], row[1], row[2]) for row in items], cursor


def _sort_cursor(sort: OrderSort, order: Order) -> list[Any]:
    """A sorted list's cursor: the sort it belongs to, the order's sort key and id."""
    value = getattr(order, sort.field)
    if isinstance(value, date):  # a due date, or a creation time (a datetime is a date)
        value = value.isoformat()
    return [sort.value, value, order.id]


def _sort_key(sort: OrderSort) -> Callable[[Any], tuple[Any, int]]:
    """Reads a sorted list's cursor (only one issued for the same sort)."""

    def parse(raw: Any) -> tuple[Any, int]:
        name, value, order_id = raw
        if name != sort.value:
            raise ValueError(f"a cursor of sort {name!r}, not {sort.value!r}")
        if sort.field == "priority":
            key: Any = key_int(value, 1, 5)
        elif sort.field == "due_date":
            key = None if value is None else key_date(value)
        else:
            key = key_datetime(value)
        return key, key_int(order_id, 1)

    return parse


async def update_order(
    cmd: Command,
    principal: Principal,
    number: str,
    data: OrderUpdate,
    zone: ZoneInfo = UTC_ZONE,
) -> OrderView:
    """Change an order's planning fields; a lower quantity may complete it."""
    session = await cmd.session()
    view = await get_order(session, number, lock=True)
    order = view.order
    if OrderStatus(order.status) in FINAL:
        raise IllegalTransition(f"order {number} is {order.status} and can no longer change")
    values = data.changes()
    if "planned_start" in values:
        values["planned_start"] = planned_utc(values["planned_start"])
    check_plan(
        values.get("planned_start", order.planned_start),
        values.get("due_date", order.due_date),
        zone,
    )
    if values.get("line_id") is not None:
        await _require_line(session, values["line_id"], order.route_revision_id)
    ref = values.get("external_ref")
    if ref is not None and await repo.external_ref_taken(session, ref, except_id=order.id):
        raise DuplicateKey(f"an order with external_ref {ref!r} already exists")
    before = fields_of(order, tuple(values))
    for name, value in values.items():
        setattr(order, name, value)
    old, new = changes(before, values)
    if new:
        await crud.flush(session)
        await record(
            session,
            actor=principal.actor,
            entity_type="order",
            entity_id=number,
            action="update",
            before=old,
            after=new,
        )
        if "quantity" in new and await complete_if_done(cmd.ex, order.id, principal.actor):
            await session.refresh(order)
    return view


# Why an order's open units were scrapped (their history rows' notes).
CLOSING_NOTES = {
    OrderAction.CANCEL: "order cancelled",
    OrderAction.COMPLETE: "order completed",
}


async def apply_action(
    cmd: Command,
    principal: Principal,
    number: str,
    action: OrderAction,
    reason: str | None = None,
    open_units: str | None = None,
) -> OrderView:
    """Take one lifecycle action; an illegal one is refused and changes nothing.

    An order that ends early takes its open units with it (`app.orders.open_units`): `cancel`
    scraps them; `complete` (the supervisor's override) is refused while units are in
    progress (UnitsInProgress, 409) unless `open_units="scrap"` says to scrap them."""
    if open_units is not None and action not in CLOSING_NOTES:
        raise Invalid(
            f"`open_units` applies to complete and cancel, not {action.value}",
            errors=[{"loc": ["body", "open_units"], "msg": "only for complete and cancel"}],
        )
    session = await cmd.session()
    closing = action in CLOSING_NOTES
    if closing:
        # Units and batches before the order: the order their commands take locks in.
        order_id = await repo.order_id_of(session, number)
        if order_id is not None:
            await lock_open_units(cmd.ex, order_id)
            await lock_open_batches(cmd.ex, order_id)
    view = await get_order(session, number, lock=True)
    order = view.order
    allowed, target = TRANSITIONS[action]
    if OrderStatus(order.status) not in allowed:
        raise IllegalTransition(
            f"cannot {action.value} order {number}: it is {order.status}",
            order_status=order.status,
        )
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    if closing:
        # Again under the order's lock: units generated meanwhile are locked now too.
        count = await lock_open_units(cmd.ex, order.id)
        open_batches, open_quantity = await lock_open_batches(cmd.ex, order.id)
        if (count or open_batches) and action == OrderAction.COMPLETE and open_units != "scrap":
            raise UnitsInProgress(
                f"order {number} has {count} units and {open_batches} batches in progress: "
                'finish or scrap them, or send {"open_units": "scrap"} to scrap them with the '
                "completion",
                units_in_progress=count,
                batches_in_progress=open_batches,
            )
        if count or open_batches:
            # Scrapped without their own commands: their labour is closed here, and what
            # was open counts as scrapped on the order.
            at = utcnow()
            await labour_repo.close_order(cmd.ex, order.id, at, principal.actor)
            scrapped = [
                (open_batches, scrap_open_batches, "open_batches_scrapped"),
                (count, scrap_open_units, "open_units_scrapped"),
            ]
            for how_many, scrap, key in scrapped:
                if how_many:
                    await scrap(
                        cmd.ex,
                        order_id=order.id,
                        order_number=order.number,
                        notes=CLOSING_NOTES[action],
                        actor=principal.actor,
                        at=at,
                    )
                    after[key] = how_many
            before = {"scrapped": order.scrapped}
            order.scrapped = order.scrapped + count + open_quantity
            after["scrapped"] = order.scrapped
            cmd.touch(OUTBOX_TOPIC)
    await set_status(
        session, principal.actor, order, target, action.value, reason, before=before, after=after
    )
    return view


async def set_status(
    session: AsyncSession,
    actor: str,
    order: Order,
    target: OrderStatus,
    action: str,
    reason: str | None = None,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Change the order's status, audit it (`before`/`after`: more changed fields) and
    publish the change (`app.orders.events`)."""
    old: dict[str, Any] = {"status": order.status, **(before or {})}
    await emit_status_on(
        session, order.number, order.status, target.value, action, line_id=order.line_id
    )
    now = utcnow()
    order.status = target.value
    if target == OrderStatus.RUNNING and order.started_at is None:
        order.started_at = now
    if target in FINISHED and order.finished_at is None:
        order.finished_at = now
    await crud.flush(session)
    new: dict[str, Any] = {"status": target.value}
    if reason:
        new["reason"] = reason
    new.update(after or {})
    await record(
        session,
        actor=actor,
        entity_type="order",
        entity_id=order.number,
        action=action,
        before=old,
        after=new,
    )


async def complete_if_done(ex: Executor, order_id: int, actor: str) -> bool:
    """After a change of the order itself (its quantity): the completion rule of
    app.orders.completion, in one conditional UPDATE."""
    row = await ex.fetchrow(completion.COMPLETE_IF_DONE, {"order_id": order_id, "at": utcnow()})
    if row is None:
        return False
    number, line_id = row
    await completion.audit_completion(ex, number, actor)
    await emit_status(
        ex,
        number,
        completion.RUNNING,
        completion.COMPLETE,
        completion.AUTO_COMPLETE,
        line_id=line_id,
    )
    return True
