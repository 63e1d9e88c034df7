"""SQL of labour booking (SQLAlchemy Core, through the command's executor).

Clocking on writes the job's row before the entry: `updated_at` of the unit (the batch) is
set, only while it is still at the step and in progress. That makes a clock-on and a move of
the same job conflict on one row — a move judged on a read from before the clock-on fails
its compare-and-set (or, locked, sees the row change: `app.labour.hooks`) and closes the
entry; a clock-on after the move finds the job gone from the step and writes nothing.
Being on the same job twice is refused by the partial unique indexes
`ux_labour_entries_open_unit` / `ux_labour_entries_open_batch`, never by a read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, and_, bindparam, case, insert, literal, select, update

from app.db.binding import bound
from app.db.dialect import seconds_between
from app.db.errors import IntegrityViolation
from app.db.executor import Executor
from app.labour.errors import AlreadyClockedOn
from app.models import (
    Batch,
    BatchStatus,
    BatchStep,
    LabourEntry,
    Order,
    Unit,
    UnitStatus,
    User,
    Workstation,
)

labour = cast(Table, LabourEntry.__table__)
units = cast(Table, Unit.__table__)
batches = cast(Table, Batch.__table__)
batch_steps = cast(Table, BatchStep.__table__)
orders = cast(Table, Order.__table__)
workstations = cast(Table, Workstation.__table__)
users = cast(Table, User.__table__)

OPEN_INDEXES = frozenset({"ux_labour_entries_open_unit", "ux_labour_entries_open_batch"})
_OPEN_COLUMNS = frozenset({"user_id", "step"})


@dataclass(frozen=True, slots=True)
class Job:
    """A unit or a batch at its current step, as a clock-on reads it."""

    unit_id: int | None
    batch_id: int | None
    serial: str | None
    order_id: int
    order_number: str
    order_status: str
    status: str
    step: int
    workstation_id: int | None
    line_id: int | None


_UNIT_JOB = (
    select(
        units.c.id,
        literal(None, type_=batches.c.id.type),
        units.c.serial,
        units.c.order_id,
        orders.c.number,
        orders.c.status,
        units.c.status,
        units.c.step,
        units.c.workstation_id,
        workstations.c.line_id,
    )
    .select_from(units)
    .join(orders, orders.c.id == units.c.order_id)
    .outerjoin(workstations, workstations.c.id == units.c.workstation_id)
    .where(units.c.serial == bindparam("serial", type_=units.c.serial.type))
)
# A batch's current step is `batches.step`; its workstation is the batch step's.
_BATCH_JOB = (
    select(
        literal(None, type_=units.c.id.type),
        batches.c.id,
        literal(None, type_=units.c.serial.type),
        batches.c.order_id,
        orders.c.number,
        orders.c.status,
        batches.c.status,
        batches.c.step,
        batch_steps.c.workstation_id,
        workstations.c.line_id,
    )
    .select_from(batches)
    .join(orders, orders.c.id == batches.c.order_id)
    .outerjoin(
        batch_steps,
        and_(batch_steps.c.batch_id == batches.c.id, batch_steps.c.seq == batches.c.step),
    )
    .outerjoin(workstations, workstations.c.id == batch_steps.c.workstation_id)
    .where(batches.c.id == bindparam("batch_id", type_=batches.c.id.type))
)


async def unit_job(ex: Executor, serial: str) -> Job | None:
    row = await ex.fetchrow(_UNIT_JOB, {"serial": serial})
    return Job(*row) if row else None


async def batch_job(ex: Executor, batch_id: int) -> Job | None:
    row = await ex.fetchrow(_BATCH_JOB, {"batch_id": batch_id})
    return Job(*row) if row else None


_USER = select(users.c.id, users.c.username, users.c.kind, users.c.active).where(
    users.c.id == bindparam("user_id", type_=users.c.id.type)
)


async def user(ex: Executor, user_id: int) -> tuple[int, str, str, bool] | None:
    row = await ex.fetchrow(_USER, {"user_id": user_id})
    return (int(row[0]), str(row[1]), str(row[2]), bool(row[3])) if row else None


# -- clocking on -------------------------------------------------------------------------------

_AT = bindparam("at", type_=labour.c.started_at.type)


def _touch(table: Table, in_progress: str) -> Any:
    """Set the job's `updated_at` while it is still at the step it was read at."""
    return (
        update(table)
        .where(
            table.c.id == bindparam("job_id", type_=table.c.id.type),
            table.c.step == bindparam("at_step", type_=table.c.step.type),
            table.c.status == in_progress,
        )
        .values(updated_at=_AT)
    )


_TOUCH_UNIT = _touch(units, UnitStatus.IN_PROGRESS.value)
_TOUCH_BATCH = _touch(batches, BatchStatus.IN_PROGRESS.value)
ENTRY_COLUMNS = (
    "user_id",
    "username",
    "unit_id",
    "batch_id",
    "order_id",
    "step",
    "workstation_id",
    "started_at",
    "started_by",
)
_INSERT_ENTRY = insert(labour).values(**bound(labour, ENTRY_COLUMNS)).returning(labour.c.id)


def is_open_duplicate(error: IntegrityViolation) -> bool:
    """Whether a constraint violation is the one-open-entry-per-person-and-job rule (named
    by PostgreSQL; SQLite names the index's table and columns)."""
    if error.rule != "unique":
        return False
    if error.constraint is not None:
        return error.constraint in OPEN_INDEXES
    return error.table == labour.name and set(error.columns) >= _OPEN_COLUMNS


