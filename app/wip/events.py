"""WIP events as clients see them: an outbox row as the fields of its `{"type": "event"}`
message (API.md, "WIP" and "Quantity batches"). One definition for the WebSocket
(`app.realtime.messages`) and for the snapshot, which takes back out the events not numbered
yet (`app.wip.service`).

A unit event carries the unit's move: `serial`, `order`, `line_id`, `from_step`, `to_step`,
`from_workstation_id`, `to_workstation_id`, `status`. A batch step event carries `batch`,
`order`, `step`, `workstation_id`, `quantity` (the step's `quantity_in`), `good` and `scrap`
(null when started), `status` (the batch's after the command) and `line_id` (the batch's).
"""

from __future__ import annotations

import json
from typing import Any

from app.models import BatchEventType

BATCH_STEP_STARTED = BatchEventType.STEP_STARTED.value
BATCH_STEP_COMPLETED = BatchEventType.STEP_COMPLETED.value
BATCH_EVENTS = frozenset((BATCH_STEP_STARTED, BATCH_STEP_COMPLETED))


def payload_of(payload: Any) -> dict[str, Any]:
    """An outbox payload as a dict (JSONB arrives as text from some drivers)."""
    if isinstance(payload, str | bytes):
        payload = json.loads(payload)
    return payload if isinstance(payload, dict) else {}


def wip_event(
    type_: str,
    serial: str | None,
    order: str | None,
    line_id: int | None,
    from_step: int | None,
    to_step: int | None,
    from_workstation_id: int | None,
    to_workstation_id: int | None,
    status: str | None,
    payload: Any,
) -> dict[str, Any]:
    """The event fields of an outbox row (no `type`, `seq` or `at`: the message adds them)."""
    if type_ in BATCH_EVENTS:
        body = payload_of(payload)
        workstation_id = body.get("workstation_id")
        if workstation_id is None:  # the columns say it too: the step's workstation
            workstation_id = (
                to_workstation_id if type_ == BATCH_STEP_STARTED else from_workstation_id
            )
        return {
            "event": type_,
            "batch": body.get("batch"),
            "order": order,
            "step": body.get("step", to_step),
            "workstation_id": workstation_id,
            "quantity": body.get("quantity"),
            "good": body.get("good"),
            "scrap": body.get("scrap"),
            "status": status,
            "line_id": line_id,
        }
    return {
        "event": type_,
        "serial": serial,
        "order": order,
        "line_id": line_id,
        "from_step": from_step,
        "to_step": to_step,
        "from_workstation_id": from_workstation_id,
        "to_workstation_id": to_workstation_id,
        "status": status,
    }
