"""Production report, plant overview and schedule (definitions: docs/reports.md)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, distinct, func, or_, select, union
from sqlalchemy.ext.asyncio import AsyncSession

from app.analytics.sql import prepare
from app.analytics.window import ClosedWindow
from app.kit import crud
from app.kit.window import invalid
from app.models import (
    Batch,
    BatchEvent,
    BatchEventType,
    BatchStatus,
    Issue,
    IssueStatus,
    Line,
    Order,
    OrderStatus,
    Part,
    Shift,
    Unit,
    UnitStatus,
)
from app.reports import buckets as periods
from app.reports import repository as repo
from app.reports.buckets import Bucket, GroupBy
from app.reports.schemas import (
    Overview,
    ProductionReport,
    ProductionRow,
    Schedule,
    ScheduledLine,
    ScheduledOrder,
)
from app.shifts import calendar
from app.shifts import service as shifts

MAX_WINDOW = timedelta(days=400)
MIN_YEAR, MAX_YEAR = 1900, 9000
CSV_COLUMNS = (
    "key",
    "orders_completed",
    "started",
    "completed",
    "scrapped",
    "first_pass_yield",
    "throughput_per_hour",
)


def _bounded(window: ClosedWindow) -> None:
    """At most 400 days, within years 1900-9000 (the plant-local calendar around the window
    must exist)."""
    if window.since.year < MIN_YEAR:
        raise invalid("from", f"the window must start in {MIN_YEAR} or later")
    if window.until.year > MAX_YEAR:
        raise invalid("to", f"the window must end by {MAX_YEAR}")
    if window.until - window.since > MAX_WINDOW:
        raise invalid("to", "the window may span at most 400 days")


def _row(key: str | None, sums: repo.Sums, hours: float) -> ProductionRow:
    finished = sums.completed + sums.scrapped
    return ProductionRow(
        key=key,
        orders_completed=sums.orders_completed,
        started=sums.started,
        completed=sums.completed,
        scrapped=sums.scrapped,
        first_pass_yield=sums.first_pass / finished if finished else None,
        throughput_per_hour=sums.completed / hours if hours > 0 else None,
    )


async def production(
    session: AsyncSession,
    zone: ZoneInfo,
    timezone: str,
    window: ClosedWindow,
    group_by: GroupBy,
    line_id: int | None,
    part_id: int | None,
) -> ProductionReport:
    _bounded(window)
    if line_id is not None:
        await crud.get_or_404(session, Line, line_id, "line")
    if part_id is not None:
        await crud.get_or_404(session, Part, part_id, "part")
    await prepare(session)
    since, until = window.since, window.until
    rows: list[ProductionRow]
    if group_by.is_period:
        found: list[Bucket]
        if group_by == GroupBy.SHIFT:
            patterns = await _shift_patterns(session, line_id)
            found = periods.shifts(
                calendar.expand(patterns, since, until, zone), since, until, zone
            )
        else:
            found = periods.periods(since, until, group_by, zone)
        sums = await repo.by_period(session, since, until, found, line_id, part_id)
        rows = [_row(b.key, sums.get(n, repo.Sums()), b.hours) for n, b in enumerate(found)]
    else:
        hours = (until - since).total_seconds() / 3600
        by = await repo.by_dimension(session, since, until, group_by, line_id, part_id)
        rows = [_row(key, s, hours) for key, s in by]
    return ProductionReport(
        group_by=group_by, since=since, until=until, timezone=timezone, rows=rows
    )


async def _shift_patterns(session: AsyncSession, line_id: int | None) -> list[calendar.Pattern]:
    """The shifts of the line and those of every line; with no line, every shift."""
    stmt = select(Shift).order_by(Shift.id)
    if line_id is not None:
        stmt = stmt.where(or_(Shift.line_id == line_id, Shift.line_id.is_(None)))
    return [shifts.pattern_of(s) for s in (await session.scalars(stmt)).all()]


def as_csv(report: ProductionReport) -> str:
    """The rows as CSV: a header row, then one line per row (empty cell = null)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in report.rows:
        values = row.model_dump()
        writer.writerow(["" if values[c] is None else values[c] for c in CSV_COLUMNS])
    return out.getvalue()


# -- overview ---------------------------------------------------------------------------------


