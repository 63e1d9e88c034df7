"""Batches as the API shows them: from rows read back, or from a command's read and change
(so a step command answers without reading the batch again)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from app.batches import rules
from app.batches.schemas import BatchOut, BatchStepOut
from app.models import BatchStatus, BatchStepStatus
from app.transitions.state import Action, BatchChange, BatchState

# The step fields, in the order of the batch read's JSON and of `BatchStepOut`.
STEP_FIELDS = (
    "seq",
    "name",
    "workstation_id",
    "is_gate",
    "status",
    "quantity_in",
    "good",
    "scrap",
    "defect_code",
    "notes",
    "started_at",
    "started_by",
    "completed_at",
    "completed_by",
    "seconds",
)
_TIMES = ("started_at", "completed_at")


def _time(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    at = datetime.fromisoformat(value)
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at


def step_of(values: Sequence[Any]) -> dict[str, Any]:
    """A step as a dict of `STEP_FIELDS` (from a row, or from the JSON of the read)."""
    step = dict(zip(STEP_FIELDS, values, strict=True))
    step["is_gate"] = bool(step["is_gate"])
    step["status"] = BatchStepStatus(step["status"])
    for name in _TIMES:
        step[name] = _time(step[name])
    return step


def steps_from_json(text: str) -> list[dict[str, Any]]:
    return sorted((step_of(v) for v in json.loads(text)), key=lambda s: int(s["seq"]))


def batch_out(row: Sequence[Any], steps: Sequence[dict[str, Any]]) -> BatchOut:
    """A batch from `queries.BATCH_COLUMNS` and its steps."""
    (id_, order, quantity, status, step, good, scrap, notes, by, created, updated, finished) = row
    return BatchOut(
        id=id_,
        order=order,
        quantity=quantity,
        status=status,
        step=step,
        good=good,
        scrap=scrap,
        notes=notes,
        created_by=by,
        created_at=created,
        updated_at=updated,
        finished_at=finished,
        steps=[BatchStepOut(**s) for s in steps],
    )


def after_change(
    change: BatchChange,
    steps: list[dict[str, Any]],
    *,
    created_at: datetime,
    created_by: str,
    notes: str | None,
    defect_code: str | None,
) -> BatchOut:
    """The batch as a step command left it: the read, with the change applied."""
    state: BatchState = change.state
    for step in steps:
        if step["seq"] == state.seq:
            step.update(rules.step_values(change))
            step["status"] = BatchStepStatus(step["status"])
            step.pop("defect_code_id", None)
            if change.action is Action.BATCH_COMPLETE:
                step["defect_code"] = defect_code
        elif change.good and step["seq"] == state.seq + 1 and change.status == rules.IN_PROGRESS:
            step["quantity_in"] = change.good
    values = rules.batch_values(change)
    # Built from what the database returned and the rules computed: no validation needed.
    return BatchOut.model_construct(
        id=state.id,
        order=state.order_number,
        quantity=state.quantity,
        status=BatchStatus(values["status"]),
        step=values["step"],
        good=values["good"],
        scrap=values["scrap"],
        notes=notes,
        created_by=created_by,
        created_at=created_at,
        updated_at=values["updated_at"],
        finished_at=values["finished_at"],
        steps=[BatchStepOut.model_construct(**s) for s in steps],
    )


def as_read(
    state: BatchState,
    steps: list[dict[str, Any]],
    *,
    created_at: datetime,
    created_by: str,
    notes: str | None,
) -> BatchOut:
    """The batch exactly as read."""
    return BatchOut(
        id=state.id,
        order=state.order_number,
        quantity=state.quantity,
        status=BatchStatus(state.status),
        step=state.step,
        good=state.good,
        scrap=state.scrap,
        notes=notes,
        created_by=created_by,
        created_at=created_at,
        updated_at=state.updated_at,
        finished_at=None,
        steps=[BatchStepOut.model_construct(**s) for s in steps],
    )
