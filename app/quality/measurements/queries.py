"""Measurement queries: a unit's measurements, measurement series for SPC charts (units'
and batch samples')."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.kit.errors import BadRequest, NotFound
from app.kit.pagination import PageParams, decode_cursor, encode_cursor, keyset, page_of
from app.models import Measurement, MeasurementSource, TestDefinition, Unit, ValueKind
from app.quality.measurements.schemas import MeasurementOut, SpcPoint


async def _unit_id(session: AsyncSession, serial: str) -> int:
    unit_id = await session.scalar(select(Unit.id).where(Unit.serial == serial))
    if unit_id is None:
        raise NotFound(f"unit {serial} does not exist")
    return int(unit_id)


async def unit_measurements(
    session: AsyncSession, serial: str, params: PageParams, *, test_id: int | None = None
) -> tuple[list[MeasurementOut], str | None]:
    """A unit's measurements, oldest first."""
    unit_id = await _unit_id(session, serial)
    stmt = (
        select(Measurement, TestDefinition.name, TestDefinition.kind, TestDefinition.unit)
        .join(TestDefinition, TestDefinition.id == Measurement.test_definition_id)
        .where(Measurement.unit_id == unit_id)
    )
    if test_id is not None:
        stmt = stmt.where(Measurement.test_definition_id == test_id)
    rows = (await session.execute(keyset(stmt, Measurement.id, params))).all()
    items, cursor = page_of(rows, params, lambda row: row[0].id)
    return [
        MeasurementOut(
            id=m.id,
            serial=serial,
            test_id=m.test_definition_id,
            test=name,
            kind=ValueKind(kind),
            unit=unit,
            value=m.value,
            values=m.values,
            lower_limit=m.lower_limit,
            upper_limit=m.upper_limit,
            result=m.result,
            source=MeasurementSource(m.source),
            step=m.step,
            workstation_id=m.workstation_id,
            rework_count=m.rework_count,
            actor=m.actor,
            at=m.at,
            failed_gate=m.failed_gate,
        )
        for m, name, kind, unit in items
    ], cursor


def _time_cursor(params: PageParams) -> tuple[datetime, int] | None:
    """Cursors of time-ordered lists: [at, id]."""
    if params.cursor is None:
        return None
    key = decode_cursor(params.cursor)
    try:
        at, id_ = key
        when = datetime.fromisoformat(at)
        if when.tzinfo is None or isinstance(id_, bool):
            raise ValueError(at)
        return when, int(id_)
    except (TypeError, ValueError, OverflowError) as exc:
        raise BadRequest("the cursor is not one this server issued", code="invalid_cursor") from exc


async def measurement_series(
    session: AsyncSession,
    params: PageParams,
    *,
    test_id: int | None = None,
    workstation_id: int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> tuple[list[SpcPoint], str | None]:
    """Measurements in time order (`at`, then id) with the limits they were judged against:
    of units (with their serial) and batch samples (with their batch)."""
    stmt = select(Measurement, Unit.serial).outerjoin(Unit, Unit.id == Measurement.unit_id)
    if test_id is not None:
        stmt = stmt.where(Measurement.test_definition_id == test_id)
    if workstation_id is not None:
        stmt = stmt.where(Measurement.workstation_id == workstation_id)
    if since is not None:
        stmt = stmt.where(Measurement.at >= since)
    if until is not None:
        stmt = stmt.where(Measurement.at < until)
    after = _time_cursor(params)
    if after is not None:
        at, id_ = after
        stmt = stmt.where(
            or_(Measurement.at > at, and_(Measurement.at == at, Measurement.id > id_))
        )
    stmt = stmt.order_by(Measurement.at, Measurement.id).limit(params.limit + 1)
    rows = (await session.execute(stmt)).all()
    items = rows[: params.limit]
    cursor = None
    if len(rows) > params.limit:
        last = items[-1][0]
        cursor = encode_cursor([last.at.isoformat(), last.id])
    return [
        SpcPoint(
            id=m.id,
            serial=serial,
            batch_id=m.batch_id,
            test_id=m.test_definition_id,
            value=m.value,
            values=m.values,
            mean=m.mean,
            lower_limit=m.lower_limit,
            upper_limit=m.upper_limit,
            result=m.result,
            workstation_id=m.workstation_id,
            at=m.at,
        )
        for m, serial in items
    ], cursor