def local_day(now: datetime, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The plant-local day containing `now`, as a UTC interval."""
    today = now.astimezone(zone).date()
    return _midnight(today, zone), _midnight(today + timedelta(days=1), zone)


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    return calendar.to_utc(datetime.combine(day, time()), zone)


def _count(condition: Any) -> Any:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


async def overview(
    session: AsyncSession, zone: ZoneInfo, now: datetime, line_id: int | None
) -> Overview:
    if line_id is not None:
        await crud.get_or_404(session, Line, line_id, "line")
    since, until = local_day(now, zone)
    status = Order.status
    orders = select(
        func.count(),
        _count(status.in_([OrderStatus.RUNNING.value, OrderStatus.PAUSED.value])),
        _count(status.in_([OrderStatus.NEW.value, OrderStatus.SCHEDULED.value])),
        _count(status == OrderStatus.BLOCKED.value),
    ).select_from(Order)
    open_issue = Issue.status.in_([IssueStatus.OPEN.value, IssueStatus.ACKNOWLEDGED.value])
    issues = select(func.count(), _count(Issue.blocking.is_(True))).where(open_issue)
    units_done = (
        select(func.count())
        .select_from(Unit)
        .where(
            Unit.finished_at.isnot(None),
            Unit.finished_at >= since,
            Unit.finished_at < until,
            Unit.status == UnitStatus.COMPLETED.value,
        )
    )
    batch_done = (
        select(func.coalesce(func.sum(BatchEvent.good), 0))
        .join(Batch, Batch.id == BatchEvent.batch_id)
        .where(
            BatchEvent.at >= since,
            BatchEvent.at < until,
            BatchEvent.type == BatchEventType.STEP_COMPLETED.value,
            Batch.status == BatchStatus.COMPLETED.value,
            Batch.step == BatchEvent.step,
        )
    )
    wip_units = select(Unit.line_id.label("line_id")).where(
        Unit.status == UnitStatus.IN_PROGRESS.value, Unit.line_id.isnot(None)
    )
    wip_batches = select(Batch.line_id.label("line_id")).where(
        Batch.status == BatchStatus.IN_PROGRESS.value, Batch.line_id.isnot(None)
    )
    running = select(Order.line_id.label("line_id")).where(
        Order.status == OrderStatus.RUNNING.value, Order.line_id.isnot(None)
    )
    if line_id is not None:
        orders = orders.where(Order.line_id == line_id)
        on_line = select(Order.id).where(Order.line_id == line_id)
        issues = issues.where(or_(Issue.line_id == line_id, Issue.order_id.in_(on_line)))
        units_done = units_done.where(Unit.line_id == line_id)
        batch_done = batch_done.where(Batch.line_id == line_id)
        wip_units = wip_units.where(Unit.line_id == line_id)
        wip_batches = wip_batches.where(Batch.line_id == line_id)
        running = running.where(Order.line_id == line_id)
    lines = union(wip_units, wip_batches, running).subquery()
    active = select(func.count(distinct(lines.c.line_id)))
    total, in_progress, pending, blocked = (await session.execute(orders)).one()
    open_issues, blocking = (await session.execute(issues)).one()
    done = int((await session.execute(units_done)).scalar_one())
    done += int((await session.execute(batch_done)).scalar_one() or 0)
    return Overview(
        orders_total=int(total),
        orders_in_progress=int(in_progress),
        orders_pending=int(pending),
        orders_blocked=int(blocked),
        done_today=done,
        open_issues=int(open_issues),
        blocking_issues=int(blocking),
        active_lines=int((await session.execute(active)).scalar_one()),
    )


# -- schedule ---------------------------------------------------------------------------------

_UNSCHEDULED = (OrderStatus.CANCELLED.value, OrderStatus.REJECTED.value)
MAX_SCHEDULE_ORDERS = 2000


async def schedule(
    session: AsyncSession, zone: ZoneInfo, timezone: str, window: ClosedWindow, line_id: int | None
) -> Schedule:
    """Orders whose span (planned start … end of the due day, either alone a point or a
    day) overlaps the window, per line."""
    _bounded(window)
    if line_id is not None:
        await crud.get_or_404(session, Line, line_id, "line")
    since, until = window.since, window.until
    first_day = since.astimezone(zone).date()
    last_day = (until - timedelta(microseconds=1)).astimezone(zone).date()
    starts_before_end = case(
        (Order.planned_start.isnot(None), Order.planned_start < until),
        else_=Order.due_date <= last_day,
    )
    ends_after_start = case(
        (Order.due_date.isnot(None), Order.due_date >= first_day),
        else_=Order.planned_start >= since,
    )
    stmt = (
        select(Order, Part.number, Line.code)
        .join(Part, Part.id == Order.part_id)
        .outerjoin(Line, Line.id == Order.line_id)
        .where(
            or_(Order.planned_start.isnot(None), Order.due_date.isnot(None)),
            Order.status.not_in(_UNSCHEDULED),
            and_(starts_before_end, ends_after_start),
        )
        .order_by(Order.id)
        .limit(MAX_SCHEDULE_ORDERS)
    )
    if line_id is not None:
        stmt = stmt.where(Order.line_id == line_id)
    lines: dict[int, ScheduledLine] = {}
    unassigned: list[ScheduledOrder] = []
    for order, part_number, code in (await session.execute(stmt)).all():
        item = ScheduledOrder(
            id=order.id,
            number=order.number,
            part_id=order.part_id,
            part_number=part_number,
            status=OrderStatus(order.status),
            priority=order.priority,
            quantity=order.quantity,
            completed=order.completed,
            scrapped=order.scrapped,
            progress=order.completed / order.quantity,
            planned_start=order.planned_start,
            due_date=order.due_date,
        )
        if order.line_id is None:
            unassigned.append(item)
        else:
            entry = lines.setdefault(
                order.line_id, ScheduledLine(line_id=order.line_id, code=code, orders=[])
            )
            entry.orders.append(item)
    for entry in [*lines.values()]:
        entry.orders.sort(key=_on_schedule)
    unassigned.sort(key=_on_schedule)
    return Schedule(
        since=since,
        until=until,
        timezone=timezone,
        lines=sorted(lines.values(), key=lambda x: x.code),
        unassigned=unassigned,
    )


def _on_schedule(item: ScheduledOrder) -> tuple[object, ...]:
    """By planned start, then due date (missing ones last), then number."""
    return (
        item.planned_start is None,
        item.planned_start or datetime.min.replace(tzinfo=UTC),
        item.due_date is None,
        item.due_date or date.min,
        item.id,
    )
