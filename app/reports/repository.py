"""The report's SQL: one statement per request.

`facts` is every countable event in the window, one row each (already narrowed to the line
and part): units created (started 1, from their `created` history row) and finished
(completed or scrapped 1, first-pass 1 when completed never reworked), batch history rows
(created: its quantity started; a step completed: its scrap, and its good when that step
finished the batch; scrapped with its order: its scrap), and orders completed or closed
(orders_completed 1). Periods sum `facts` per elementary interval of the buckets' UTC bounds
(computed in Python in the plant's time zone, passed as parameters), folded into the buckets
in Python; lines and parts sum per line or part.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    DateTime,
    Integer,
    Select,
    and_,
    bindparam,
    case,
    func,
    literal,
    literal_column,
    select,
    union_all,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession

from app.analytics.sql import SINCE, UNTIL, is_postgres
from app.db.base import UTCDateTime
from app.models import (
    Batch,
    BatchEvent,
    BatchEventType,
    BatchStatus,
    EventType,
    Line,
    Order,
    OrderStatus,
    Part,
    Unit,
    UnitEvent,
    UnitStatus,
)
from app.reports.buckets import Bucket, GroupBy

MEASURES = ("started", "completed", "scrapped", "first_pass", "orders_completed")
_ZERO: Any = literal_column("0")
_ONE: Any = literal_column("1")
_COMPLETED: Any = literal_column(f"'{UnitStatus.COMPLETED.value}'")
_SCRAPPED: Any = literal_column(f"'{UnitStatus.SCRAPPED.value}'")
_CREATED: Any = literal_column(f"'{EventType.CREATED.value}'")


@dataclass(frozen=True)
class Sums:
    started: int = 0
    completed: int = 0
    scrapped: int = 0
    first_pass: int = 0
    orders_completed: int = 0


def _narrow(
    stmt: Select[Any], line: Any, part: Any, line_id: int | None, part_id: int | None
) -> Any:
    if line_id is not None:
        stmt = stmt.where(line == line_id)
    if part_id is not None:
        stmt = stmt.where(part == part_id)
    return stmt


def _facts(line_id: int | None, part_id: int | None) -> Any:
    def row(at: Any, line: Any, part: Any, *values: Any) -> list[Any]:
        return [at.label("at"), line.label("line_id"), part.label("part_id")] + [
            v.label(n) for v, n in zip(values, MEASURES, strict=True)
        ]

    # A unit's `created` history row, not `units.created_at`: an index on the units table
    # would take a new entry on every move (the row is rewritten), the partial index on
    # `created` events only one per unit. The literal keeps the partial index usable.
    started_units = (
        select(*row(UnitEvent.at, Unit.line_id, Unit.part_id, _ONE, _ZERO, _ZERO, _ZERO, _ZERO))
        .join(Unit, Unit.id == UnitEvent.unit_id)
        .where(UnitEvent.type == _CREATED, UnitEvent.at >= SINCE, UnitEvent.at < UNTIL)
    )
    done = Unit.status == _COMPLETED
    finished_units = select(
        *row(
            Unit.finished_at,
            Unit.line_id,
            Unit.part_id,
            _ZERO,
            case((done, 1), else_=0),
            case((Unit.status == _SCRAPPED, 1), else_=0),
            case((and_(done, Unit.rework_count == 0), 1), else_=0),
            _ZERO,
        )
    ).where(
        Unit.finished_at.isnot(None),
        Unit.finished_at >= SINCE,
        Unit.finished_at < UNTIL,
        Unit.status.in_([_COMPLETED, _SCRAPPED]),
    )
    created = BatchEvent.type == BatchEventType.CREATED.value
    step_done = BatchEvent.type == BatchEventType.STEP_COMPLETED.value
    finishes = and_(
        step_done, Batch.status == BatchStatus.COMPLETED.value, Batch.step == BatchEvent.step
    )
    good = case((finishes, func.coalesce(BatchEvent.good, 0)), else_=0)
    batch_rows = (
        select(
            *row(
                BatchEvent.at,
                Batch.line_id,
                Batch.part_id,
                case((created, func.coalesce(BatchEvent.quantity, Batch.quantity)), else_=0),
                good,
                case((created, 0), else_=func.coalesce(BatchEvent.scrap, 0)),
                good,
                _ZERO,
            )
        )
        .join(Batch, Batch.id == BatchEvent.batch_id)
        .where(
            BatchEvent.at >= SINCE,
            BatchEvent.at < UNTIL,
            BatchEvent.type.in_(
                [
                    BatchEventType.CREATED.value,
                    BatchEventType.STEP_COMPLETED.value,
                    BatchEventType.SCRAPPED.value,
                ]
            ),
        )
    )
    orders = select(
        *row(Order.finished_at, Order.line_id, Order.part_id, _ZERO, _ZERO, _ZERO, _ZERO, _ONE)
    ).where(
        Order.status.in_([OrderStatus.COMPLETE.value, OrderStatus.CLOSED.value]),
        Order.finished_at >= SINCE,
        Order.finished_at < UNTIL,
    )
    parts = [
        _narrow(started_units, Unit.line_id, Unit.part_id, line_id, part_id),
        _narrow(finished_units, Unit.line_id, Unit.part_id, line_id, part_id),
        _narrow(batch_rows, Batch.line_id, Batch.part_id, line_id, part_id),
        _narrow(orders, Order.line_id, Order.part_id, line_id, part_id),
    ]
    return union_all(*parts).subquery("facts")


def _segment(at: Any, bounds: Sequence[datetime], postgres: bool) -> Any:
    """Which elementary interval `at` falls in: k when bounds[k-1] <= at < bounds[k] (0 before
    the first bound, len(bounds) after the last). PostgreSQL: `width_bucket` over the array
    (a binary search); SQLite: a CASE over the bounds."""
    if postgres:
        array = bindparam("bounds", list(bounds), type_=ARRAY(DateTime(timezone=True)))
        return func.width_bucket(at, array)
    whens = [(at < literal(bound, UTCDateTime()), n) for n, bound in enumerate(bounds)]
    return case(*whens, else_=len(bounds))


def _fold(
    buckets: Sequence[Bucket], bounds: list[datetime], rows: Sequence[Any]
) -> dict[int, Sums]:
    """Each bucket's sums from the sums per elementary interval (and line)."""
    position = {bound: n for n, bound in enumerate(bounds)}
    out: dict[int, Sums] = {}
    for n, b in enumerate(buckets):
        first, last = position[b.since] + 1, position[b.until]
        totals = [0] * len(MEASURES)
        for segment, line, *values in rows:
            if first <= segment <= last and (b.line_id is None or line == b.line_id):
                totals = [t + int(v) for t, v in zip(totals, values, strict=True)]
        if any(totals):
            out[n] = Sums(*totals)
    return out


