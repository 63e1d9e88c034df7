"""The quality log written by unit commands: gate decisions, rework and scrap.

The `quality.inspection_log` hook (`app.quality.hooks`) turns a unit command's history rows
into quality events, written with the transition; the alert rules are evaluated on them
afterwards. A move has no quality event and costs nothing here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from app.models import EventType, QualityEventType
from app.quality.inspections import repository as repo
from app.transitions.state import BatchChange

# History event → (quality event type, inspection result).
_QUALITY_OF: dict[str, tuple[str, str | None]] = {
    EventType.GATE_PASSED.value: (QualityEventType.INSPECTION.value, "pass"),
    EventType.GATE_FAILED.value: (QualityEventType.INSPECTION.value, "fail"),
    EventType.REWORKED.value: (QualityEventType.REWORK.value, None),
    EventType.SCRAPPED.value: (QualityEventType.SCRAP.value, None),
}


def from_history(history: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The quality events of a unit command's history rows (at the step the unit was at)."""
    events = []
    for row in history:
        quality = _QUALITY_OF.get(row["type"])
        if quality is not None:
            events.append(
                repo.inspection_event(
                    type_=quality[0],
                    result=quality[1],
                    unit_id=row["unit_id"],
                    order_id=row["order_id"],
                    step=row["from_step"],
                    workstation_id=row["from_workstation_id"],
                    defect_code_id=row["defect_code_id"],
                    notes=row["notes"],
                    actor=row["actor"],
                    at=row["at"],
                )
            )
    return events


def from_batch(change: BatchChange) -> list[dict[str, Any]]:
    """The quality events of a batch step's completion, counted by quantity: a gate step's
    inspection pass of the good quantity, and the scrapped quantity as one scrap event (with
    the command's defect code)."""
    if change.good is None:
        return []
    state, events = change.state, []

    def event(type_: str, result: str | None, quantity: int) -> dict[str, Any]:
        return repo.inspection_event(
            type_=type_,
            result=result,
            unit_id=None,
            batch_id=state.id,
            quantity=quantity,
            order_id=state.order_id,
            step=state.seq,
            workstation_id=state.workstation_id,
            defect_code_id=None if result == "pass" else change.defect_code_id,
            notes=change.notes,
            actor=change.actor,
            at=change.at,
        )

    if state.is_gate and change.good > 0:
        events.append(event(QualityEventType.INSPECTION.value, "pass", change.good))
    if change.scrap > 0:
        events.append(event(QualityEventType.SCRAP.value, None, change.scrap))
    return events
