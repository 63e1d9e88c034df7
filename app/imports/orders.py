"""Importing production orders: matched by `external_ref` (the ERP's order number, unique);
a new one is numbered like `POST /orders` (PO-0001, …) and pins its route's current
revision and its part's current BOM revision.

The rules are those of `POST /orders` and `PATCH /orders/{number}`: the same schemas
(quantity, priority, dates), `app.orders.rules` for the route and the line,
`app.orders.planning` for the planned start against the due date. An existing order is
updated only while it is `new` or `scheduled` (nothing produced yet): any other status is a
row error `order_not_editable`; its part, route and tracking cannot change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Table, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.imports.common import audit_many, batches, changed, update_many
from app.imports.fields import Field, Kind
from app.imports.pipeline import Context, Parsed, Plan, schema_errors
from app.kit.errors import Invalid
from app.models import (
    BomRevision,
    Counter,
    Line,
    Order,
    OrderStatus,
    Part,
    Route,
    RouteRevision,
    RouteStep,
    Tracking,
    Workstation,
)
from app.models.orders import ORDER_NUMBER_COUNTER
from app.orders import rules
from app.orders.lifecycle import format_number
from app.orders.planning import check_plan, planned_utc
from app.orders.schemas import OrderCreate, OrderUpdate
from app.orders.service import AUDITED

ORDERS = cast(Table, Order.__table__)
EDITABLE = frozenset({OrderStatus.NEW.value, OrderStatus.SCHEDULED.value})
RENAMED = {"part_id": "part", "route_id": "route", "line_id": "line"}
FIXED = ("part_id", "route_id", "tracking")  # what an existing order keeps


@dataclass(frozen=True)
class RouteRow:
    id: int
    code: str
    part_id: int
    revision_id: int


class OrdersTarget:
    name = "orders"
    fields: tuple[Field, ...] = (
        Field("external_ref", Kind.TEXT, "the ERP's order number (the natural key)", key=True),
        Field("part", Kind.TEXT, "part number to build", create=True),
        Field("quantity", Kind.INT, "units to build", create=True),
        Field("route", Kind.TEXT, "route code (optional when the part has one route)"),
        Field("priority", Kind.INT, "1 (highest) to 5 (lowest), default 3"),
        Field("due_date", Kind.DATE, "due date"),
        Field("planned_start", Kind.DATETIME, "planned start"),
        Field("line", Kind.TEXT, "code of the planned line"),
        Field("tracking", Kind.CHOICE, "serial or batch", choices=tuple(t.value for t in Tracking)),
    )

    def key(self, values: dict[str, Any]) -> tuple[Any, ...]:
        return (values["external_ref"],)

    def unique_in_file(self) -> tuple[str, ...]:
        return ()

    async def check(self, ctx: Context, rows: list[Parsed]) -> Plan:
        session = ctx.session
        existing = await _orders(session, {r.values["external_ref"] for r in rows})
        refs = _References(ctx.cache)
        await refs.load(
            session,
            parts={r.values["part"] for r in rows if "part" in r.values},
            routes={r.values["route"] for r in rows if "route" in r.values},
            lines={r.values["line"] for r in rows if "line" in r.values},
            revisions={o["route_revision_id"] for o in existing.values()},
        )
        plan = Plan()
        for r in rows:
            current = existing.get(r.values["external_ref"])
            if current is None:
                self._create(ctx, refs, r, plan)
            else:
                self._update(ctx, refs, r, current, plan)
        return plan

    def _create(self, ctx: Context, refs: _References, r: Parsed, plan: Plan) -> None:
        lay, values = ctx.layout, r.values
        for f in self.fields:
            if f.create and f.name not in values:
                r.error(
                    f.name, "required", f"{lay.column(f.name)} is required for a new order", lay
                )
        if r.errors:
            return
        part = refs.parts.get(values["part"])
        if part is None:
            r.error("part", "unknown_part", f"no part {values['part']!r}", lay)
            return
        requested = None
        if "route" in values:
            requested = refs.routes.get(values["route"])
            if requested is None:
                r.error("route", "unknown_route", f"no route {values['route']!r}", lay)
                return
        try:
            route = rules.pick_route(
                part[0], values["part"], requested, refs.by_part.get(part[0], [])
            )
        except Invalid as exc:
            r.error("route", exc.code, exc.detail, lay)
            return
        line_id = self._line(ctx, refs, r, route.revision_id)
        data = {k: v for k, v in values.items() if k not in ("part", "route", "line")}
        data |= {"part_id": part[0], "route_id": route.id, "line_id": line_id}
        body = schema_errors(OrderCreate, data, r, lay, RENAMED)
        if body is None or r.errors:
            return
        start = self._plan(ctx, r, body.planned_start, body.due_date)
        if r.errors:
            return
        bom = refs.boms.get(part[0])
        plan.creates.append(
            (
                r,
                {
                    "part_id": part[0],
                    "route_id": route.id,
                    "route_revision_id": route.revision_id,
                    "bom_revision_id": bom,
                    "quantity": body.quantity,
                    "priority": body.priority,
                    "due_date": body.due_date,
                    "planned_start": start,
                    "line_id": body.line_id,
                    "external_ref": body.external_ref,
                    "tracking": body.tracking.value,
                    "status": OrderStatus.NEW.value,
                    "started": 0,
                    "completed": 0,
                    "scrapped": 0,
                },
            )
        )

    def _update(
        self, ctx: Context, refs: _References, r: Parsed, current: dict[str, Any], plan: Plan
    ) -> None:
        lay, values = ctx.layout, r.values
        if current["status"] not in EDITABLE:
            r.error(
                "external_ref",
                "order_not_editable",
                f"order {current['number']} is {current['status']}: an import changes only "
                "new or scheduled orders",
                lay,
            )
            return
        part = refs.parts.get(values["part"]) if "part" in values else None
        if "part" in values and (part is None or part[0] != current["part_id"]):
            r.error("part", "invalid_value", f"order {current['number']}'s part cannot change", lay)
        if "route" in values:
            route = refs.routes.get(values["route"])
            if route is None or route.id != current["route_id"]:
                r.error(
                    "route",
                    "invalid_value",
                    f"order {current['number']}'s route cannot change",
                    lay,
                )
        if "tracking" in values and values["tracking"] != current["tracking"]:
            r.error(
                "tracking",
                "invalid_value",
                f"order {current['number']}'s tracking cannot change",
                lay,
            )
        line_id = self._line(ctx, refs, r, current["route_revision_id"])
        if r.errors:
            return
        data = {
            k: v
            for k, v in values.items()
            if k in ("quantity", "priority", "due_date", "planned_start")
        }
        if "line" in values:
            data["line_id"] = line_id
        body = schema_errors(OrderUpdate, data, r, lay, RENAMED)
        if body is None:
            return
        wanted = body.changes()
        if "planned_start" in wanted:
            wanted["planned_start"] = planned_utc(wanted["planned_start"])
        self._plan(
            ctx,
            r,
            wanted.get("planned_start", current["planned_start"]),
            wanted.get("due_date", current["due_date"]),
        )
        if r.errors:
            return
        before, after = changed(current, wanted)
        if after:
            plan.updates.append((r, current["id"], before, after | {"number": current["number"]}))
        else:
            plan.unchanged += 1

    def _line(self, ctx: Context, refs: _References, r: Parsed, revision_id: int) -> int | None:
        code = r.values.get("line")
        if code is None:
            return None
        line_id = refs.lines.get(code)
        if line_id is None:
            r.error("line", "unknown_line", f"no line {code!r}", ctx.layout)
        elif (revision_id, line_id) not in refs.visits:
            r.error("line", "line_not_on_route", rules.line_not_on_route(code).detail, ctx.layout)
        return line_id

    def _plan(self, ctx: Context, r: Parsed, start: Any, due: Any) -> Any:
        try:
            start = planned_utc(start)
            check_plan(start, due, ctx.zone)
        except Invalid as exc:
            message = exc.detail.removeprefix("body.planned_start: ")
            r.error("planned_start", "invalid_value", message, ctx.layout)
        return start

    async def write(self, ctx: Context, plan: Plan) -> None:
        session = ctx.session
        if plan.creates:
            last = await session.scalar(
                update(Counter)
                .where(Counter.name == ORDER_NUMBER_COUNTER)
                .values(value=Counter.value + len(plan.creates))
                .returning(Counter.value)
            )
            assert last is not None, "counters row missing: run migrations"
            first = int(last) - len(plan.creates) + 1
            rows = [
                values | {"number": format_number(first + i)}
                for i, (_, values) in enumerate(plan.creates)
            ]
            await session.execute(insert(ORDERS), rows)
            await audit_many(
                session,
                ctx.actor,
                "order",
                [(row["number"], "create", None, {k: row[k] for k in AUDITED}) for row in rows],
            )
        if plan.updates:
            await update_many(
                session,
                ORDERS,
                [
                    (i, {k: v for k, v in after.items() if k != "number"})
                    for _, i, _, after in plan.updates
                ],
            )
            await audit_many(
                session,
                ctx.actor,
                "order",
                [
                    (
                        after["number"],
                        "update",
                        before,
                        {k: v for k, v in after.items() if k != "number"},
                    )
                    for _, _, before, after in plan.updates
                ],
            )


class _References:
    """Parts, routes, lines, route revisions' lines and current BOM revisions a chunk names,
    each read with one query and kept for the following chunks (`cache`)."""

    def __init__(self, cache: dict[str, Any]) -> None:
        self.parts: dict[str, tuple[int, str]] = cache.setdefault("parts", {})
        self.routes: dict[str, RouteRow] = cache.setdefault("routes", {})
        self.by_part: dict[int, list[RouteRow]] = cache.setdefault("by_part", {})
        self.lines: dict[str, int] = cache.setdefault("lines", {})
        self.visits: set[tuple[int, int]] = cache.setdefault("visits", set())
        self.boms: dict[int, int | None] = cache.setdefault("boms", {})
        self._revisions: set[int] = cache.setdefault("revisions", set())

    async def load(
        self,
        session: AsyncSession,
        *,
        parts: set[str],
        routes: set[str],
        lines: set[str],
        revisions: set[int],
    ) -> None:
        for chunk in batches(parts - self.parts.keys()):
            found = select(Part.number, Part.id, Part.kind).where(Part.number.in_(chunk))
            for number, part_id, kind in (await session.execute(found)).all():
                self.parts[number] = (int(part_id), kind)
        new_parts = {p[0] for p in self.parts.values()} - self.by_part.keys()
        for chunk in batches(new_parts):
            for route in await _routes(session, Route.part_id.in_(chunk)):
                self.by_part.setdefault(route.part_id, []).append(route)
                self.routes.setdefault(route.code, route)
            for part_id in chunk:
                self.by_part.setdefault(part_id, [])
            boms = (
                select(BomRevision.part_id, BomRevision.id)
                .where(BomRevision.part_id.in_(chunk))
                .order_by(BomRevision.part_id, BomRevision.revision)
            )
            for part_id in chunk:
                self.boms.setdefault(part_id, None)
            for part_id, bom_id in (await session.execute(boms)).all():
                self.boms[int(part_id)] = int(bom_id)  # the last is the current revision
        for chunk in batches(routes - self.routes.keys()):
            for route in await _routes(session, Route.code.in_(chunk)):
                self.routes[route.code] = route
        for chunk in batches(lines - self.lines.keys()):
            codes = select(Line.code, Line.id).where(Line.code.in_(chunk))
            self.lines.update({c: int(i) for c, i in (await session.execute(codes)).all()})
        wanted = (revisions | {r.revision_id for r in self.routes.values()}) - self._revisions
        for chunk in batches(wanted):
            steps = (
                select(RouteStep.revision_id, Workstation.line_id)
                .join(Workstation, Workstation.id == RouteStep.workstation_id)
                .where(RouteStep.revision_id.in_(chunk))
                .distinct()
            )
            self.visits.update((int(a), int(b)) for a, b in (await session.execute(steps)).all())
            self._revisions.update(chunk)


async def _routes(session: AsyncSession, where: Any) -> list[RouteRow]:
    stmt = (
        select(Route.id, Route.code, Route.part_id, RouteRevision.id)
        .join(
            RouteRevision,
            (RouteRevision.route_id == Route.id)
            & (RouteRevision.revision == Route.current_revision),
        )
        .where(where)
        .order_by(Route.id)
    )
    return [
        RouteRow(int(a), b, int(c), int(d)) for a, b, c, d in (await session.execute(stmt)).all()
    ]


async def _orders(session: AsyncSession, refs: set[str]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for chunk in batches(refs):
        stmt = select(ORDERS).where(Order.external_ref.in_(chunk))
        for row in (await session.execute(stmt)).all():
            found[row.external_ref] = dict(row._mapping)
    return found