async def open_entry(
    ex: Executor, job: Job, user_id: int, username: str, at: datetime, actor: str
) -> int | None:
    """Insert the open entry (AlreadyClockedOn when the person is on the job already); None
    when the job has left the step it was read at (nothing written)."""
    touch = _TOUCH_UNIT if job.unit_id is not None else _TOUCH_BATCH
    job_id = job.unit_id if job.unit_id is not None else job.batch_id
    if await ex.execute(touch, {"job_id": job_id, "at_step": job.step, "at": at}) != 1:
        return None
    values = {
        "user_id": user_id,
        "username": username,
        "unit_id": job.unit_id,
        "batch_id": job.batch_id,
        "order_id": job.order_id,
        "step": job.step,
        "workstation_id": job.workstation_id,
        "started_at": at,
        "started_by": actor,
    }
    try:
        return int(await ex.fetchval(_INSERT_ENTRY, values))
    except IntegrityViolation as exc:
        if is_open_duplicate(exc):
            raise AlreadyClockedOn(
                f"{username} is already clocked on to this job at step {job.step}",
                user_id=user_id,
                step=job.step,
            ) from exc
        raise


# -- clocking off ------------------------------------------------------------------------------


def _elapsed() -> Any:
    """Seconds from the entry's start to `at`, never negative (clocks of several processes
    may disagree by a little)."""
    seconds = seconds_between(labour.c.started_at, _AT)
    return case((seconds < 0, 0.0), else_=seconds)


_CLOSE_VALUES = {
    "ended_at": _AT,
    "seconds": _elapsed(),
    "ended_by": bindparam("actor", type_=labour.c.ended_by.type),
}
_OPEN = labour.c.ended_at.is_(None)
_CLOSE_ENTRY = (
    update(labour)
    .where(labour.c.id == bindparam("entry_id", type_=labour.c.id.type), _OPEN)
    .values(**_CLOSE_VALUES)
    .returning(labour.c.ended_at, labour.c.seconds, labour.c.ended_by)
)
_STEP = bindparam("at_step", type_=labour.c.step.type)
_CLOSE_UNIT_JOB = (
    update(labour)
    .where(
        labour.c.unit_id == bindparam("job_id", type_=labour.c.unit_id.type),
        labour.c.step == _STEP,
        _OPEN,
    )
    .values(**_CLOSE_VALUES)
)
_CLOSE_BATCH_JOB = (
    update(labour)
    .where(
        labour.c.batch_id == bindparam("job_id", type_=labour.c.batch_id.type),
        labour.c.step == _STEP,
        _OPEN,
    )
    .values(**_CLOSE_VALUES)
)


_CLOSE_ORDER = (
    update(labour)
    .where(labour.c.order_id == bindparam("of_order", type_=labour.c.order_id.type), _OPEN)
    .values(**_CLOSE_VALUES)
)


async def close_order(ex: Executor, order_id: int, at: datetime, actor: str) -> int:
    """Close every open entry on the order's jobs (for an order that ends early and scraps
    its open units and batches without their commands); how many there were."""
    return await ex.execute(_CLOSE_ORDER, {"of_order": order_id, "at": at, "actor": actor})


async def close_entry(
    ex: Executor, entry_id: int, at: datetime, actor: str
) -> tuple[datetime, float, str] | None:
    """Close one open entry: its (ended_at, seconds, ended_by); None when it was closed."""
    row = await ex.fetchrow(_CLOSE_ENTRY, {"entry_id": entry_id, "at": at, "actor": actor})
    return (row[0], float(row[1]), str(row[2])) if row else None


async def close_job(
    ex: Executor,
    *,
    unit_id: int | None = None,
    batch_id: int | None = None,
    step: int,
    at: datetime,
    actor: str,
) -> int:
    """Close every open entry on a unit's or a batch's step; how many there were."""
    stmt = _CLOSE_UNIT_JOB if unit_id is not None else _CLOSE_BATCH_JOB
    job_id = unit_id if unit_id is not None else batch_id
    return await ex.execute(stmt, {"job_id": job_id, "at_step": step, "at": at, "actor": actor})


# -- one entry, as the API shows it --------------------------------------------------------------

ENTRY_OUT = (
    labour.c.id,
    labour.c.user_id,
    labour.c.username,
    units.c.serial,
    labour.c.batch_id,
    orders.c.number,
    labour.c.step,
    labour.c.workstation_id,
    labour.c.started_at,
    labour.c.ended_at,
    labour.c.seconds,
    labour.c.started_by,
    labour.c.ended_by,
)
ENTRY_FROM = labour.outerjoin(units, units.c.id == labour.c.unit_id).join(
    orders, orders.c.id == labour.c.order_id
)
_ENTRY = (
    select(*ENTRY_OUT)
    .select_from(ENTRY_FROM)
    .where(labour.c.id == bindparam("entry_id", type_=labour.c.id.type))
)


async def entry(ex: Executor, entry_id: int) -> dict[str, Any] | None:
    """One entry with its unit's serial and order number (the API's fields)."""
    row = await ex.fetchrow(_ENTRY, {"entry_id": entry_id})
    return entry_fields(row) if row else None


def entry_fields(row: Any) -> dict[str, Any]:
    """An `ENTRY_OUT` row as `LabourEntryOut`'s fields."""
    keys = (
        "id",
        "user_id",
        "user",
        "serial",
        "batch_id",
        "order",
        "step",
        "workstation_id",
        "started_at",
        "ended_at",
        "seconds",
        "started_by",
        "ended_by",
    )
    return dict(zip(keys, row, strict=True))
