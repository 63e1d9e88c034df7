"""The quality log's SQL (SQLAlchemy Core): a quality event's row, appending events.

Observations are appended here; unit commands write their events with the transition
(`app.quality.hooks`), a measurement its inspection event in its own statement
(`app.quality.measurements.repository`). All of them write `EVENT_COLUMNS`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, insert, select

from app.db.binding import bound
from app.db.executor import Executor
from app.models import QualityEvent, Workstation

quality_events = cast(Table, QualityEvent.__table__)

# A quality event's columns; a measurement's inspection event takes `measurement_id` from the
# measurement's INSERT.
EVENT_COLUMNS = (
    "type",
    "result",
    "unit_id",
    "batch_id",
    "quantity",
    "order_id",
    "step",
    "workstation_id",
    "defect_code_id",
    "measurement_id",
    "notes",
    "actor",
    "at",
)

_INSERT_EVENT = insert(quality_events).values(**bound(quality_events, EVENT_COLUMNS))
_INSERT_EVENT_RETURNING = _INSERT_EVENT.returning(quality_events.c.id)
_WORKSTATION_LINE = select(Workstation.line_id).where(
    Workstation.id == bindparam("workstation_id", type_=Workstation.id.type)
)


async def insert_event(ex: Executor, row: dict[str, Any]) -> int:
    """Append one quality event; returns its id."""
    return int(await ex.fetchval(_INSERT_EVENT_RETURNING, row))


async def workstation_line(ex: Executor, workstation_id: int) -> int | None:
    """The workstation's line, None when the workstation does not exist."""
    line_id = await ex.fetchval(_WORKSTATION_LINE, {"workstation_id": workstation_id})
    return int(line_id) if line_id is not None else None


async def insert_events(ex: Executor, rows: Sequence[dict[str, Any]]) -> None:
    """Append quality events (rows with every EVENT_COLUMNS key)."""
    if len(rows) == 1:
        await ex.execute(_INSERT_EVENT, rows[0])
    else:
        await ex.execute(_INSERT_EVENT, list(rows))


def inspection_event(
    *,
    result: str | None,
    unit_id: int | None,
    order_id: int | None,
    step: int | None,
    workstation_id: int | None,
    actor: str,
    at: datetime,
    type_: str = "inspection",
    defect_code_id: int | None = None,
    notes: str | None = None,
    measurement_id: int | None = None,
    batch_id: int | None = None,
    quantity: int = 1,
) -> dict[str, Any]:
    return {
        "type": type_,
        "result": result,
        "unit_id": unit_id,
        "batch_id": batch_id,
        "quantity": quantity,
        "order_id": order_id,
        "step": step,
        "workstation_id": workstation_id,
        "defect_code_id": defect_code_id,
        "measurement_id": measurement_id,
        "notes": notes,
        "actor": actor,
        "at": at,
    }