def _sums(facts: Any) -> list[Any]:
    return [func.coalesce(func.sum(facts.c[m]), 0).label(m) for m in MEASURES]


async def by_period(
    session: AsyncSession,
    since: datetime,
    until: datetime,
    buckets: Sequence[Bucket],
    line_id: int | None,
    part_id: int | None,
) -> dict[int, Sums]:
    """Sums per bucket index (buckets without anything are left out).

    The database sums the facts per elementary interval of the buckets' bounds (per line as
    well when a bucket is one line's shift): a few hundred rows at most, which are folded into
    the buckets here (buckets may overlap: shifts of different lines)."""
    if not buckets:
        return {}
    bounds = sorted({b.since for b in buckets} | {b.until for b in buckets})
    facts = _facts(line_id, part_id)
    segment = _segment(facts.c.at, bounds, is_postgres(session)).label("segment")
    per_line = any(b.line_id is not None for b in buckets)
    line = facts.c.line_id if per_line else literal(None, Integer)
    keys = [segment, facts.c.line_id] if per_line else [segment]
    stmt = select(segment, line.label("line"), *_sums(facts)).group_by(*keys)
    rows = (await session.execute(stmt, {"since": since, "until": until})).all()
    return _fold(buckets, bounds, rows)


async def by_dimension(
    session: AsyncSession,
    since: datetime,
    until: datetime,
    group_by: GroupBy,
    line_id: int | None,
    part_id: int | None,
) -> list[tuple[str | None, Sums]]:
    """Sums per line (its code) or part (its number), by code; no line last (key null)."""
    facts = _facts(line_id, part_id)
    table: Any
    if group_by == GroupBy.LINE:
        table, column, name = Line, facts.c.line_id, Line.code
    else:
        table, column, name = Part, facts.c.part_id, Part.number
    stmt = (
        select(name, *_sums(facts))
        .select_from(facts)
        .outerjoin(table, table.id == column)
        .group_by(column, name)
        .order_by(name.is_(None), name)
    )
    rows = await session.execute(stmt, {"since": since, "until": until})
    return [(r[0], Sums(*(int(v) for v in r[1:]))) for r in rows.all()]
