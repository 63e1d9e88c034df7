"""Commands and queries for shifts (the plant calendar) and downtime reasons."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from app.audit import crud as audited
from app.auth.principal import Principal
from app.kit import crud
from app.kit.errors import Conflict, Invalid
from app.kit.pagination import PageParams
from app.kit.window import Window, invalid
from app.models import DowntimeCategory, DowntimeReason, Line, Shift
from app.shifts import calendar
from app.shifts.schemas import (
    DowntimeReasonCreate,
    DowntimeReasonUpdate,
    ShiftCreate,
    ShiftUpdate,
)

SHIFT_FIELDS = ("name", "start", "end", "days", "line_id", "breaks")
REASON_FIELDS = ("code", "name", "category")
MAX_CALENDAR = timedelta(days=366)
# Serializes shift writes on PostgreSQL (the overlap rule spans rows; SQLite commands are
# serialized by its single writer already).
SHIFTS_LOCK = 0x5348_4946_5453  # "SHIFTS"


def pattern_of(shift: Shift) -> calendar.Pattern:
    return calendar.Pattern(
        id=shift.id,
        name=shift.name,
        line_id=shift.line_id,
        start=calendar.minutes(shift.start),
        end=calendar.minutes(shift.end),
        days=tuple(shift.days),
        breaks=tuple(
            (calendar.minutes(b["start"]), calendar.minutes(b["end"])) for b in shift.breaks
        ),
    )


async def _lock_shifts(session: AsyncSession) -> None:
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(text(f"SELECT pg_advisory_xact_lock({SHIFTS_LOCK})"))


async def _check(session: AsyncSession, values: dict[str, Any], own_id: int | None) -> None:
    """Breaks within the shift; no overlap with another shift for a common line."""
    if values["line_id"] is not None:
        await crud.require_reference(session, Line, values["line_id"], "line_id")
    candidate = calendar.Pattern(
        id=own_id or 0,
        name=values["name"],
        line_id=values["line_id"],
        start=calendar.minutes(values["start"]),
        end=calendar.minutes(values["end"]),
        days=tuple(values["days"]),
        breaks=tuple(
            (calendar.minutes(b["start"]), calendar.minutes(b["end"])) for b in values["breaks"]
        ),
    )
    problem = calendar.break_problem(candidate)
    if problem is not None:
        raise Invalid(
            f"body.breaks: {problem}", errors=[{"loc": ["body", "breaks"], "msg": problem}]
        )
    for other in (await session.scalars(select(Shift).order_by(Shift.id))).all():
        if other.id == own_id or not calendar.same_lines(other.line_id, candidate.line_id):
            continue
        if calendar.overlaps(candidate, pattern_of(other)):
            raise Conflict(
                f"the shift overlaps shift {other.id} ({other.name}) on a common line",
                code="shift_overlap",
                shift_id=other.id,
            )


async def create_shift(session: AsyncSession, principal: Principal, data: ShiftCreate) -> Shift:
    await _lock_shifts(session)
    values = data.model_dump()
    await _check(session, values, None)
    return await audited.create(
        session, principal, Shift(**values), entity_type="shift", audited=SHIFT_FIELDS
    )


async def get_shift(session: AsyncSession, shift_id: int) -> Shift:
    return await crud.get_or_404(session, Shift, shift_id, "shift")


async def list_shifts(
    session: AsyncSession, params: PageParams, *, line_id: int | None = None
) -> tuple[list[Shift], str | None]:
    stmt = select(Shift)
    if line_id is not None:
        stmt = stmt.where(Shift.line_id == line_id)
    return await crud.list_page(session, stmt, Shift, params)


async def update_shift(
    session: AsyncSession, principal: Principal, shift_id: int, data: ShiftUpdate
) -> Shift:
    await _lock_shifts(session)
    shift = await get_shift(session, shift_id)
    changes = data.changes()
    merged = {name: changes.get(name, getattr(shift, name)) for name in SHIFT_FIELDS}
    await _check(session, merged, shift.id)
    return await audited.update(session, principal, shift, changes, entity_type="shift")


async def delete_shift(session: AsyncSession, principal: Principal, shift_id: int) -> None:
    shift = await get_shift(session, shift_id)
    await audited.delete(session, principal, shift, entity_type="shift", audited=SHIFT_FIELDS)


# -- the calendar -----------------------------------------------------------------------------


async def _patterns(
    session: AsyncSession, line_id: int | None, *, every_line: bool
) -> Sequence[calendar.Pattern]:
    """Shifts applying to `line_id` (its own and the all-lines ones); with no line, every
    shift (`every_line`) or only the all-lines ones."""
    stmt = select(Shift).order_by(Shift.id)
    if line_id is not None:
        await crud.get_or_404(session, Line, line_id, "line")
        stmt = stmt.where(or_(Shift.line_id == line_id, Shift.line_id.is_(None)))
    elif not every_line:
        stmt = stmt.where(Shift.line_id.is_(None))
    return [pattern_of(s) for s in (await session.scalars(stmt)).all()]


async def current_instance(
    session: AsyncSession, zone: ZoneInfo, now: datetime, line_id: int | None
) -> calendar.Instance | None:
    return calendar.current(await _patterns(session, line_id, every_line=False), now, zone)


async def shift_calendar(
    session: AsyncSession, zone: ZoneInfo, window: Window, line_id: int | None
) -> list[calendar.Instance]:
    if window.since is None:
        raise invalid("from", "`from` is required")
    if window.until is None:
        raise invalid("to", "`to` is required")
    if window.until - window.since > MAX_CALENDAR:
        raise invalid("to", "the window may span at most 366 days")
    patterns = await _patterns(session, line_id, every_line=True)
    return calendar.expand(patterns, window.since, window.until, zone)


# -- downtime reasons -------------------------------------------------------------------------


async def create_reason(
    session: AsyncSession, principal: Principal, data: DowntimeReasonCreate
) -> DowntimeReason:
    return await audited.create(
        session,
        principal,
        DowntimeReason(**data.model_dump(mode="json")),
        entity_type="downtime_reason",
        audited=REASON_FIELDS,
    )


async def get_reason(session: AsyncSession, reason_id: int) -> DowntimeReason:
    return await crud.get_or_404(session, DowntimeReason, reason_id, "downtime reason")


async def list_reasons(
    session: AsyncSession,
    params: PageParams,
    *,
    code: str | None = None,
    category: DowntimeCategory | None = None,
) -> tuple[list[DowntimeReason], str | None]:
    stmt = select(DowntimeReason)
    if code is not None:
        stmt = stmt.where(DowntimeReason.code == code)
    if category is not None:
        stmt = stmt.where(DowntimeReason.category == category.value)
    return await crud.list_page(session, stmt, DowntimeReason, params)


async def update_reason(
    session: AsyncSession, principal: Principal, reason_id: int, data: DowntimeReasonUpdate
) -> DowntimeReason:
    reason = await get_reason(session, reason_id)
    values = {
        k: v.value if isinstance(v, DowntimeCategory) else v for k, v in data.changes().items()
    }
    return await audited.update(session, principal, reason, values, entity_type="downtime_reason")


async def delete_reason(session: AsyncSession, principal: Principal, reason_id: int) -> None:
    """Refused (`in_use`) while machine states name the reason."""
    reason = await get_reason(session, reason_id)
    await audited.delete(
        session, principal, reason, entity_type="downtime_reason", audited=REASON_FIELDS
    )
